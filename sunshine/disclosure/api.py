"""The disclosure API (/api/v1/disclosure/, staff): plans with their due periods and publishing;
information requests with register, assign, extend, answer and the applicant's identity (handler
only, audited). Outside the scope: 404. The public pages need no API."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.fields import DateTimeField
from rest_framework.response import Response

from sunshine.core import clock
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput, NotFound
from sunshine.disclosure import selectors, services
from sunshine.disclosure import serializers as s
from sunshine.org.api import PAGE_PARAMETERS, paginated
from sunshine.org.models import Unit


class DisclosureAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user


DUE_FIELD = DateTimeField()


def _plan_detail(plan) -> dict:
    now = clock.now()
    items = list(plan.items.select_related("plan", "plan__body"))
    rows = services.due_rows(items)
    data = s.PlanOutput(plan).data
    data["items"] = []
    for item in items:
        entry = s.PlanItemOutput(item).data
        entry["periods"] = [
            {
                "period": r.period.key,
                "label": r.period.label,
                "due_at": DUE_FIELD.to_representation(r.due_at),
                "state": r.state(now),
                "publication": r.publication.pk if r.publication else None,
            }
            for r in rows
            if r.item.pk == item.pk
        ]
        data["items"].append(entry)
    return data  # already serialized, in the shape of PlanDetailOutput


class PlanListAPI(DisclosureAPIView):
    @extend_schema(
        operation_id="disclosure_plans_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(s.PlanOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Disclosure plans of the bodies in scope (PUB-2)."""
        return self.paginate(selectors.plan_list(actor=self.actor), s.PlanOutput)


class PlanDetailAPI(DisclosureAPIView):
    @extend_schema(
        operation_id="disclosure_plans_retrieve", responses={200: s.PlanDetailOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        """A plan with each item's periods, due dates (SUP-124) and state."""
        return Response(_plan_detail(selectors.plan_get(actor=self.actor, pk=pk)))


class PublishAPI(DisclosureAPIView):
    @extend_schema(
        operation_id="disclosure_items_publish",
        request=s.PublishInput,
        responses={201: s.DisclosurePublicationOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int, item_id: int):
        """Publish an item for a period; it appears on the portal at once."""
        plan = selectors.plan_get(actor=self.actor, pk=pk)
        item = plan.items.filter(pk=item_id).select_related("plan", "plan__body").first()
        if item is None:
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"))
        data = self.parse(s.PublishInput)
        publication = services.publication_publish(actor=self.actor, item=item, **data)
        return Response(s.DisclosurePublicationOutput(publication).data, status=201)


class RequestListAPI(DisclosureAPIView):
    @extend_schema(
        operation_id="disclosure_requests_list",
        parameters=[s.RequestListQuery, *PAGE_PARAMETERS],
        responses={200: paginated(s.RequestOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Information requests in scope or given to me, newest first."""
        query = self.parse(s.RequestListQuery, data=request.query_params)
        return self.paginate(selectors.request_list(actor=self.actor, **query), s.RequestOutput)

    @extend_schema(
        operation_id="disclosure_requests_register",
        request=s.RequestRegisterInput,
        responses={201: s.RequestRegisteredOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Register a request received by letter, fax, e-mail, phone or in person (PUB-208); the answer
        holds the secret, once."""
        data = dict(self.parse(s.RequestRegisterInput))
        body = Unit.objects.filter(pk=data["body"], kind="body").first()
        if body is None:
            raise InvalidInput("not_found", _("所选记录不存在"), field="body")
        data["body"] = body
        info_request, secret = services.request_file(actor=self.actor, **data)
        return Response({"request": s.RequestOutput(info_request).data, "secret": secret}, status=201)


class RequestDetailAPI(DisclosureAPIView):
    @extend_schema(
        operation_id="disclosure_requests_retrieve", responses={200: s.RequestOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        return Response(s.RequestOutput(selectors.request_get(actor=self.actor, pk=pk)).data)


class RequestIdentityAPI(DisclosureAPIView):
    @extend_schema(
        operation_id="disclosure_requests_identity",
        responses={200: s.RequestIdentityOutput, **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        """The applicant's name and contact, for the assigned handler; each call is an audited read."""
        info_request = selectors.request_get(actor=self.actor, pk=pk)
        identity = services.request_identity_read(actor=self.actor, request=info_request)
        response = Response(s.RequestIdentityOutput(identity).data)
        response["Cache-Control"] = "no-store"
        return response


def _action(name: str, input_class, call, resolve=None):
    class ActionAPI(DisclosureAPIView):
        @extend_schema(
            operation_id=f"disclosure_requests_{name}",
            request=input_class,
            responses={200: s.RequestOutput, **ERROR_RESPONSES},
        )
        def post(self, request, pk: int):
            info_request = selectors.request_get(actor=self.actor, pk=pk)
            data = dict(self.parse(input_class))
            if resolve:
                resolve(data)
            result = call(actor=self.actor, request=info_request, **data)
            return Response(s.RequestOutput(selectors.request_get(actor=self.actor, pk=result.pk)).data)

    ActionAPI.__name__ = ActionAPI.__qualname__ = f"Request{name.title()}API"
    return ActionAPI


def _assign(data):
    handler = get_user_model().objects.filter(pk=data["handler"]).first()
    if handler is None:
        raise InvalidInput("not_found", _("所选记录不存在"), field="handler")
    data["handler"] = handler


AssignAPI = _action("assign", s.RequestAssignInput, services.request_assign, _assign)
ExtendAPI = _action("extend", s.RequestExtendInput, services.request_extend)
AnswerAPI = _action("answer", s.RequestAnswerInput, services.request_answer)
