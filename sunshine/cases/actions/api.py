"""The task actions in the cases API (/api/v1/cases/, ADR 0006): send back, transfer, delegate,
answer and take back a delegation, a step's send-back targets, the case's action log, and the
caller's stand-ins. Thin views over cases.actions; refusals are 4xx with the rule."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework.response import Response

from sunshine.cases import selectors
from sunshine.cases.action_models import CaseCopy, StandIn, TaskAction
from sunshine.cases.actions import copy as case_copies
from sunshine.cases.actions import delegate, send_back, stand_in, transfer
from sunshine.cases.api import CasesAPIView
from sunshine.cases.serializers import CaseOutput, TaskOutput
from sunshine.core.api import ERROR_RESPONSES
from sunshine.core.errors import NotFound


class SendBackInput(drf.Serializer):
    to_task = drf.IntegerField(help_text="id of a step listed by send-back-targets")
    reason = drf.CharField(allow_blank=True, required=False)


class PersonInput(drf.Serializer):
    to_user = drf.IntegerField(help_text="account id")
    reason = drf.CharField(allow_blank=True, required=False)


class OpinionInput(drf.Serializer):
    opinion = drf.CharField(allow_blank=True, required=False)


class ActionOutput(drf.ModelSerializer):
    task_name = drf.CharField(source="task.name", read_only=True)
    actor_name = drf.CharField(source="actor.full_name", read_only=True)
    on_behalf_of_name = drf.CharField(source="on_behalf_of.full_name", default=None, read_only=True)
    person_name = drf.CharField(source="person.full_name", default=None, read_only=True)

    class Meta:
        model = TaskAction
        fields = [
            "id",
            "task",
            "task_name",
            "kind",
            "actor",
            "actor_name",
            "on_behalf_of",
            "on_behalf_of_name",
            "person",
            "person_name",
            "reopened",
            "reason",
            "created_at",
        ]


class StandInInput(drf.Serializer):
    person = drf.IntegerField(help_text="account id of the person away")
    stand_in = drf.IntegerField(help_text="account id of the stand-in")
    starts_on = drf.DateField()
    ends_on = drf.DateField()
    reason = drf.CharField(allow_blank=True, required=False)


class StandInOutput(drf.ModelSerializer):
    class Meta:
        model = StandIn
        fields = ["id", "person", "stand_in", "starts_on", "ends_on", "reason", "revoked_at", "created_by"]


class TaskActionAPI(CasesAPIView):
    def task(self, pk: int):
        return selectors.task_get(actor=self.actor, pk=pk)


class SendBackTargetsAPI(TaskActionAPI):
    @extend_schema(
        operation_id="cases_task_send_back_targets", responses={200: TaskOutput(many=True), **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        """The earlier steps the step may be sent back to (退回, TASK-1), nearest first."""
        return Response(TaskOutput(send_back.targets(self.task(pk)), many=True).data)


class SendBackAPI(TaskActionAPI):
    @extend_schema(request=SendBackInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """退回: back to an earlier step with a reason; that step reopens for the person who did it."""
        task = self.task(pk)
        data = self.parse(SendBackInput)
        target = task.case.tasks.filter(pk=data["to_task"]).first()
        send_back.task_send_back(actor=self.actor, task=task, to_task=target, reason=data.get("reason", ""))
        return self.case(task.case_id)


class TransferAPI(TaskActionAPI):
    @extend_schema(request=PersonInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """转办: to a colleague holding the same post (TASK-2)."""
        task = self.task(pk)
        data = self.parse(PersonInput)
        transfer.task_transfer(
            actor=self.actor, task=task, to_user=data["to_user"], reason=data.get("reason", "")
        )
        return self.case(task.case_id)


class DelegateAPI(TaskActionAPI):
    @extend_schema(request=PersonInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """委派: ask a person of one's department for an opinion (TASK-3); ``reason`` is the request."""
        task = self.task(pk)
        data = self.parse(PersonInput)
        delegate.task_delegate(
            actor=self.actor, task=task, to_user=data["to_user"], note=data.get("reason", "")
        )
        return self.case(task.case_id)


class DelegationReplyAPI(TaskActionAPI):
    @extend_schema(request=OpinionInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """The delegate's opinion: the step returns to its owner."""
        task = self.task(pk)
        delegate.delegation_reply(
            actor=self.actor, task=task, opinion=self.parse(OpinionInput).get("opinion", "")
        )
        return self.case(task.case_id)


class DelegationTakeBackAPI(TaskActionAPI):
    @extend_schema(request=None, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """收回: the owner takes the step back before the delegate answers."""
        task = self.task(pk)
        delegate.delegation_take_back(actor=self.actor, task=task)
        return self.case(task.case_id)


class CaseActionsAPI(CasesAPIView):
    @extend_schema(
        operation_id="cases_actions_list", responses={200: ActionOutput(many=True), **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        """The case's action log (退回, 转办, 委派, 收回, 代理办理), oldest first."""
        case = selectors.case_get(actor=self.actor, pk=pk)
        actions = case.task_actions.select_related("task", "actor", "on_behalf_of", "person")
        return Response(ActionOutput(actions.order_by("created_at", "pk"), many=True).data)


class StandInListAPI(CasesAPIView):
    @extend_schema(
        operation_id="cases_stand_ins_list", responses={200: StandInOutput(many=True), **ERROR_RESPONSES}
    )
    def get(self, request):
        """The stand-ins for the caller, by the caller, and named by the caller."""
        return Response(StandInOutput(stand_in.stand_ins_of(self.actor), many=True).data)

    @extend_schema(request=StandInInput, responses={201: StandInOutput, **ERROR_RESPONSES})
    def post(self, request):
        """代理: name a stand-in for oneself, or as their leader for a person (CASE-13, TASK-4)."""
        record = stand_in.stand_in_name(actor=self.actor, **self.parse(StandInInput))
        return Response(StandInOutput(record).data, status=201)


class StandInRevokeAPI(CasesAPIView):
    @extend_schema(request=None, responses={200: StandInOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        record = StandIn.objects.filter(pk=pk).first()
        if record is None:
            raise NotFound("no_stand_in", _("没有该代理"))
        return Response(StandInOutput(stand_in.stand_in_revoke(actor=self.actor, stand_in=record)).data)


class CopyInput(drf.Serializer):
    readers = drf.ListField(child=drf.IntegerField(), help_text="account ids")
    note = drf.CharField(allow_blank=True, required=False)


class CopyOutput(drf.ModelSerializer):
    case_number = drf.CharField(source="case.number", read_only=True)
    subject = drf.CharField(source="case.subject", read_only=True)
    sent_by_name = drf.CharField(source="sent_by.full_name", read_only=True)

    class Meta:
        model = CaseCopy
        fields = ["id", "case", "case_number", "subject", "task", "reader", "sent_by", "sent_by_name", "note"]
        fields += ["created_at", "read_at"]


class CopyAPI(TaskActionAPI):
    @extend_schema(request=CopyInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """抄送: readers may read the case (not handle it), listed under their copies (TASK-5)."""
        task = self.task(pk)
        data = self.parse(CopyInput)
        case_copies.case_copy(actor=self.actor, task=task, readers=data["readers"], note=data.get("note", ""))
        return self.case(task.case_id)


class CopiesAPI(CasesAPIView):
    @extend_schema(
        operation_id="cases_copies_list", responses={200: CopyOutput(many=True), **ERROR_RESPONSES}
    )
    def get(self, request):
        """抄送我的: the cases copied to the caller, unread first."""
        return Response(CopyOutput(case_copies.copies_for(self.actor)[:200], many=True).data)


class CopyReadAPI(CasesAPIView):
    @extend_schema(request=None, responses={200: CopyOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """Mark the case ``pk`` copied to the caller as read."""
        case = selectors.case_get(actor=self.actor, pk=pk)
        return Response(CopyOutput(case_copies.copy_mark_read(actor=self.actor, case=case)).data)
