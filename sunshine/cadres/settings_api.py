"""/api/v1/cadres/settings/<body>: the body's settings for every area of the cadres app
(sunshine.cadres.body_settings); GET reads them with each area's version, PUT changes any of them
and must send back the versions it read (a stale one is 409, AUD-3)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sunshine.cadres import body_settings as bs
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import NotFound


class VersionsIO(serializers.Serializer):
    talks = serializers.IntegerField(min_value=0)
    evaluation = serializers.IntegerField(min_value=0)
    reports = serializers.IntegerField(min_value=0)
    integrity = serializers.IntegerField(min_value=0)


def _value_field(field: bs.Field, *, required: bool):
    help_text = f"{bs.label_of(field)} ({field.rule})"
    if field.decimal:
        return serializers.DecimalField(
            max_digits=6, decimal_places=2, required=required, help_text=help_text
        )
    return serializers.IntegerField(required=required, help_text=help_text)


class BodySettingsOutput(serializers.Serializer):
    body = serializers.IntegerField()
    versions = VersionsIO()
    on_defaults = serializers.ListField(child=serializers.CharField())

    def get_fields(self):
        fields = super().get_fields()
        for field in bs.FIELDS:
            fields[field.name] = _value_field(field, required=True)
        return fields

    def to_representation(self, obj):
        data = {"body": obj.body.pk, "versions": obj.versions, "on_defaults": sorted(obj.on_defaults)}
        for name, value in obj.values.items():
            data[name] = str(value) if bs.FIELD[name].decimal else value
        return data


class BodySettingsInput(serializers.Serializer):
    """Any of the settings, and ``versions`` as read (only the areas changed are checked)."""

    versions = VersionsIO(required=True)

    def get_fields(self):
        fields = super().get_fields()
        for field in bs.FIELDS:
            fields[field.name] = _value_field(field, required=False)
        return fields


class BodySettingsAPI(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user

    def body(self, pk: int):
        from sunshine.org.models import Unit

        unit = Unit.objects.filter(pk=pk).select_related("body").first()
        if unit is None:
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        return unit

    @extend_schema(operation_id="cadres_settings_get", responses={200: BodySettingsOutput, **ERROR_RESPONSES})
    def get(self, request, body: int):
        """The body's settings (the defaults for an area it has not set), with each area's version."""
        return Response(BodySettingsOutput(bs.settings_get(actor=self.actor, body=self.body(body))).data)

    @extend_schema(
        operation_id="cadres_settings_update",
        request=BodySettingsInput,
        responses={200: BodySettingsOutput, **ERROR_RESPONSES},
    )
    def put(self, request, body: int):
        """Change any of the body's settings (SUP-247, SUP-116, SUP-246, SUP-253, SUP-221..233,
        SUP-115); the organisation or discipline office of the body only."""
        data = dict(self.parse(BodySettingsInput))
        versions = data.pop("versions")
        saved = bs.settings_save(actor=self.actor, body=self.body(body), expected_versions=versions, **data)
        return Response(BodySettingsOutput(saved).data)
