"""Forms of the evaluation pages (parsing only; the rules are the services')."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cadres.evaluation.choices import Category, Grade, Scale, grade_label
from sunshine.core.models import User


def _people(body):
    """Active accounts with a role in the body (the cadres and attendees to choose from)."""
    return (
        User.objects.filter(
            is_active=True, role_assignments__unit__body_id=body.pk, role_assignments__deleted_at__isnull=True
        )
        .distinct()
        .order_by("full_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.username


class RoundForm(forms.Form):
    body = forms.ModelChoiceField(label=_("单位"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("名称"), required=False, max_length=200, help_text=_("留空则为“某年度述职述廉暨民主测评”")
    )
    meeting_date = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    scale = forms.ChoiceField(label=_("测评等次"), choices=Scale.choices, initial=Scale.COMPETENCE)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        if bodies is not None and len(bodies) == 1:
            self.fields["body"].initial = bodies[0].pk


class CadreForm(forms.Form):
    cadre = PersonChoiceField(label=_("被测评干部"), queryset=None)
    position = forms.CharField(label=_("职务"), required=False, max_length=100)

    def __init__(self, *args, evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = _people(evaluation.body)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("述职述廉报告"), widget=forms.Textarea(attrs={"rows": 12}))
    attachment = forms.FileField(
        label=_("附件"), required=False, help_text=_("PDF、Word 或图片，最大20MB；重新提交时可不再上传")
    )


class ParticipantForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    user = PersonChoiceField(
        label=_("账号"), queryset=None, required=False, help_text=_("有账号的参会人员可本人网上投票")
    )
    name = forms.CharField(
        label=_("姓名"),
        required=False,
        max_length=100,
        help_text=_("无账号的参会人员（如服务对象代表）填写姓名，纸质投票"),
    )

    def __init__(self, *args, evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _people(evaluation.body)


class ComplaintsForm(forms.Form):
    concentrated = forms.BooleanField(label=_("民主评议反映问题突出、意见比较集中"), required=False)
    note = forms.CharField(label=_("民主评议情况"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BallotForm(forms.Form):
    """One grade per cadre of the round (the field ``grade_<entry id>``)."""

    def __init__(self, *args, evaluation=None, paper=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.paper = paper
        if paper:
            self.fields["invalid"] = forms.BooleanField(
                label=_("整张无效票（废票）"), required=False, help_text=_("勾选后不必填写各人等次")
            )
        choices = [(g.value, grade_label(evaluation.scale, g)) for g in Grade]
        if paper:
            choices = [("", _("未评/无效")), *choices]
        for entry in evaluation.cadres.select_related("cadre").order_by("seq"):
            name = entry.cadre.full_name or entry.cadre.username
            label = f"{name}（{entry.position}）" if entry.position else name
            self.fields[f"grade_{entry.pk}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, widget=forms.RadioSelect
            )

    def grades(self) -> dict[int, str | None]:
        return {
            int(name.removeprefix("grade_")): (value or None)
            for name, value in self.cleaned_data.items()
            if name.startswith("grade_")
        }
