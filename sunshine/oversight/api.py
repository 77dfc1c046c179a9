"""The oversight API (/api/v1/oversight/): alerts listed and read in scope, and their handling.
Thin views: parse, call a selector or service, answer (core.api maps domain errors to JSON)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.org import selectors as org_selectors
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref
from sunshine.oversight import records, selectors, services
from sunshine.oversight import serializers as s
from sunshine.oversight.choices import AlertKind


class OversightAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def alert(self, pk: int):
        return selectors.alert_get(actor=self.actor, pk=pk)

    def answer(self, alert) -> Response:
        return Response(s.AlertOutput(self.alert(alert.pk)).data)


class AlertListAPI(OversightAPIView):
    @extend_schema(
        operation_id="oversight_alerts_list",
        parameters=[
            OpenApiParameter("level", OpenApiTypes.STR, enum=["yellow", "red"]),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=AlertKind.values, description="time limit or anomaly kind"
            ),
            OpenApiParameter(
                "status", OpenApiTypes.STR, description="a state, or 'all'; default: not closed"
            ),
            OpenApiParameter("department", OpenApiTypes.INT),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(s.AlertOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Alerts in scope, newest first."""
        query = self.parse(s.AlertListQuery, data=request.query_params)
        department = None
        if "department" in query:
            department = ref(
                org_selectors.unit_get,
                "department",
                actor=self.actor,
                unit_id=query["department"],
                perm="oversight.view",
            )
        alerts = selectors.alert_list(
            actor=self.actor,
            level=query.get("level", ""),
            kind=query.get("kind", ""),
            status=query.get("status", ""),
            department=department,
        )
        return self.paginate(alerts, s.AlertOutput)


class AlertDetailAPI(OversightAPIView):
    @extend_schema(responses={200: s.AlertOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.AlertOutput(self.alert(pk)).data)


class RecordAlertView(OversightAPIView):
    """The same views over record alerts (other records' clocks, oversight.records)."""

    def alert(self, pk: int):
        return selectors.record_alert_get(actor=self.actor, pk=pk)

    def answer(self, alert) -> Response:
        return Response(s.RecordAlertOutput(self.alert(alert.pk)).data)


def _action(name: str, input_class, call, *, base=OversightAPIView, output=s.AlertOutput, prefix="alerts"):
    class ActionAPI(base):
        @extend_schema(
            operation_id=f"oversight_{prefix}_{name}",
            request=input_class,
            responses={200: output, **ERROR_RESPONSES},
        )
        def post(self, request, pk: int):
            alert = self.alert(pk)
            data = dict(self.parse(input_class))
            expected = data.pop("expected_version", None)
            if "escalated_to" in data:  # the output's name for it
                data["to"] = data.pop("escalated_to")
            return self.answer(call(actor=self.actor, alert=alert, expected_version=expected, **data))

    kind = "Alert" if base is OversightAPIView else "RecordAlert"
    ActionAPI.__name__ = ActionAPI.__qualname__ = f"{kind}{name.title()}API"
    return ActionAPI


AlertAcknowledgeAPI = _action("acknowledge", s.AlertVersionInput, services.alert_acknowledge)
AlertExplainAPI = _action("explain", s.AlertExplainInput, services.alert_explain)
AlertEscalateAPI = _action("escalate", s.AlertEscalateInput, services.alert_escalate)
AlertCloseAPI = _action("close", s.AlertCloseInput, services.alert_close)


class RecordAlertListAPI(RecordAlertView):
    @extend_schema(
        operation_id="oversight_record_alerts_list",
        parameters=[
            OpenApiParameter("level", OpenApiTypes.STR, enum=["yellow", "red"]),
            OpenApiParameter(
                "status", OpenApiTypes.STR, description="a state, or 'all'; default: not closed"
            ),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(s.RecordAlertOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Alerts on the clocks of records other than cases (accountability …) in scope, newest first."""
        query = self.parse(s.RecordAlertListQuery, data=request.query_params)
        alerts = selectors.record_alert_list(
            actor=self.actor, level=query.get("level", ""), status=query.get("status", "")
        )
        return self.paginate(alerts, s.RecordAlertOutput)


class RecordAlertDetailAPI(RecordAlertView):
    @extend_schema(
        operation_id="oversight_record_alerts_retrieve",
        responses={200: s.RecordAlertOutput, **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        return Response(s.RecordAlertOutput(self.alert(pk)).data)


_record = {"base": RecordAlertView, "output": s.RecordAlertOutput, "prefix": "record_alerts"}
RecordAlertAcknowledgeAPI = _action(
    "acknowledge", s.AlertVersionInput, records.record_alert_acknowledge, **_record
)
RecordAlertExplainAPI = _action("explain", s.AlertExplainInput, records.record_alert_explain, **_record)
RecordAlertCloseAPI = _action("close", s.AlertCloseInput, records.record_alert_close, **_record)
