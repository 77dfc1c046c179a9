"""The outcome API under /api/v1/cases/: a case's outcome, the decision at the deciding step, a
decision change, service, publication, archiving, documents (upload, scope-checked download).
Thin views over cases.outcome's services."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from sunshine.cases import selectors
from sunshine.cases.models import Decision
from sunshine.cases.outcome import archive, decisions, delivery, documents, publication, rules
from sunshine.cases.outcome import serializers as s
from sunshine.cases.outcome import views as pages
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView


def outcome_of(case) -> dict:
    decision = Decision.objects.filter(case=case).first()
    return s.OutcomeOutput(
        {
            "decision": decision,
            "service_due": rules.service_due(decision) if decision else None,
            "deliveries": list(case.deliveries.all()),
            "publication": getattr(case, "publication", None),
            "archive": getattr(case, "archive", None),
            "major": archive.is_major(case),
            "record_filing_pending": archive.record_filing_pending(case),
            "record_filing": archive.record_filing_of(case),
            "documents": list(case.documents.all()),
        }
    ).data


class OutcomeAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def case_of(self, pk: int):
        return selectors.case_get(actor=self.actor, pk=pk)

    def outcome(self, pk: int, status: int = 200) -> Response:
        return Response(outcome_of(self.case_of(pk)), status=status)


class OutcomeAPI(OutcomeAPIView):
    @extend_schema(operation_id="cases_outcome", responses={200: s.OutcomeOutput, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        """The case's decision (with its changes), service deadline and records, publication, archive
        and documents."""
        return self.outcome(pk)


class DecisionRecordAPI(OutcomeAPIView):
    @extend_schema(request=s.DecisionInput, responses={201: s.OutcomeOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """Decide at the deciding step (the step is done with it)."""
        task = selectors.task_get(actor=self.actor, pk=pk)
        decisions.decision_record(actor=self.actor, task=task, **self.parse(s.DecisionInput))
        return self.outcome(task.case_id, 201)


class DecisionChangeAPI(OutcomeAPIView):
    @extend_schema(request=s.DecisionChangeInput, responses={200: s.OutcomeOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """Change a decision already made: a reason, before and after kept (OUT-1)."""
        case = self.case_of(pk)
        decision = Decision.objects.filter(case=case).first()
        if decision is None:
            from sunshine.core.errors import NotFound

            raise NotFound("no_decision", "该办件尚未作出决定")
        decisions.decision_change(actor=self.actor, decision=decision, **self.parse(s.DecisionChangeInput))
        return self.outcome(pk)


class DeliveryAPI(OutcomeAPIView):
    @extend_schema(request=s.DeliveryInput, responses={201: s.OutcomeOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        delivery.delivery_record(actor=self.actor, case=self.case_of(pk), **self.parse(s.DeliveryInput))
        return self.outcome(pk, 201)


class PublicationAPI(OutcomeAPIView):
    @extend_schema(request=s.PublicationInput, responses={201: s.OutcomeOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        publication.publication_record(
            actor=self.actor, case=self.case_of(pk), **self.parse(s.PublicationInput)
        )
        return self.outcome(pk, 201)


class ArchiveAPI(OutcomeAPIView):
    @extend_schema(request=s.ArchiveInput, responses={201: s.OutcomeOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        archive.case_archive(actor=self.actor, case=self.case_of(pk), **self.parse(s.ArchiveInput))
        return self.outcome(pk, 201)


class RecordFilingAPI(OutcomeAPIView):
    @extend_schema(request=s.RecordFilingInput, responses={201: s.OutcomeOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """备案 of an archived major penalty with the superior bureau (CASE-156)."""
        case = self.case_of(pk)
        data = dict(self.parse(s.RecordFilingInput))
        data["recipient"] = data.get("recipient") or archive.default_recipient(case)
        archive.record_filing_record(actor=self.actor, case=case, **data)
        return self.outcome(pk, 201)


class DocumentsAPI(OutcomeAPIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": s.DocumentsInput}, responses={201: s.OutcomeOutput, **ERROR_RESPONSES}
    )
    def post(self, request, pk: int):
        """Attach files (multipart ``documents``, optionally to one ``task`` of the case)."""
        case = self.case_of(pk)
        data = {"documents": request.FILES.getlist("documents"), "task": request.data.get("task") or None}
        parsed = self.parse(s.DocumentsInput, data=data)
        task = case.tasks.filter(pk=parsed.get("task")).first() if parsed.get("task") else None
        documents.documents_add(actor=self.actor, case=case, task=task, files=parsed["documents"])
        return self.outcome(pk, 201)


class DocumentDownloadAPI(OutcomeAPIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERROR_RESPONSES})
    def get(self, request, pk: int, doc: int):
        """The file itself, for those who may see the case."""
        return pages.download(actor=self.actor, pk=pk, doc=doc)
