"""Core API: tokens, the current account, password change, the audit trail, the inbox."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput, NotAuthenticated
from sunshine.core.models import ApiToken, AuditRecord, Notification
from sunshine.core.notifications import notification_mark_read
from sunshine.core.permissions import RoleKind, admin_kind
from sunshine.core.selectors import audit_get, audit_head, audit_list, get_or_not_found, notification_list
from sunshine.core.services import api_token_issue, api_token_revoke, login_attempt, password_change


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=64)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenView(ServiceAPIView):
    """POST: exchange a username and password for a bearer token. DELETE: revoke the token in use."""

    permission_classes = [AllowAny]
    allowed_before_password_change = True

    @extend_schema(
        request=TokenRequestSerializer, responses={201: TokenSerializer, **ERROR_RESPONSES}, auth=[]
    )
    def post(self, request):
        data = self.parse(TokenRequestSerializer)
        result = login_attempt(username=data["username"], password=data["password"])
        if result.user is None:
            raise NotAuthenticated(result.code, result.message, rule=result.rule)
        token, key = api_token_issue(user=result.user)
        return Response({"token": key, "expires_at": token.expires_at}, status=201)

    @extend_schema(responses={204: None, **ERROR_RESPONSES})
    def delete(self, request):
        if request.user is None:
            raise NotAuthenticated("not_authenticated", _("请先登录或提供令牌"))
        if not isinstance(request.auth, ApiToken):
            raise InvalidInput(
                "token_required", _("请使用要吊销的令牌调用此接口（Authorization: Bearer <令牌>）")
            )
        api_token_revoke(actor=request.user, token=request.auth)
        return Response(status=204)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    must_change_password = serializers.BooleanField()
    admin_kind = serializers.ChoiceField(choices=RoleKind.choices, allow_blank=True)


class MeView(ServiceAPIView):
    allowed_before_password_change = True

    @extend_schema(responses={200: MeSerializer, **ERROR_RESPONSES})
    def get(self, request):
        user = request.user
        return Response(
            MeSerializer(
                {
                    "id": user.pk,
                    "username": user.username,
                    "full_name": user.full_name,
                    "must_change_password": user.must_change_password,
                    "admin_kind": admin_kind(user),
                }
            ).data
        )


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(trim_whitespace=False)
    new_password = serializers.CharField(trim_whitespace=False)


class PasswordChangeView(ServiceAPIView):
    allowed_before_password_change = True

    @extend_schema(request=PasswordChangeSerializer, responses={204: None, **ERROR_RESPONSES})
    def post(self, request):
        data = self.parse(PasswordChangeSerializer)
        token = request.auth if isinstance(request.auth, ApiToken) else None
        user = password_change(actor=request.user, keep_token=token, **data)
        if request.auth is None:  # a browser session: keep it alive after the change
            update_session_auth_hash(request._request, user)
        return Response(status=204)


class AuditRecordSerializer(serializers.ModelSerializer):
    actor_username = serializers.CharField(source="actor.username", default=None)
    data = serializers.JSONField(
        help_text="the hashed payload: at, actor, action, object, before, after, note"
    )

    class Meta:
        model = AuditRecord
        fields = [
            "id",
            "seq",
            "created_at",
            "actor",
            "actor_username",
            "action",
            "object_type",
            "object_id",
            "prev_hash",
            "hash",
            "data",
        ]


class AuditFilterSerializer(serializers.Serializer):
    actor = serializers.IntegerField(required=False, help_text="account id")
    action = serializers.CharField(required=False, allow_blank=True, help_text="prefix, e.g. 'auth.'")
    object_type = serializers.CharField(required=False, allow_blank=True)
    object_id = serializers.CharField(required=False, allow_blank=True)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)

    def validate(self, attrs):
        if attrs.get("since") and attrs.get("until") and attrs["since"] >= attrs["until"]:
            raise serializers.ValidationError({"until": _("截止时间必须晚于起始时间")})
        return attrs


class AuditListView(ServiceAPIView):
    @extend_schema(
        parameters=[AuditFilterSerializer],
        responses={200: AuditRecordSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        f = self.parse(AuditFilterSerializer, data=request.query_params)
        records = audit_list(
            actor=request.user,
            actor_id=f.get("actor"),
            action=f.get("action", ""),
            object_type=f.get("object_type", ""),
            object_id=f.get("object_id", ""),
            since=f.get("since"),
            until=f.get("until"),
        )
        return self.paginate(records, AuditRecordSerializer)


class AuditDetailView(ServiceAPIView):
    @extend_schema(responses={200: AuditRecordSerializer, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(AuditRecordSerializer(audit_get(actor=request.user, record_id=pk)).data)


class AuditHeadView(ServiceAPIView):
    """The chain's head: publish (count, hash) as a checkpoint; `sunshine audit verify --checkpoint`."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "AuditHead", {"count": serializers.IntegerField(), "head_hash": serializers.CharField()}
            ),
            **ERROR_RESPONSES,
        }
    )
    def get(self, request):
        return Response(audit_head(actor=request.user))


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "category", "title", "body", "link", "created_at", "read_at"]


class NotificationListView(ServiceAPIView):
    @extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="only unread messages")],
        responses={200: NotificationSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        unread = request.query_params.get("unread", "").lower() in {"1", "true", "yes"}
        return self.paginate(
            notification_list(actor=request.user, unread_only=unread), NotificationSerializer
        )


class NotificationReadView(ServiceAPIView):
    @extend_schema(request=None, responses={200: NotificationSerializer, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        note = get_or_not_found(Notification.objects.filter(recipient=request.user), pk=pk)
        return Response(
            NotificationSerializer(notification_mark_read(actor=request.user, notification=note)).data
        )
