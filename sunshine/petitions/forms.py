"""Forms of the petitions app: they parse input; the services decide (STYLE §4)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cases.outcome.forms import MultipleFileField, MultipleFileInput
from sunshine.disclosure.captcha import CaptchaMixin
from sunshine.org.choices import UnitKind
from sunshine.org.models import Unit
from sunshine.petitions.choices import Channel, PetitionKind, Satisfaction

ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.ofd"


def files_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("附件"),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_("可选。最多3个 PDF、JPG、PNG、DOCX、XLSX、OFD 文件，每个不超过5MB"),
    )


def bodies():
    return Unit.objects.filter(kind=UnitKind.BODY).order_by("path")


class PublicFileForm(CaptchaMixin, forms.Form):
    body = forms.ModelChoiceField(
        label=_("被反映单位"), queryset=Unit.objects.none(), empty_label=_("请选择")
    )
    kind = forms.ChoiceField(label=_("类别"), choices=PetitionKind.choices)
    anonymous = forms.BooleanField(
        label=_("匿名反映"),
        required=False,
        help_text=_("匿名时无需填写姓名和联系方式，凭受理编号和查询密码查询答复"),
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("联系地址或邮箱"), max_length=200, required=False)
    subject = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("反映内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000)
    accused_name = forms.CharField(label=_("被反映人（可不填）"), max_length=100, required=False)
    accused_is_leader = forms.BooleanField(
        label=_("被反映人是该单位领导班子成员"),
        required=False,
        help_text=_("勾选后只由该单位纪检监察机构受理和办理"),
    )
    files = files_field()

    field_order = [
        "body", "kind", "anonymous", "name", "phone", "address", "subject", "content",
        "accused_name", "accused_is_leader", "files", "captcha", "captcha_token",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies()


class FollowForm(CaptchaMixin, forms.Form):
    code = forms.CharField(label=_("受理编号"), max_length=20)
    secret = forms.CharField(
        label=_("查询密码"), max_length=40, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )


class SupplementForm(forms.Form):
    text = forms.CharField(
        label=_("补充内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000, required=False
    )
    files = files_field()


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("对答复的评价"),
        choices=[c for c in Satisfaction.choices if c[0] != Satisfaction.NOT_GIVEN],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("意见（可不填）"), max_length=1000, required=False)


# --- Staff ---------------------------------------------------------------------------------------


class RegisterForm(forms.Form):
    """A visit, call or letter registered by the first-contact officer (首问负责, CASE-1)."""

    channel = forms.ChoiceField(
        label=_("来源渠道"), choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    body = forms.ModelChoiceField(label=_("被反映单位"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), choices=PetitionKind.choices)
    anonymous = forms.BooleanField(label=_("匿名"), required=False)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("联系地址或邮箱"), max_length=200, required=False)
    subject = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("反映内容"), widget=forms.Textarea(attrs={"rows": 6}))
    accused_person = forms.ModelChoiceField(
        label=_("被反映人（本单位人员）"), queryset=None, required=False, empty_label=_("无或不明")
    )
    accused_name = forms.CharField(label=_("被反映人（其他）"), max_length=100, required=False)
    files = files_field()

    def __init__(self, *args, body_choices, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = body_choices
        self.fields["accused_person"].queryset = people


class TriageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("类别"), choices=PetitionKind.choices)
    accused_person = forms.ModelChoiceField(
        label=_("被反映人（本单位人员）"), queryset=None, required=False, empty_label=_("无或不明")
    )
    note = forms.CharField(label=_("分类意见"), max_length=1000, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accused_person"].queryset = people


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=None, empty_label=_("请选择"))
    note = forms.CharField(label=_("交办意见"), max_length=1000, required=False)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = lambda u: u.full_name or u.username


class TransferForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_body = forms.ModelChoiceField(label=_("接收单位"), queryset=None, empty_label=_("请选择"))
    reason = forms.CharField(label=_("转办理由"), max_length=1000)

    def __init__(self, *args, to_bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = to_bodies


class ExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    workdays = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("延期理由"), max_length=1000)


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 6}))
    files = files_field()


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    satisfaction = forms.ChoiceField(
        label=_("信访人满意度"), choices=Satisfaction.choices, initial=Satisfaction.NOT_GIVEN,
        help_text=_("信访人已在网上评价的，以其评价为准"),
    )  # fmt: skip
    note = forms.CharField(label=_("办结说明"), max_length=2000, required=False)


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("未答复")), ("answered", _("已答复")), ("closed", _("已办结"))],
    )
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部")), *PetitionKind.choices]
    )
    late = forms.BooleanField(label=_("仅超期"), required=False)
    mine = forms.BooleanField(label=_("仅交办给我"), required=False)
