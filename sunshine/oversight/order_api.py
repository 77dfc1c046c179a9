"""The supervision-order API (/api/v1/oversight/orders): the register and one order in scope,
issue, reply, verify, close. Thin views: parse, call a selector or service, answer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.cases.models import Case
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput
from sunshine.core.models import User
from sunshine.org import selectors as org_selectors
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref
from sunshine.oversight import selectors as alert_selectors
from sunshine.oversight.orders import selectors, services
from sunshine.oversight.orders import serializers as s


class OrderAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def order(self, pk: int):
        return selectors.order_get(actor=self.actor, pk=pk)

    def answer(self, order, status: int = 200) -> Response:
        return Response(s.OrderOutput(self.order(order.pk)).data, status=status)


def _person(pk: int) -> User:
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise InvalidInput("not_found", _("所选责任人不存在"), field="responsible")
    return user


def _case(actor, pk: int) -> Case:
    from sunshine.core.permissions import has_permission

    case = Case.objects.select_related("department").filter(pk=pk).first()
    if case is None or not has_permission(actor, "oversight.order", case.department):
        raise InvalidInput("not_found", _("所选记录不存在或不在您的数据范围内"), field="case")
    return case


class OrderListAPI(OrderAPIView):
    @extend_schema(
        operation_id="oversight_orders_list",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=["issued", "replied", "verified", "closed"]),
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="issued and past the reply deadline"),
            OpenApiParameter("department", OpenApiTypes.INT),
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("mine", OpenApiTypes.BOOL, description="the orders I answer for, not closed"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(s.OrderOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The register (督办台账) in scope, newest first; or ``mine=true``: my open orders."""
        query = self.parse(s.OrderListQuery, data=request.query_params)
        if query.get("mine"):
            return self.paginate(selectors.my_orders(actor=self.actor), s.OrderOutput)
        department = None
        if "department" in query:
            department = ref(
                org_selectors.unit_get,
                "department",
                actor=self.actor,
                unit_id=query["department"],
                perm="oversight.view",
            )
        orders = selectors.order_list(
            actor=self.actor,
            status=query.get("status", ""),
            overdue=query.get("overdue", False),
            department=department,
            year=query.get("year"),
        )
        return self.paginate(orders.prefetch_related("replies"), s.OrderOutput)

    @extend_schema(
        operation_id="oversight_orders_issue",
        request=s.OrderIssueInput,
        responses={201: s.OrderOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Issue an order (督办, CASE-17): from a red alert, a case, or by hand with a department."""
        data = self.parse(s.OrderIssueInput)
        alert = case = department = None
        if data.get("alert"):
            alert = ref(alert_selectors.alert_get, "alert", actor=self.actor, pk=data["alert"])
        elif data.get("case"):
            case = _case(self.actor, data["case"])
        elif data.get("department"):
            department = ref(
                org_selectors.unit_get,
                "department",
                actor=self.actor,
                unit_id=data["department"],
                perm="oversight.order",
            )
        order = services.order_issue(
            actor=self.actor,
            department=department,
            responsible=_person(data["responsible"]),
            subject=data["subject"],
            requirement=data["requirement"],
            reply_workdays=data["reply_workdays"],
            alert=alert,
            case=case,
            source=data["source"],
            source_ref=data["source_ref"],
        )
        return self.answer(order, status=201)


class OrderDetailAPI(OrderAPIView):
    @extend_schema(
        operation_id="oversight_orders_retrieve", responses={200: s.OrderOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        return self.answer(self.order(pk))


def _action(name: str, input_class, call):
    class ActionAPI(OrderAPIView):
        @extend_schema(
            operation_id=f"oversight_orders_{name}",
            request=input_class,
            responses={200: s.OrderOutput, **ERROR_RESPONSES},
        )
        def post(self, request, pk: int):
            order = self.order(pk)
            data = dict(self.parse(input_class))
            expected = data.pop("expected_version", None)
            return self.answer(call(actor=self.actor, order=order, expected_version=expected, **data))

    ActionAPI.__name__ = ActionAPI.__qualname__ = f"Order{name.title()}API"
    return ActionAPI


OrderReplyAPI = _action("reply", s.OrderReplyInput, services.order_reply)
OrderVerifyAPI = _action("verify", s.OrderVerifyInput, services.order_verify)
OrderCloseAPI = _action("close", s.OrderCloseInput, services.order_close)
