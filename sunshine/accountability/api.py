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


# --- Stage actions: one table, input → the service's arguments ---------------------------------------


def _user(acase, pk, field: str):
    return user(pk, field)


def _grounds(acase, ids, field: str):
    return grounds(ids)


def _sanctions(acase, ids, field: str):
    return sanctions(ids)


def _member(acase, pk, field: str):
    member = acase.members.filter(pk=pk).first()
    if member is None:
        raise InvalidInput("not_found", _("该成员不在本案调查组中"), field=field)
    return member


def _participants(acase, rows, field: str):
    return [(user(p["user"], field), p["objected"]) for p in rows]


# name → (input, service, resolvers: field → how its ids become records); every other input field
# goes to the service as it is, under its own name.
ACTIONS = {
    "dismiss": (s.AccDismissInput, services.case_dismiss, {}),
    "open": (s.AccOpenInput, services.case_open, {"approved_by": _user, "grounds": _grounds}),
    "members": (s.AccMemberInput, services.member_add, {"user": _user}),
    "withdraw": (s.AccWithdrawInput, services.member_withdraw, {"member": _member}),
    "extend": (s.AccExtendInput, services.case_extend, {"approved_by": _user}),
    "propose": (s.AccSanctionsInput, services.case_propose, {"sanctions": _sanctions}),
    "statement": (s.AccStatementInput, services.statement_record, {}),
    "split-chain": (
        s.AccChainInput,
        services.split_chain,
        {"handler_task": task, "reviewer_task": task, "approver_task": task},
    ),
    "split-collective": (
        s.AccCollectiveInput,
        services.split_collective,
        {"chair": _user, "participants": _participants},
    ),
    "split-leaders": (s.AccLeadersInput, services.split_leaders, {"principal": _user, "in_charge": _user}),
    "factors": (s.AccFactorInput, services.factor_record, {}),
    "report": (s.AccReportInput, services.case_report, {}),
    "decide": (s.AccDecideInput, services.case_decide, {"sanctions": _sanctions}),
    "serve": (s.AccServeInput, services.case_serve, {}),
    "appeal": (s.AccAppealInput, services.case_appeal, {}),
    "review": (s.AccReviewInput, services.case_review, {"sanctions": _sanctions}),
    "close": (s.AccCloseInput, services.case_close, {}),
}


def _action_view(name: str, input_class, service, resolvers: dict):
    class ActionAPI(AccountabilityAPIView):
        @extend_schema(
            operation_id=f"accountability_cases_{name.replace('-', '_')}",
            request=input_class,
            responses={200: s.AccCaseOutput, **ERROR_RESPONSES},
        )
        def post(self, request, pk: int):
            acase = self.acase(pk)
            data = dict(self.parse(input_class))
            expected = data.pop("expected_version", None)
            for field, resolve in resolvers.items():
                data[field] = resolve(acase, data.get(field), field)
            return self.answer(service(actor=self.actor, acase=acase, expected_version=expected, **data))

    ActionAPI.__name__ = ActionAPI.__qualname__ = "Case" + name.title().replace("-", "") + "API"
    return ActionAPI


ACTION_VIEWS = {name: _action_view(name, *spec) for name, spec in ACTIONS.items()}
