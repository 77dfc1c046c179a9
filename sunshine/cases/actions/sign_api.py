"""加签 and 会签/或签 in the cases API (/api/v1/cases/tasks/<pk>/..., ADR 0006, TASK-6/7): a step's
signatures, add a co-signer, sign, name a countersign step's signers. Thin views over
cases.actions.sign; refusals are 4xx with the rule."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework.response import Response

from sunshine.cases.actions import sign
from sunshine.cases.actions.api import TaskActionAPI
from sunshine.cases.serializers import CaseOutput
from sunshine.cases.signer_models import Signature
from sunshine.core.api import ERROR_RESPONSES


class AddSignerInput(drf.Serializer):
    signer = drf.IntegerField(help_text="account id")
    phase = drf.CharField(help_text='"before" (前加签) or "after" (后加签)')
    note = drf.CharField(allow_blank=True, required=False)


class SignInput(drf.Serializer):
    opinion = drf.CharField(help_text='"agree" or "disagree"')
    text = drf.CharField(allow_blank=True, required=False)
    choice = drf.CharField(
        allow_blank=True,
        required=False,
        help_text="the way out, when this signature completes a countersign step followed by a gateway",
    )


class SignersInput(drf.Serializer):
    signers = drf.ListField(child=drf.IntegerField(), help_text="account ids")


class SignatureOutput(drf.ModelSerializer):
    signer_name = drf.CharField(source="signer.full_name", read_only=True)

    class Meta:
        model = Signature
        fields = ["id", "task", "signer", "signer_name", "phase", "requested_by", "note", "opinion"]
        fields += ["text", "signed_at", "withdrawn_at", "created_at"]


class SignaturesAPI(TaskActionAPI):
    @extend_schema(
        operation_id="cases_task_signatures_list",
        responses={200: SignatureOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        """The step's signatures (加签, 会签/或签): asked, given and withdrawn, oldest first."""
        task = self.task(pk)
        rows = Signature.objects.filter(task=task).select_related("signer").order_by("pk")
        return Response(SignatureOutput(rows, many=True).data)

    @extend_schema(request=AddSignerInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """加签: a person of one's department or a leader of the body signs before or after (TASK-6)."""
        task = self.task(pk)
        data = self.parse(AddSignerInput)
        sign.signer_add(
            actor=self.actor, task=task, signer=data["signer"], phase=data["phase"], note=data.get("note", "")
        )
        return self.case(task.case_id)


class SignAPI(TaskActionAPI):
    @extend_schema(request=SignInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """Sign the step one was asked to sign; the signature that completes it moves the flow on."""
        task = self.task(pk)
        data = self.parse(SignInput)
        sign.signature_sign(
            actor=self.actor,
            task=task,
            opinion=data["opinion"],
            text=data.get("text", ""),
            choice=data.get("choice", ""),
        )
        return self.case(task.case_id)


class CountersignersAPI(TaskActionAPI):
    @extend_schema(request=SignersInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def put(self, request, pk: int):
        """会签/或签: name the signers before anyone has signed (TASK-7)."""
        task = self.task(pk)
        sign.countersign_set(actor=self.actor, task=task, signers=self.parse(SignersInput)["signers"])
        return self.case(task.case_id)
