"""Forms of the outcome: the fields a step form gains (documents; at the deciding step, the
decision), and the pages for service, publication, archiving, a decision change and documents.
They parse input only; cases.outcome's services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cases.outcome import decisions, rules
from sunshine.cases.outcome.choices import DecisionKind, PenaltyMeasure, ServiceMethod
from sunshine.cases.outcome.documents import ALLOWED

ACCEPT = ",".join(ALLOWED)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); the service checks type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def documents_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("附件"), help_text=_("可上传 PDF、JPG、PNG、DOCX、XLSX、OFD 文件，每个不超过20MB")
    )


def basis_text(version) -> str:
    return "；".join(f"《{b.statute}》{b.article}" for b in version.legal_bases.all())


def tier_choices(version) -> list[tuple]:
    return [
        (t.pk, f"{decisions.tier_label(t)}：{t.circumstances}（{decisions.tier_range(t)}）")
        for t in decisions.version_tiers(version)
    ]


def decision_fields(version, *, initial: bool = True) -> dict[str, forms.Field]:
    """The decision's fields for the pinned ``version``: its kinds, and for a penalty its tiers."""
    kinds = rules.allowed_kinds(version.category)
    fields: dict[str, forms.Field] = {
        "kind": forms.ChoiceField(
            label=_("决定"),
            choices=[(k, DecisionKind(k).label) for k in kinds],
            widget=forms.RadioSelect,
            initial=kinds[0] if len(kinds) == 1 else None,
        ),
    }
    if DecisionKind.PENALTY in kinds:
        fields["tier"] = forms.TypedChoiceField(
            label=_("裁量档次（违法情节）"),
            coerce=int,
            required=False,
            choices=[("", _("请选择")), *tier_choices(version)],
            help_text=_("按本事项的自由裁量基准选择适用的档次（CASE-143）"),
        )
        fields["measure"] = forms.ChoiceField(
            label=_("处罚种类"), choices=[("", _("请选择")), *PenaltyMeasure.choices], required=False
        )
        fields["amount"] = forms.DecimalField(
            label=_("罚款金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
        )
        fields["measure_text"] = forms.CharField(
            label=_("处罚内容"),
            required=False,
            max_length=300,
            help_text=_("如：责令停产停业整顿一个月；暂扣安全生产许可证三个月"),
        )
        fields["range_reason"] = forms.CharField(
            label=_("超出裁量幅度的理由"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("金额或措施超出所选档次的，必须书面说明理由（CAT-128）"),
        )
    fields["reasons"] = forms.CharField(
        label=_("事实和理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    fields["legal_basis"] = forms.CharField(
        label=_("法律依据"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=basis_text(version) if initial else None,
    )
    return fields


DECISION_FIELD_NAMES = [
    "kind",
    "tier",
    "measure",
    "amount",
    "measure_text",
    "range_reason",
    "reasons",
    "legal_basis",
]


def add_step_fields(form, decision_version=None) -> None:
    """Called by cases.forms.TaskCompleteForm: documents on every step; at the deciding step the
    decision (its way out follows from the decision, so no separate choice)."""
    if decision_version is not None:
        form.fields.pop("choice", None)
        form.decision_step = True
        opinion = form.fields.pop("opinion")
        form.fields.update(decision_fields(decision_version))
        form.fields["opinion"] = opinion
    else:
        form.decision_step = False
    form.fields["documents"] = documents_field()


class OutcomeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DecisionChangeForm(OutcomeForm):
    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(decision_fields(version, initial=False))
        self.fields["reason"] = forms.CharField(
            label=_("变更理由"),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("变更前后的内容和理由均记入办件，并推送电子监察"),
        )
        self.fields["expected_version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeliveryForm(OutcomeForm):
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    recipient = forms.CharField(label=_("受送达人"), max_length=200)
    served_at = forms.DateTimeField(
        label=_("送达时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    proof = forms.CharField(
        label=_("送达凭证"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("送达回证、邮件单号、见证人或公告载体；留置送达和公告送达必须填写"),
    )


class PublicationForm(OutcomeForm):
    channel = forms.CharField(label=_("公示渠道"), max_length=200)
    starts_on = forms.DateField(
        label=_("公示开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    content = forms.CharField(label=_("公示内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class ArchiveForm(OutcomeForm):
    file_number = forms.CharField(label=_("档案号"), max_length=60)
    note = forms.CharField(
        label=_("卷宗说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecordFilingForm(OutcomeForm):
    """备案 of a major penalty (CASE-156)."""

    recipient = forms.CharField(label=_("备案机关"), max_length=200, help_text=_("默认为上级主管部门"))
    document_number = forms.CharField(label=_("备案文号"), max_length=100)
    filed_on = forms.DateField(
        label=_("备案日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("备案说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentsForm(OutcomeForm):
    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"] = forms.TypedChoiceField(
            label=_("所属环节"),
            coerce=int,
            required=False,
            empty_value=None,
            choices=[("", _("（办件）")), *[(t.pk, t.name) for t in tasks]],
        )
        field = documents_field()
        field.required = True
        self.fields["documents"] = field
