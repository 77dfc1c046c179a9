"""API base: authentication, the one paginator, the one error format (STYLE §5).

Every error body is ``{"code", "message", "field"}``, plus ``"errors"`` (several fields, same shape)
and ``"rule"`` ({id, title, source}) when a rule of the seeds or of the product refused the request.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.api_auth import IsAuthenticatedAccount, SessionAuthentication, TokenAuthentication
from sunshine.core.errors import DomainError, FieldError
from sunshine.core.text import sentences


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 500

    def paginate_queryset(self, queryset, request, view=None):
        if hasattr(queryset, "ordered") and not queryset.ordered:
            raise TypeError("the API paginates ordered querysets only (STYLE §5)")
        return super().paginate_queryset(queryset, request, view)


# --- Errors ---------------------------------------------------------------------------------------


class ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField(allow_null=True)


class RuleSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="e.g. DEC-72")
    title = serializers.CharField()
    source = serializers.CharField(help_text="the regulation and article")


class ErrorSerializer(ErrorItemSerializer):
    errors = ErrorItemSerializer(many=True, required=False)
    rule = RuleSerializer(required=False)


def _flatten(detail, prefix: str = "") -> list[FieldError]:
    """DRF's nested ValidationError detail as a flat list of field errors."""
    items: list[FieldError] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):  # DRF reports a list's items as {index: errors}
                items += _flatten(value, f"{prefix}[{key}]")
                continue
            name = key if key != "non_field_errors" else ""
            items += _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict):
                items += _flatten(value, f"{prefix}[{index}]")
            else:
                items += _flatten(value, prefix)
    else:
        items.append(FieldError(prefix or None, getattr(detail, "code", "invalid") or "invalid", str(detail)))
    return items


def error_response(error: DomainError) -> Response:
    response = Response(error.as_dict(), status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return error_response(exc)
    if isinstance(exc, exceptions.ValidationError):
        items = _flatten(exc.detail)
        first = items[0] if items else FieldError(None, "invalid", _("输入有误"))
        body = {"code": first.code, "message": first.message, "field": first.field}
        if len(items) > 1:
            body["errors"] = [{"code": i.code, "message": i.message, "field": i.field} for i in items]
        return Response(body, status=400)
    if isinstance(exc, DjangoValidationError):
        messages = exc.messages
        return Response({"code": "invalid", "message": sentences(messages), "field": None}, status=400)
    if isinstance(exc, Http404):
        return Response({"code": "not_found", "message": _("记录不存在"), "field": None}, status=404)
    if isinstance(exc, PermissionDenied):
        return Response({"code": "permission_denied", "message": _("没有权限"), "field": None}, status=403)
    if isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        status = exc.status_code
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            status = 401
        response = Response({"code": code, "message": str(exc.detail), "field": None}, status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    return None


__all__ = [
    "ERROR_RESPONSES",
    "IsAuthenticatedAccount",
    "LimitOffsetPagination",
    "ServiceAPIView",
    "SessionAuthentication",
    "TokenAuthentication",
    "exception_handler",
]

ERROR_RESPONSES = {
    400: ErrorSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}


class ServiceAPIView(APIView):
    """An API view that parses input with a serializer and calls a service; nothing else."""

    def parse(self, serializer_class, data=None, **kwargs):
        serializer = serializer_class(data=self.request.data if data is None else data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def paginate(self, queryset, serializer_class):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)
