"""Forms of the portal (the catalogue search, the case lookup, the information request and its
follow-up) and of the staff pages of routine disclosure and information requests."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cases.outcome.forms import MultipleFileField, MultipleFileInput
from sunshine.disclosure import selectors
from sunshine.disclosure.captcha import CaptchaMixin
from sunshine.disclosure.choices import (
    AnswerKind,
    ContentCategory,
    DeliveryForm,
    Frequency,
    RequestChannel,
    WithholdReason,
)
from sunshine.org.choices import UnitKind
from sunshine.org.models import Unit
from sunshine.petitions.forms import ACCEPT

CHECK_CODE_RE = re.compile(r"^\d{6}$")


class CatalogSearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    body = forms.TypedChoiceField(label=_("实施主体"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("权力类别"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # a Chinese label takes no ASCII colon
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("全部")), *selectors.public_bodies()]
        self.fields["category"].choices = [("", _("全部")), *selectors.public_categories()]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("事项名称或编码")})

    def filters(self) -> dict:
        """What to search for: the valid fields; an invalid choice is ignored (a stale link still
        lists everything else rather than failing)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: data[k] for k in ("q", "body", "category") if data.get(k)}


class CaseLookupForm(forms.Form):
    number = forms.CharField(
        label=_("受理编号"),
        max_length=40,
        help_text=_("受理通知书上的受理编号"),
        error_messages={"required": _("请填写受理编号")},
    )
    check_code = forms.CharField(
        label=_("查询码"),
        max_length=6,
        min_length=6,
        help_text=_("受理通知书上的6位数字查询码"),
        error_messages={
            "required": _("请填写查询码"),
            "min_length": _("查询码是6位数字"),
            "max_length": _("查询码是6位数字"),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # a Chinese label takes no ASCII colon
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["check_code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "pattern": r"\d{6}"}
        )

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip()

    def clean_check_code(self) -> str:
        code = self.cleaned_data["check_code"].strip()
        if not CHECK_CODE_RE.match(code):
            raise forms.ValidationError(_("查询码是6位数字"), code="check_code_format")
        return code


class CommentForm(CaptchaMixin, forms.Form):
    """A comment on a decision under public notice (PUB-12): the text; a name and a contact that only
    the staff who answer see (optional)."""

    text = forms.CharField(label=_("意见和建议"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    commenter = forms.CharField(
        label=_("姓名（选填）"), max_length=100, required=False, help_text=_("不对外公开")
    )
    contact = forms.CharField(
        label=_("联系方式（选填）"),
        max_length=100,
        required=False,
        help_text=_("电话或邮箱，仅供工作人员联系，不对外公开"),
    )

    field_order = ["text", "commenter", "contact", "captcha", "captcha_token"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # a Chinese label takes no ASCII colon
        super().__init__(*args, **kwargs)


# --- Routine disclosure (staff) ------------------------------------------------------------------


class PlanCreateForm(forms.Form):
    body = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, bodies, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class PlanItemForm(forms.Form):
    title = forms.CharField(label=_("公开事项"), max_length=200)
    category = forms.ChoiceField(label=_("类别"), choices=ContentCategory.choices)
    frequency = forms.ChoiceField(label=_("公开频次"), choices=Frequency.choices, initial=Frequency.QUARTERLY)
    department = forms.ModelChoiceField(label=_("责任科室"), queryset=None, empty_label=_("请选择"))
    channel = forms.CharField(label=_("公开方式"), max_length=200, required=False)

    def __init__(self, *args, departments, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class PublishForm(forms.Form):
    period = forms.ChoiceField(label=_("公开周期"))
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("公开内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    files = MultipleFileField(
        label=_("附件"),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_("可选。1个 PDF、JPG、PNG、DOCX、XLSX、OFD 文件，不超过5MB"),
    )

    def __init__(self, *args, periods, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label) for p in periods]


# --- Information requests ------------------------------------------------------------------------


class RequestFileForm(CaptchaMixin, forms.Form):
    """An information request on the portal (依申请公开, PUB-208): who asks, how to reach them, what
    information, and in which form; the purpose is optional (the seeds and the 2019 regulations do not
    require it)."""

    body = forms.ModelChoiceField(label=_("受理机关"), queryset=None, empty_label=_("请选择"))
    name = forms.CharField(label=_("申请人姓名或名称"), max_length=100)
    contact = forms.CharField(label=_("联系电话"), max_length=50)
    address = forms.CharField(label=_("通信地址或电子邮箱"), max_length=200, required=False)
    description = forms.CharField(
        label=_("所需信息的内容描述"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("请写明信息的名称、文号或便于查询的其他特征"),
    )
    purpose = forms.CharField(label=_("用途（选填）"), max_length=500, required=False)
    delivery_form = forms.ChoiceField(label=_("获取信息的方式"), choices=DeliveryForm.choices)

    field_order = ["body", "name", "contact", "address", "description", "purpose", "delivery_form", "captcha"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Unit.objects.filter(kind=UnitKind.BODY).order_by("path")


class RequestRegisterForm(forms.Form):
    """A request received by letter, fax, e-mail, phone or in person, registered by staff (PUB-208)."""

    body = forms.ModelChoiceField(label=_("受理机关"), queryset=None, empty_label=None)
    channel = forms.ChoiceField(
        label=_("申请方式"), choices=[c for c in RequestChannel.choices if c[0] != RequestChannel.PORTAL]
    )
    name = forms.CharField(label=_("申请人姓名或名称"), max_length=100)
    contact = forms.CharField(label=_("联系电话"), max_length=50)
    address = forms.CharField(label=_("通信地址或电子邮箱"), max_length=200, required=False)
    description = forms.CharField(label=_("所需信息的内容描述"), widget=forms.Textarea(attrs={"rows": 5}))
    purpose = forms.CharField(label=_("用途（选填）"), max_length=500, required=False)
    delivery_form = forms.ChoiceField(label=_("获取信息的方式"), choices=DeliveryForm.choices)

    def __init__(self, *args, bodies, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class RequestFollowForm(CaptchaMixin, forms.Form):
    code = forms.CharField(label=_("受理编号"), max_length=20)
    secret = forms.CharField(
        label=_("查询密码"), max_length=40, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=None, empty_label=_("请选择"))
    note = forms.CharField(label=_("交办意见"), max_length=1000, required=False)

    def __init__(self, *args, handlers, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = lambda u: u.full_name or u.username


class ExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    workdays = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("延期理由"), max_length=1000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("答复类型"), choices=[("", _("请选择")), *AnswerKind.choices])
    withhold_reason = forms.ChoiceField(
        label=_("不予公开理由"),
        required=False,
        choices=[("", _("无（予以公开等）")), *WithholdReason.choices],
        help_text=_("部分公开、不予公开时必选（PUB-204）"),
    )
    text = forms.CharField(
        label=_("答复内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("已主动公开的写明获取方式和途径；非本机关负责公开的写明负责公开的机关"),
    )
    files = MultipleFileField(
        label=_("附件"),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_("可选。所公开的信息，1个文件，不超过5MB"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
