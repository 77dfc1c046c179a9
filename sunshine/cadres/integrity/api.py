"""/api/v1/cadres/files/: a cadre's integrity file (a logged read, IFL-1), the readers the discipline
office approved and the reads, the pre-promotion opinions (SUP-115..118) and the dashboard of open
matters. Thin views: parse, resolve references, call a service."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sunshine.cadres.integrity import services
from sunshine.cadres.integrity.models import FileRead, FileReadGrant, PromotionOpinion
from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.core.errors import InvalidInput
from sunshine.core.models import User
from sunshine.org.api import PAGE_PARAMETERS, paginated


def user(pk, field: str):
    found = User.objects.filter(pk=pk, is_active=True).first() if pk is not None else None
    if found is None:
        raise InvalidInput("not_found", _("所选人员不存在"), field=field)
    return found


# --- Serializers ------------------------------------------------------------------------------------


class IntegrityEntryOutput(serializers.Serializer):
    section = serializers.CharField()
    occurred_on = serializers.DateField()
    title = serializers.CharField()
    summary = serializers.CharField()
    source = serializers.CharField()
    url = serializers.CharField()
    vetoes_until = serializers.DateField(allow_null=True)
    veto_open = serializers.BooleanField()
    defers = serializers.BooleanField()
    rule = serializers.CharField()


class IntegrityFindingOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["veto", "defer", "issue"])
    rule = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    until = serializers.DateField(allow_null=True)


class IntegrityFileOutput(serializers.Serializer):
    cadre = serializers.IntegerField(source="cadre.pk")
    cadre_name = serializers.SerializerMethodField()
    body = serializers.IntegerField(source="body.pk", allow_null=True)
    today = serializers.DateField()
    conclusion = serializers.SerializerMethodField()
    findings = IntegrityFindingOutput(many=True)
    entries = IntegrityEntryOutput(many=True)

    def get_cadre_name(self, file) -> str:
        return services.name_of(file.cadre)

    def get_conclusion(self, file) -> str:
        return services.conclusion_of(file.findings)


class IntegrityCadreOutput(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    name = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")


class IntegrityGrantOutput(serializers.ModelSerializer):
    class Meta:
        model = FileReadGrant
        fields = [
            "id", "body", "reader", "cadre", "reason", "starts_on", "ends_on", "approved_by", "approved_at",
            "revoked_at", "revoked_by", "revoke_reason", "version",
        ]  # fmt: skip


class IntegrityGrantInput(serializers.Serializer):
    reader = serializers.IntegerField()
    cadre = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class IntegrityReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class IntegrityReadOutput(serializers.ModelSerializer):
    class Meta:
        model = FileRead
        fields = ["id", "body", "reader", "cadre", "at", "via", "kind", "grant", "rule"]


class IntegrityOpinionOutput(serializers.ModelSerializer):
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = PromotionOpinion
        fields = [
            "id", "body", "cadre", "current_post", "proposed_post", "note", "status", "requested_by",
            "requested_at", "workdays", "due_at", "is_late", "answered_by", "answered_at", "conclusion",
            "findings", "other_veto_reason", "collective_opinion", "discussed_on", "version",
        ]  # fmt: skip


class IntegrityOpinionInput(serializers.Serializer):
    cadre = serializers.IntegerField()
    current_post = serializers.CharField(allow_blank=True)
    proposed_post = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True, required=False, default="")


class IntegrityAnswerInput(serializers.Serializer):
    collective_opinion = serializers.CharField(allow_blank=True)
    discussed_on = serializers.DateField()
    other_veto_reason = serializers.CharField(allow_blank=True, required=False, default="")
    version = serializers.IntegerField(required=False)


class IntegrityMatterOutput(serializers.Serializer):
    area = serializers.CharField()
    title = serializers.CharField()
    person = serializers.CharField()
    clock_label = serializers.CharField()
    due = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()
    url = serializers.CharField()
    rule = serializers.CharField()


# --- Views ------------------------------------------------------------------------------------------


class IntegrityAPIView(ServiceAPIView):
    @property
    def actor(self):
        return self.request.user


class CadreListAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_cadres_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(IntegrityCadreOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The cadres whose files the discipline office keeps (its bodies' staff with an account)."""
        people = services.cadre_list(actor=self.actor, query=request.query_params.get("q", ""))
        return self.paginate(people, IntegrityCadreOutput)


class FileAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_retrieve", responses={200: IntegrityFileOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        """A cadre's file assembled now, with its findings (a logged read; refused: 403, IFL-1)."""
        cadre = services.cadre_get(actor=self.actor, pk=pk)
        return Response(IntegrityFileOutput(services.file_read(actor=self.actor, cadre=cadre)).data)


class GrantListAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_grants_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(IntegrityGrantOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        return self.paginate(services.grant_list(actor=self.actor), IntegrityGrantOutput)

    @extend_schema(
        operation_id="cadres_files_grants_create",
        request=IntegrityGrantInput,
        responses={201: IntegrityGrantOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Approve one reader for one cadre's file, for a reason and a period (IFL-1)."""
        data = self.parse(IntegrityGrantInput)
        grant = services.grant_approve(
            actor=self.actor,
            reader=user(data["reader"], "reader"),
            cadre=user(data["cadre"], "cadre"),
            reason=data["reason"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        return Response(IntegrityGrantOutput(grant).data, status=201)


class GrantRevokeAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_grants_revoke",
        request=IntegrityReasonInput,
        responses={200: IntegrityGrantOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        data = self.parse(IntegrityReasonInput)
        grant = services.grant_get(actor=self.actor, pk=pk)
        return Response(
            IntegrityGrantOutput(
                services.grant_revoke(actor=self.actor, grant=grant, reason=data["reason"])
            ).data
        )


class ReadListAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_reads_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(IntegrityReadOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """Every read of the files of the office's bodies, allowed or refused (IFL-1)."""
        return self.paginate(services.read_list(actor=self.actor), IntegrityReadOutput)


class OpinionListAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_opinions_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(IntegrityOpinionOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        return self.paginate(
            services.opinion_list(actor=self.actor, status=request.query_params.get("status", "")),
            IntegrityOpinionOutput,
        )

    @extend_schema(
        operation_id="cadres_files_opinions_request",
        request=IntegrityOpinionInput,
        responses={201: IntegrityOpinionOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        """Send 《拟提拔任用干部征求意见表》 to the discipline office (SUP-115(1))."""
        data = self.parse(IntegrityOpinionInput)
        opinion = services.opinion_request(
            actor=self.actor,
            cadre=user(data["cadre"], "cadre"),
            current_post=data["current_post"],
            proposed_post=data["proposed_post"],
            note=data["note"],
        )
        return Response(IntegrityOpinionOutput(opinion).data, status=201)


class OpinionDetailAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_opinions_retrieve",
        responses={200: IntegrityOpinionOutput, **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        return Response(IntegrityOpinionOutput(services.opinion_get(actor=self.actor, pk=pk)).data)


class OpinionAnswerAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_opinions_answer",
        request=IntegrityAnswerInput,
        responses={200: IntegrityOpinionOutput, **ERROR_RESPONSES},
    )
    def post(self, request, pk: int):
        """Answer from the file: veto (SUP-116) and deferral (SUP-118) computed, collective opinion."""
        data = self.parse(IntegrityAnswerInput)
        opinion = services.opinion_get(actor=self.actor, pk=pk)
        answered = services.opinion_answer(
            actor=self.actor,
            opinion=opinion,
            collective_opinion=data["collective_opinion"],
            discussed_on=data["discussed_on"],
            other_veto_reason=data["other_veto_reason"],
            expected_version=data.get("version"),
        )
        return Response(IntegrityOpinionOutput(answered).data)


class MatterListAPI(IntegrityAPIView):
    @extend_schema(
        operation_id="cadres_files_matters_list",
        responses={200: IntegrityMatterOutput(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        """The discipline office's open cadre matters of every area, late first."""
        rows = [row for _area, group in services.open_matters(actor=self.actor) for row in group]
        return Response(IntegrityMatterOutput(rows, many=True).data)
