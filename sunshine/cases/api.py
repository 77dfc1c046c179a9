"""The cases API (/api/v1/cases/): register, list, read a case, my tasks, a task's options,
claim and complete. Thin views over cases.services and cases.selectors."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.cases import pinned, selectors, services
from sunshine.cases import serializers as s
from sunshine.cases.outcome.rules import is_decision_step
from sunshine.catalog.selectors import version_get
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import Conflict
from sunshine.flows.engine import executor
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref


class CasesAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def case(self, pk: int, status: int = 200) -> Response:
        return Response(s.CaseOutput(selectors.case_get(actor=self.actor, pk=pk)).data, status=status)


class CaseListAPI(CasesAPIView):
    @extend_schema(
        operation_id="cases_list",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR),
            OpenApiParameter("q", OpenApiTypes.STR),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(s.CaseSummaryOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        params = request.query_params
        cases = selectors.case_list(actor=self.actor, status=params.get("status", ""), q=params.get("q", ""))
        return self.paginate(cases, s.CaseSummaryOutput)

    @extend_schema(request=s.CaseRegisterInput, responses={201: s.CaseOutput, **ERROR_RESPONSES})
    def post(self, request):
        """Register an application of a published power (the caller is the first-contact officer)."""
        data = dict(self.parse(s.CaseRegisterInput))
        version = ref(version_get, "power_version", actor=self.actor, pk=data.pop("power_version"))
        case = services.case_register(actor=self.actor, version=version, **data)
        return self.case(case.pk, 201)


class CaseDetailAPI(CasesAPIView):
    @extend_schema(responses={200: s.CaseOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return self.case(pk)


class MyTasksAPI(CasesAPIView):
    @extend_schema(
        operation_id="cases_my_tasks",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(s.TaskOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The caller's open steps, soonest due first."""
        return self.paginate(selectors.my_tasks(actor=self.actor), s.TaskOutput)


class TaskOptionsAPI(CasesAPIView):
    @extend_schema(responses={200: s.OptionOutput(many=True), **ERROR_RESPONSES})
    def get(self, request, pk: int):
        """The choices to make when completing the step (the gateway after it); empty: none."""
        task = selectors.task_get(actor=self.actor, pk=pk)
        options = executor.options_after(pinned.xml(task.case), task.element_id)
        return Response([{"label": o.label, "flow_id": o.flow_id} for o in options])


class TaskClaimAPI(CasesAPIView):
    @extend_schema(request=None, responses={200: s.CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        task = selectors.task_get(actor=self.actor, pk=pk)
        services.task_claim(actor=self.actor, task=task)
        return self.case(task.case_id)


class TaskCompleteAPI(CasesAPIView):
    @extend_schema(request=s.TaskCompleteInput, responses={200: s.CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        task = selectors.task_get(actor=self.actor, pk=pk)
        if is_decision_step(pinned.xml(task.case), task.element_id):
            raise Conflict(
                "decision_required",
                _("该环节是决定环节，请通过 tasks/%(id)s/decision 作出决定") % {"id": task.pk},
                rule="OUT-1",
            )
        services.task_complete(actor=self.actor, task=task, **self.parse(s.TaskCompleteInput))
        return self.case(task.case_id)
