"""Forms of the portal: the catalogue search (GET) and the case lookup (POST)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.disclosure import selectors
from sunshine.disclosure.captcha import CaptchaMixin

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
