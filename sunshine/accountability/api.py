"""/api/v1/accountability/: the discipline office's cases in scope (outside it: 404), registering
one and each stage action; the catalogues. Thin views: parse, resolve references, call a service."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.accountability import selectors, services
from sunshine.accountability import serializers as s
from sunshine.accountability.models import Ground, Sanction
from sunshine.cases.models import Case, CaseTask
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput
from sunshine.core.models import User
from sunshine.org import selectors as org_selectors
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref
from sunshine.oversight import selectors as alert_selectors
from sunshine.oversight.orders import selectors as order_selectors


def user(pk, field: str):
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise InvalidInput("not_found", _("所选人员不存在"), field=field)
    return found


def sanctions(ids) -> list[Sanction]:
    found = list(Sanction.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidInput("not_found", _("所选问责方式不存在（SUP-38）"), field="sanctions", rule="SUP-38")
    return found


def grounds(ids) -> list[Ground]:
    found = list(Ground.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidInput("not_found", _("所选问责情形不存在（ACC-1）"), field="grounds", rule="ACC-1")
    return found


def task(acase, pk, field: str):
    if pk is None:
        return None
    found = CaseTask.objects.filter(pk=pk, case_id=acase.case_id).select_related("completed_by").first()
    if found is None:
        raise InvalidInput(
            "not_found", _("所选环节不属于本案涉及的办件（ACC-103）"), field=field, rule="ACC-103"
        )
    return found


class AccountabilityAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def acase(self, pk: int):
        return selectors.case_get(actor=self.actor, pk=pk)

    def answer(self, acase, status: int = 200) -> Response:
        return Response(s.AccCaseOutput(self.acase(acase.pk)).data, status=status)


class CaseListAPI(AccountabilityAPIView):
    @extend_schema(
        operation_id="accountability_cases_list",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR),
            OpenApiParameter("open", OpenApiTypes.BOOL, description="only cases not closed or dismissed"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(s.AccCaseOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The accountability cases of the actor's bodies (discipline office only, ACT-1)."""
        query = self.parse(s.AccCaseListQuery, data=request.query_params)
        cases = selectors.case_list(
            actor=self.actor, open_only=query.get("open", False), status=query.get("status", "")
        )
        return self.paginate(cases, s.AccCaseOutput)

    @extend_schema(
        operation_id="accountability_cases_register",
        request=s.AccCaseRegisterInput,
        responses={201: s.AccCaseOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Register a matter (ACC-5) from its source: an alert, an order, or a reference."""
        data = self.parse(s.AccCaseRegisterInput)
        alert = order = body = case = team = None
        if data.get("alert"):
            alert = ref(alert_selectors.alert_get, "alert", actor=self.actor, pk=data["alert"])
        if data.get("order"):
            order = ref(order_selectors.order_get, "order", actor=self.actor, pk=data["order"])
        if data.get("body"):
            body = ref(
                org_selectors.unit_get, "body", actor=self.actor, unit_id=data["body"], perm=services.MANAGE
            )
        if data.get("team"):
            team = ref(
                org_selectors.unit_get, "team", actor=self.actor, unit_id=data["team"], perm=services.MANAGE
            )
        if data.get("case"):
            case = Case.objects.filter(pk=data["case"]).first()
            if case is None or not services.may_manage(self.actor, case.department):
                raise InvalidInput("not_found", _("所选记录不存在或不在您的数据范围内"), field="case")
        acase = services.case_register(
            actor=self.actor,
            body=body,
            source=data["source"],
            subject=data["subject"],
            target=data["target"],
            person=user(data.get("person"), "person"),
            team=team,
            alert=alert,
            order=order,
            case=case,
            source_ref=data["source_ref"],
            source_note=data["source_note"],
            grounds=grounds(data["grounds"]),
        )
        return self.answer(acase, status=201)


class CaseDetailAPI(AccountabilityAPIView):
    @extend_schema(
        operation_id="accountability_cases_retrieve", responses={200: s.AccCaseOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        return self.answer(self.acase(pk))


class CaseSanctionsAPI(AccountabilityAPIView):
    @extend_schema(
        operation_id="accountability_cases_sanctions",
        responses={200: s.AccSanctionOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        """The ordered sanction catalogue that applies to the case (its body and target, SUP-38)."""
        acase = self.acase(pk)
        return Response(s.AccSanctionOutput(services.catalogue(acase.body, acase.target), many=True).data)


class GroundListAPI(AccountabilityAPIView):
    @extend_schema(
        operation_id="accountability_grounds_list",
        responses={200: s.AccGroundOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The seeds' grounds catalogues (SUP-28, SUP-29, ACC-1, ACC-102)."""
        services.require_manage(self.actor)
        return Response(s.AccGroundOutput(Ground.objects.all(), many=True).data)


# --- Stage actions: each input → its service's arguments --------------------------------------------


def _dismiss(view, acase, d):
    return services.case_dismiss(
        actor=view.actor,
        acase=acase,
        verification=d["verification"],
        reason=d["reason"],
        expected_version=d.get("expected_version"),
    )


def _open(view, acase, d):
    return services.case_open(
        actor=view.actor,
        acase=acase,
        verification=d["verification"],
        approved_by=user(d["approved_by"], "approved_by"),
        grounds=grounds(d["grounds"]),
        expected_version=d.get("expected_version"),
    )


def _member(view, acase, d):
    return services.member_add(
        actor=view.actor,
        acase=acase,
        user=user(d["user"], "user"),
        is_leader=d["is_leader"],
        conflict=d["conflict"],
        expected_version=d.get("expected_version"),
    )


def _withdraw(view, acase, d):
    member = acase.members.filter(pk=d["member"]).first()
    if member is None:
        raise InvalidInput("not_found", _("该成员不在本案调查组中"), field="member")
    return services.member_withdraw(
        actor=view.actor,
        acase=acase,
        member=member,
        reason=d["reason"],
        expected_version=d.get("expected_version"),
    )


def _extend(view, acase, d):
    return services.case_extend(
        actor=view.actor,
        acase=acase,
        approved_by=user(d["approved_by"], "approved_by"),
        reason=d["reason"],
        expected_version=d.get("expected_version"),
    )


def _propose(view, acase, d):
    return services.case_propose(
        actor=view.actor,
        acase=acase,
        tier=d["tier"],
        sanctions=sanctions(d["sanctions"]),
        expected_version=d.get("expected_version"),
    )


def _statement(view, acase, d):
    return services.statement_record(
        actor=view.actor,
        acase=acase,
        statement=d["statement"],
        defence=d["defence"],
        verification=d["verification"],
        adopted=d["adopted"],
        expected_version=d.get("expected_version"),
    )


def _chain(view, acase, d):
    return services.split_chain(
        actor=view.actor,
        acase=acase,
        handler_task=task(acase, d["handler_task"], "handler_task"),
        reviewer_task=task(acase, d.get("reviewer_task"), "reviewer_task"),
        approver_task=task(acase, d.get("approver_task"), "approver_task"),
        correct=d["correct"],
        handler_fault=d["handler_fault"],
        expected_version=d.get("expected_version"),
    )


def _collective(view, acase, d):
    return services.split_collective(
        actor=view.actor,
        acase=acase,
        chair=user(d["chair"], "chair"),
        participants=[(user(p["user"], "participants"), p["objected"]) for p in d["participants"]],
        expected_version=d.get("expected_version"),
    )


def _leaders(view, acase, d):
    return services.split_leaders(
        actor=view.actor,
        acase=acase,
        principal=user(d["principal"], "principal"),
        in_charge=user(d["in_charge"], "in_charge"),
        cause=d["cause"],
        expected_version=d.get("expected_version"),
    )


def _factor(view, acase, d):
    return services.factor_record(
        actor=view.actor,
        acase=acase,
        kind=d["kind"],
        code=d["code"],
        reason=d["reason"],
        expected_version=d.get("expected_version"),
    )


def _report(view, acase, d):
    return services.case_report(
        actor=view.actor,
        acase=acase,
        facts=d["facts"],
        conclusion=d["conclusion"],
        recommendation=d["recommendation"],
        expected_version=d.get("expected_version"),
    )


def _decide(view, acase, d):
    return services.case_decide(
        actor=view.actor,
        acase=acase,
        tier=d["tier"],
        sanctions=sanctions(d["sanctions"]),
        deciding_body=d["deciding_body"],
        decision_text=d["decision_text"],
        transfer_note=d["transfer_note"],
        expected_version=d.get("expected_version"),
    )


def _serve(view, acase, d):
    return services.case_serve(
        actor=view.actor,
        acase=acase,
        received_at=d["received_at"],
        rights_stated=d["rights_stated"],
        expected_version=d.get("expected_version"),
    )


def _appeal(view, acase, d):
    return services.case_appeal(
        actor=view.actor,
        acase=acase,
        reason=d["reason"],
        appealed_at=d["appealed_at"],
        expected_version=d.get("expected_version"),
    )


def _review(view, acase, d):
    return services.case_review(
        actor=view.actor,
        acase=acase,
        outcome=d["outcome"],
        text=d["text"],
        tier=d["tier"],
        sanctions=sanctions(d["sanctions"]),
        expected_version=d.get("expected_version"),
    )


def _close(view, acase, d):
    return services.case_close(actor=view.actor, acase=acase, expected_version=d.get("expected_version"))


ACTIONS = {
    "dismiss": (s.AccDismissInput, _dismiss),
    "open": (s.AccOpenInput, _open),
    "members": (s.AccMemberInput, _member),
    "withdraw": (s.AccWithdrawInput, _withdraw),
    "extend": (s.AccExtendInput, _extend),
    "propose": (s.AccSanctionsInput, _propose),
    "statement": (s.AccStatementInput, _statement),
    "split-chain": (s.AccChainInput, _chain),
    "split-collective": (s.AccCollectiveInput, _collective),
    "split-leaders": (s.AccLeadersInput, _leaders),
    "factors": (s.AccFactorInput, _factor),
    "report": (s.AccReportInput, _report),
    "decide": (s.AccDecideInput, _decide),
    "serve": (s.AccServeInput, _serve),
    "appeal": (s.AccAppealInput, _appeal),
    "review": (s.AccReviewInput, _review),
    "close": (s.AccCloseInput, _close),
}


def _action_view(name: str, input_class, call):
    class ActionAPI(AccountabilityAPIView):
        @extend_schema(
            operation_id=f"accountability_cases_{name.replace('-', '_')}",
            request=input_class,
            responses={200: s.AccCaseOutput, **ERROR_RESPONSES},
        )
        def post(self, request, pk: int):
            acase = self.acase(pk)
            return self.answer(call(self, acase, self.parse(input_class)))

    ActionAPI.__name__ = ActionAPI.__qualname__ = "Case" + name.title().replace("-", "") + "API"
    return ActionAPI


ACTION_VIEWS = {name: _action_view(name, *spec) for name, spec in ACTIONS.items()}
