"""Input and output shapes of the catalog API (/api/v1/catalog/)."""

from __future__ import annotations

from rest_framework import serializers as drf

from sunshine.catalog.choices import (
    Audience,
    Category,
    LegalLevel,
    PeriodUnit,
    ResponsibleRole,
    ReviewKind,
    ReviewOutcome,
    RiskLevel,
)
from sunshine.catalog.models import (
    DiscretionBenchmark,
    DiscretionTier,
    LegalBasis,
    Material,
    Measure,
    PowerVersion,
    Responsibility,
    Review,
    RiskPoint,
)

CONTENT_FIELDS = (
    "conditions",
    "statutory_limit",
    "statutory_unit",
    "promised_limit",
    "promised_unit",
    "fees",
    "fee_basis",
    "disclosure",
    "results_public",
    "counterpart_rights",
    "complaint_channel",
    "change_note",
)

# --- Output -----------------------------------------------------------------------------------------


class LegalBasisOutput(drf.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = ["level", "statute", "article", "text"]


class MaterialOutput(drf.ModelSerializer):
    class Meta:
        model = Material
        fields = ["name", "copies", "required", "note"]


class ResponsibilityOutput(drf.ModelSerializer):
    post_name = drf.CharField(source="post.name", default=None, read_only=True)
    person_name = drf.CharField(source="person.name", default=None, read_only=True)

    class Meta:
        model = Responsibility
        fields = ["role", "post", "post_name", "person", "person_name", "collective_body"]


class MeasureOutput(drf.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["id", "description", "responsible_person"]


class RiskPointOutput(drf.ModelSerializer):
    measures = MeasureOutput(many=True, read_only=True)

    class Meta:
        model = RiskPoint
        fields = [
            "id",
            "step_id",
            "step_name",
            "description",
            "level",
            "importance",
            "frequency",
            "likelihood",
            "is_main",
            "responsible_post",
            "responsible_person",
            "measures",
        ]


class TierOutput(drf.ModelSerializer):
    class Meta:
        model = DiscretionTier
        fields = ["grade", "band", "circumstances", "min_amount", "max_amount", "measure"]


class BenchmarkOutput(drf.ModelSerializer):
    tiers = TierOutput(many=True, read_only=True)

    class Meta:
        model = DiscretionBenchmark
        fields = ["id", "violation", "basis", "tiers"]


class ReviewOutput(drf.ModelSerializer):
    reviewer_name = drf.CharField(source="reviewer.full_name", read_only=True)

    class Meta:
        model = Review
        fields = [
            "kind",
            "outcome",
            "opinion",
            "basis_checked",
            "practice_checked",
            "name_checked",
            "reviewer",
            "reviewer_name",
            "round",
            "created_at",
        ]


class VersionSummaryOutput(drf.ModelSerializer):
    item = drf.IntegerField(source="item_id", read_only=True)
    code = drf.CharField(source="item.code", read_only=True)
    body = drf.IntegerField(source="item.body_id", read_only=True)

    class Meta:
        model = PowerVersion
        fields = [
            "id",
            "item",
            "code",
            "body",
            "number",
            "status",
            "name",
            "category",
            "audience",
            "department",
            "risk_level",
            "version",
            "published_at",
        ]


class VersionOutput(VersionSummaryOutput):
    legal_bases = LegalBasisOutput(many=True, read_only=True)
    materials = MaterialOutput(many=True, read_only=True)
    responsibilities = ResponsibilityOutput(many=True, read_only=True)
    risk_points = RiskPointOutput(many=True, read_only=True)
    benchmarks = BenchmarkOutput(many=True, read_only=True)
    reviews = ReviewOutput(many=True, read_only=True)
    flowchart = drf.SerializerMethodField()

    class Meta(VersionSummaryOutput.Meta):
        fields = [
            *VersionSummaryOutput.Meta.fields,
            *CONTENT_FIELDS,
            "review_round",
            "submitted_at",
            "superseded_at",
            "legal_bases",
            "materials",
            "responsibilities",
            "risk_points",
            "benchmarks",
            "reviews",
            "flowchart",
        ]

    def get_flowchart(self, version) -> dict | None:
        flowchart = getattr(version, "flowchart", None)
        if flowchart is None:
            return None
        return {
            "xml": flowchart.xml,
            "version": flowchart.version,
            "steps": flowchart.steps,
            "lanes": flowchart.lanes,
        }


class ProblemOutput(drf.Serializer):
    code = drf.CharField()
    message = drf.CharField()
    rule = drf.CharField(allow_null=True)
    element_id = drf.CharField(allow_null=True)


class PowerEntryOutput(drf.Serializer):
    version = VersionSummaryOutput()
    roles = drf.ListField(child=drf.CharField())
    steps = drf.ListField(child=drf.DictField())


class ReportRowOutput(drf.Serializer):
    department = drf.IntegerField(source="department.pk")
    department_name = drf.CharField(source="department.name")
    items = drf.IntegerField()
    missing = drf.DictField(child=drf.IntegerField())
    risks = drf.DictField(child=drf.IntegerField())
    posts_without_list = drf.SerializerMethodField()

    def get_posts_without_list(self, row) -> list[dict]:
        return [{"id": p.pk, "name": p.name} for p in row.posts_without_list]


# --- Input ------------------------------------------------------------------------------------------


class _ContentInput(drf.Serializer):
    """The version fields; the service checks them and names the field it refuses."""

    name = drf.CharField(required=False, allow_blank=True)
    category = drf.ChoiceField(Category.choices, required=False)
    audience = drf.ChoiceField(Audience.choices, required=False)
    department = drf.IntegerField(required=False)
    conditions = drf.CharField(required=False, allow_blank=True)
    statutory_limit = drf.IntegerField(required=False, allow_null=True)
    statutory_unit = drf.ChoiceField(PeriodUnit.choices, required=False)
    promised_limit = drf.IntegerField(required=False, allow_null=True)
    promised_unit = drf.ChoiceField(PeriodUnit.choices, required=False)
    fees = drf.CharField(required=False, allow_blank=True)
    fee_basis = drf.CharField(required=False, allow_blank=True)
    disclosure = drf.CharField(required=False, allow_blank=True)
    results_public = drf.BooleanField(required=False)
    counterpart_rights = drf.CharField(required=False, allow_blank=True)
    complaint_channel = drf.CharField(required=False, allow_blank=True)
    change_note = drf.CharField(required=False, allow_blank=True)


class ItemCreateInput(_ContentInput):
    body = drf.IntegerField(required=False, help_text="the body; implied by ``department`` when given")
    code = drf.CharField()
    name = drf.CharField()
    category = drf.ChoiceField(Category.choices)
    template = drf.ChoiceField([("permit", "permit"), ("penalty", "penalty")], required=False)


class VersionUpdateInput(_ContentInput):
    expected_version = drf.IntegerField()


class LegalBasisInput(drf.Serializer):
    level = drf.ChoiceField(LegalLevel.choices, required=False)
    statute = drf.CharField(allow_blank=True)
    article = drf.CharField(required=False, allow_blank=True)
    text = drf.CharField(required=False, allow_blank=True)


class MaterialInput(drf.Serializer):
    name = drf.CharField(allow_blank=True)
    copies = drf.IntegerField(required=False, min_value=1, max_value=99)
    required = drf.BooleanField(required=False, default=True)
    note = drf.CharField(required=False, allow_blank=True)


class ResponsibilityInput(drf.Serializer):
    role = drf.ChoiceField(ResponsibleRole.choices)
    post = drf.IntegerField(required=False, allow_null=True)
    person = drf.IntegerField(required=False, allow_null=True)
    collective_body = drf.CharField(required=False, allow_blank=True)


class RowsInput(drf.Serializer):
    rows = drf.ListField(child=drf.DictField(), max_length=500)


class TierInput(drf.Serializer):
    grade = drf.CharField(allow_blank=True)
    band = drf.CharField(required=False, allow_blank=True)
    circumstances = drf.CharField(allow_blank=True)
    min_amount = drf.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    max_amount = drf.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    measure = drf.CharField(required=False, allow_blank=True)


class BenchmarkInput(drf.Serializer):
    violation = drf.CharField(allow_blank=True)
    basis = drf.CharField(required=False, allow_blank=True)
    tiers = TierInput(many=True)


class BenchmarksInput(drf.Serializer):
    benchmarks = BenchmarkInput(many=True)


class RiskPointInput(drf.Serializer):
    step_id = drf.CharField()
    description = drf.CharField()
    level = drf.ChoiceField(RiskLevel.choices, required=False)
    importance = drf.IntegerField(required=False, min_value=1, max_value=3)
    frequency = drf.IntegerField(required=False, min_value=1, max_value=3)
    likelihood = drf.IntegerField(required=False, min_value=1, max_value=3)
    is_main = drf.BooleanField(required=False)
    responsible_post = drf.IntegerField(required=False, allow_null=True)
    responsible_person = drf.IntegerField(required=False, allow_null=True)
    measures = drf.ListField(child=drf.CharField(), required=False)


class RiskPointUpdateInput(RiskPointInput):
    step_id = drf.CharField(required=False)
    description = drf.CharField(required=False)
    measures = None
    expected_version = drf.IntegerField(help_text="the version's `version` when it was read")


class MeasureInput(drf.Serializer):
    description = drf.CharField()
    responsible_person = drf.IntegerField(required=False, allow_null=True)


class FlowchartInput(drf.Serializer):
    xml = drf.CharField(required=False, allow_blank=True)
    template = drf.ChoiceField([("permit", "permit"), ("penalty", "penalty")], required=False)
    expected_version = drf.IntegerField(required=False, help_text="the flowchart's `version`")


class ExpectedVersionInput(drf.Serializer):
    expected_version = drf.IntegerField()


class ReviewInput(drf.Serializer):
    kind = drf.ChoiceField(ReviewKind.choices)
    outcome = drf.ChoiceField(ReviewOutcome.choices)
    opinion = drf.CharField()
    basis_checked = drf.BooleanField(required=False, default=False)
    practice_checked = drf.BooleanField(required=False, default=False)
    name_checked = drf.BooleanField(required=False, default=False)


class NewVersionInput(drf.Serializer):
    change_note = drf.CharField(required=False, allow_blank=True)
