"""Serializers of /api/v1/oversight/orders (input parsing and output shape only)."""

from __future__ import annotations

from rest_framework import serializers

from sunshine.oversight.choices import OrderSource, OrderStatus
from sunshine.oversight.models import OrderReply, SupervisionOrder
from sunshine.oversight.orders.services import DEFAULT_REPLY_WORKDAYS


class OrderReplyOutput(serializers.ModelSerializer):
    class Meta:
        model = OrderReply
        fields = [
            "id", "reason", "progress", "new_deadline", "replied_by", "replied_at", "verdict",
            "verify_note", "verified_by", "verified_at",
        ]  # fmt: skip


class OrderOutput(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    responsible_name = serializers.CharField(source="responsible.full_name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, allow_null=True, default=None)
    overdue = serializers.SerializerMethodField()
    replies = OrderReplyOutput(many=True, read_only=True)

    class Meta:
        model = SupervisionOrder
        fields = [
            "id", "number", "body", "year", "seq", "status", "source", "source_ref", "alert", "case",
            "case_number", "department", "department_name", "responsible", "responsible_name",
            "subject", "requirement", "issued_by", "issued_at", "reply_workdays", "reply_due",
            "replied_at", "new_deadline", "escalated_at", "closed_at", "overdue", "replies", "version",
        ]  # fmt: skip

    def get_overdue(self, order) -> bool:
        from sunshine.core import clock

        return order.status == OrderStatus.ISSUED and order.reply_due < clock.now()


class OrderListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    overdue = serializers.BooleanField(required=False, default=False)
    department = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    mine = serializers.BooleanField(required=False, default=False)


class OrderIssueInput(serializers.Serializer):
    alert = serializers.IntegerField(
        required=False, min_value=1, help_text="a red alert (sets case and department)"
    )
    case = serializers.IntegerField(required=False, min_value=1, help_text="a case (sets the department)")
    department = serializers.IntegerField(required=False, min_value=1)
    responsible = serializers.IntegerField(min_value=1)
    subject = serializers.CharField(allow_blank=True)
    requirement = serializers.CharField(allow_blank=True)
    reply_workdays = serializers.IntegerField(required=False, default=DEFAULT_REPLY_WORKDAYS)
    source = serializers.ChoiceField(
        choices=OrderSource.choices,
        required=False,
        default=OrderSource.MANUAL,
        help_text="manual or decision (a follow-up of another module); alert and case come with their id",
    )
    source_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class OrderVersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(required=False, min_value=1)


class OrderReplyInput(OrderVersionInput):
    reason = serializers.CharField(allow_blank=True)
    progress = serializers.CharField(allow_blank=True)
    new_deadline = serializers.DateTimeField(allow_null=True)


class OrderVerifyInput(OrderVersionInput):
    accepted = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, required=False, default="")


class OrderCloseInput(OrderVersionInput):
    note = serializers.CharField(allow_blank=True, required=False, default="")
