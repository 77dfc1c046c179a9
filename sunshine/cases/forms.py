"""Forms of the case pages. They parse input only; cases.services decides (its refusals are put on
the form by the views, STYLE §4)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cases.choices import ApplicantKind, CaseStatus, PreFilingReason
from sunshine.catalog.choices import Category


class CasesForm(forms.Form):
    """Labels without the trailing colon (the pages set the label above the field)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- The case list ----------------------------------------------------------------------------------


class CaseFilterForm(CasesForm):
    """The list's filters (GET). Anything unreadable is dropped, never an error page."""

    q = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("受理编号、申请人或事由"), "class": "search-wide"}
        ),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        # 待备案: archived major penalties not yet filed for the record (CASE-156)
        choices=[("", _("全部")), *CaseStatus.choices, ("record_pending", _("待备案"))],
    )

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


# --- Registration (收件登记) -------------------------------------------------------------------------


PENALTY_LABELS = {
    "subject": _("违法事实（案由）"),
    "applicant_kind": _("当事人类型"),
    "applicant_name": _("当事人"),
    "received": _("已收到的证据材料"),
}


class CaseRegisterForm(CasesForm):
    """An application received at the window. The materials offered are those of the chosen power
    (the page reloads them when the power changes); the ones ticked were handed in."""

    version = forms.TypedChoiceField(label=_("职权事项"), coerce=int, empty_value=None)
    subject = forms.CharField(
        label=_("事由"), max_length=300, help_text=_("如：申请烟花爆竹经营（零售）许可证")
    )
    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantKind.choices, initial=ApplicantKind.ORGANISATION
    )
    applicant_name = forms.CharField(label=_("申请人"), max_length=200)
    applicant_id_number = forms.CharField(
        label=_("证件号码"),
        max_length=50,
        required=False,
        help_text=_("统一社会信用代码或居民身份证号码"),
    )
    applicant_contact = forms.CharField(label=_("联系方式"), max_length=100)
    received = forms.MultipleChoiceField(
        label=_("已收到的申请材料"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选申请人已提交的材料；未勾选的在受理审查时一次性告知补正"),
    )
    # 先行调查取证 (CASE-146): penalty items only; the service refuses it for any other.
    pre_filing_reason = forms.ChoiceField(
        label=_("先行调查取证"),
        required=False,
        choices=[("", _("否（7个工作日内决定是否立案）")), *PreFilingReason.choices],
        help_text=_("异地执法或需立即采取措施的，可先行调查取证，立案审批表须在5个工作日内补办"),
    )
    pre_filing_note = forms.CharField(
        label=_("先行调查取证情况说明"), required=False, max_length=2000, widget=textarea(2)
    )

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {v.pk: v for v in versions}
        groups: dict[str, list] = {}
        for v in versions:
            groups.setdefault(Category(v.category).label, []).append((v.pk, f"{v.item.code} {v.name}"))
        self.fields["version"].choices = [("", _("请选择职权事项")), *groups.items()]
        chosen = self.chosen_version()
        names = [m.name for m in chosen.materials.all()] if chosen else []
        self.fields["received"].choices = [(name, name) for name in names]
        self.penalty = chosen is not None and chosen.category == Category.PENALTY
        if self.penalty:  # a penalty case has a party and evidence, not an applicant and an application
            for name, label in PENALTY_LABELS.items():
                self.fields[name].label = label
            self.fields["subject"].help_text = _("如：未按规定对从业人员进行安全生产教育和培训")
            self.fields["received"].help_text = _("勾选已收到或已调取的证据材料")

    def chosen_version(self):
        """The power whose materials the form offers: the submitted one, else the initial one."""
        raw = self.data.get(self.add_prefix("version")) if self.is_bound else self.initial.get("version")
        try:
            return self.versions.get(int(raw))
        except (TypeError, ValueError):
            return None

    def clean_version(self):
        pk = self.cleaned_data["version"]
        version = self.versions.get(pk)
        if version is None:
            raise forms.ValidationError(_("请选择可受理的职权事项"))
        return version


# --- Doing a step ------------------------------------------------------------------------------------


class TaskCompleteForm(CasesForm):
    """A step's opinion and, when a gateway follows it, the way out (one of executor.options_after's
    labels). At the acceptance step the one-time notice (一次性告知, CASE-105) lists the missing
    materials: every material not yet received is ticked to begin with."""

    choice = forms.ChoiceField(label=_("办理结果"), widget=forms.RadioSelect)
    missing = forms.TypedMultipleChoiceField(
        label=_("需补正的材料"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("未收到的材料已预先勾选；材料不符合法定形式的也一并勾选"),
    )
    note = forms.CharField(
        label=_("补正要求"),
        required=False,
        max_length=2000,
        widget=textarea(2),
        help_text=_("材料需要补正的具体内容、份数和形式"),
    )
    opinion = forms.CharField(label=_("办理意见"), required=False, max_length=5000, widget=textarea(3))
    # 调查取证 of a penalty case (CASE-147): the enforcement officers who investigated, two or more.
    investigators = forms.TypedMultipleChoiceField(
        label=_("调查取证执法人员"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("调查取证须由两名以上执法人员进行（CASE-147）"),
    )

    def __init__(
        self,
        *args,
        options=(),
        question="",
        notice_label="",
        materials=(),
        decision_version=None,
        investigator_choices=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.notice_label = notice_label
        if investigator_choices is None:
            del self.fields["investigators"]
        else:
            self.fields["investigators"].choices = investigator_choices
        if options:
            self.fields["choice"].choices = [(o.label, o.label) for o in options]
            if question:  # the gateway's own question (受理审查结果, 重大事项？) reads better
                self.fields["choice"].label = question
        else:
            del self.fields["choice"]
        if notice_label:
            self.fields["missing"].choices = [
                (m.pk, m.name if m.received_at is None else _("%(name)s（已收到）") % {"name": m.name})
                for m in materials
            ]
        else:
            del self.fields["missing"]
            del self.fields["note"]
        # Documents on every step; the decision's fields at the deciding step (cases.outcome).
        from sunshine.cases.outcome.forms import add_step_fields

        add_step_fields(self, decision_version)
