"""/api/v1/cadres/reports/: absence requests (外出请示报备) with their steps, the half-yearly summary
(SUP-18), personal major-matter reports (confidential, SUP-235) and the democratic-life-meeting list
(SUP-234). Thin views: parse, resolve references, call a service."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.cadres.reports import serializers as s
from sunshine.cadres.reports import services
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput
from sunshine.core.models import User
from sunshine.org.api import PAGE_PARAMETERS, paginated
from sunshine.org.models import Unit

HALF_YEAR = [
    OpenApiParameter("body", OpenApiTypes.INT, required=True),
    OpenApiParameter("year", OpenApiTypes.INT, required=True),
    OpenApiParameter("half", OpenApiTypes.INT, required=True, description="1 first half-year, 2 second"),
]


def _user(pk, field: str):
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise InvalidInput("not_found", _("所选人员不存在（SUP-226）"), field=field, rule="SUP-226")
    return found


def _body(pk):
    found = Unit.objects.filter(pk=pk, kind="body").first()
    if found is None:
        raise InvalidInput("not_found", _("所选单位不存在（SUP-18）"), field="body", rule="SUP-18")
    return found


class ReportsAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user


class AbsenceListAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_absences_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(s.CadreAbsenceOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The actor's own requests, those he approves and those of his bodies."""
        return self.paginate(
            services.absence_list(actor=self.actor).prefetch_related("steps"), s.CadreAbsenceOutput
        )

    @extend_schema(
        operation_id="cadres_absences_file",
        request=s.CadreAbsenceInput,
        responses={201: s.CadreAbsenceOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """File an absence request; its route is computed (SUP-14, SUP-16, SUP-17, SUP-221..225)."""
        d = self.parse(s.CadreAbsenceInput)
        d["stand_in"] = _user(d.get("stand_in"), "stand_in")
        result = services.absence_file(actor=self.actor, **d)
        return Response(s.CadreAbsenceOutput(result).data, status=201)


class AbsenceDetailAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_absences_get", responses={200: s.CadreAbsenceOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        return Response(s.CadreAbsenceOutput(services.absence_get(actor=self.actor, pk=pk)).data)


class AbsenceDecideAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_absences_decide",
        request=s.CadreDecideInput,
        responses={200: s.CadreAbsenceOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """The current step's approver (or office) acts; steps go in order (SUP-14, SUP-17)."""
        d = self.parse(s.CadreDecideInput)
        obj = services.absence_get(actor=self.actor, pk=pk)
        result = services.absence_decide(actor=self.actor, request=obj, **d)
        return Response(s.CadreAbsenceOutput(result).data)


class AbsenceWithdrawAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_absences_withdraw",
        request=s.CadreVersionInput,
        responses={200: s.CadreAbsenceOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        d = self.parse(s.CadreVersionInput)
        obj = services.absence_get(actor=self.actor, pk=pk)
        return Response(
            s.CadreAbsenceOutput(services.absence_withdraw(actor=self.actor, request=obj, **d)).data
        )


class AbsenceWrittenAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_absences_written",
        request=s.CadreVersionInput,
        responses={200: s.CadreAbsenceOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Complete an oral report in writing (SUP-229; late ones flagged)."""
        d = self.parse(s.CadreVersionInput)
        obj = services.absence_get(actor=self.actor, pk=pk)
        result = services.absence_complete_in_writing(actor=self.actor, request=obj, **d)
        return Response(s.CadreAbsenceOutput(result).data)


class AbsenceChangeAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_absences_change",
        request=s.CadreChangeInput,
        responses={200: s.CadreAbsenceOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """行程变更 (SUP-229): a new destination or end date while away, with the reason; a length that
        needs approvers the request did not have adds their steps (补充请示)."""
        d = self.parse(s.CadreChangeInput)
        obj = services.absence_get(actor=self.actor, pk=pk)
        change = services.absence_change(actor=self.actor, request=obj, **d)
        return Response(s.CadreAbsenceOutput(change.request).data)


class AbsenceReturnAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_absences_return",
        request=s.CadreReturnInput,
        responses={200: s.CadreAbsenceOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """销假 (SUP-224)."""
        d = self.parse(s.CadreReturnInput)
        obj = services.absence_get(actor=self.actor, pk=pk)
        return Response(
            s.CadreAbsenceOutput(services.absence_return(actor=self.actor, request=obj, **d)).data
        )


class SummaryAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_absences_summary",
        parameters=HALF_YEAR,
        responses={200: s.CadreSummaryRowOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The half-yearly summary of a body's absences (SUP-18)."""
        q = self.parse(s.CadreHalfYearQuery, data=request.query_params)
        rows = services.half_year_summary(
            actor=self.actor, body=_body(q["body"]), year=q["year"], half=int(q["half"])
        )
        return Response(s.CadreSummaryRowOutput(rows, many=True).data)


class MatterListAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_matters_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(s.CadreMatterOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The reports the actor may read: his own, those he reads as leader, the discipline office's."""
        return self.paginate(services.matter_list(actor=self.actor), s.CadreMatterOutput)

    @extend_schema(
        operation_id="cadres_matters_report",
        request=s.CadreMatterInput,
        responses={201: s.CadreMatterOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Report a personal major matter (SUP-233)."""
        d = self.parse(s.CadreMatterInput)
        return Response(s.CadreMatterOutput(services.matter_report(actor=self.actor, **d)).data, status=201)


class MatterDetailAPI(ReportsAPIView):
    @extend_schema(operation_id="cadres_matters_get", responses={200: s.CadreMatterOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(s.CadreMatterOutput(services.matter_get(actor=self.actor, pk=pk)).data)


class MatterWrittenAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_matters_written",
        request=s.CadreMatterWrittenInput,
        responses={200: s.CadreMatterOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        d = self.parse(s.CadreMatterWrittenInput)
        obj = services.matter_get(actor=self.actor, pk=pk)
        return Response(
            s.CadreMatterOutput(services.matter_complete_in_writing(actor=self.actor, report=obj, **d)).data
        )


class MatterAcknowledgeAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_matters_acknowledge",
        request=s.CadreAcknowledgeInput,
        responses={200: s.CadreMatterOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        d = self.parse(s.CadreAcknowledgeInput)
        obj = services.matter_get(actor=self.actor, pk=pk)
        return Response(
            s.CadreMatterOutput(services.matter_acknowledge(actor=self.actor, report=obj, **d)).data
        )


class MeetingAPI(ReportsAPIView):
    @extend_schema(
        operation_id="cadres_matters_meeting",
        parameters=HALF_YEAR,
        responses={200: s.CadreMatterOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The leading cadres' matters of a half-year for the democratic life meeting (SUP-234)."""
        q = self.parse(s.CadreHalfYearQuery, data=request.query_params)
        rows = services.meeting_list(
            actor=self.actor, body=_body(q["body"]), year=q["year"], half=int(q["half"])
        )
        return Response(s.CadreMatterOutput(rows, many=True).data)
