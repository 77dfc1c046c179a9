"""Forms of core's pages: log-in, password change, audit filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("口令"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原口令"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("新口令"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8个字符，包含大写字母、小写字母、数字、符号中的至少三类，不得包含用户名"),
    )
    new_password2 = forms.CharField(
        label=_("确认新口令"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("new_password")
            and data.get("new_password2")
            and data["new_password"] != data["new_password2"]
        ):
            self.add_error("new_password2", _("两次输入的新口令不一致"))
        return data


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("操作人"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("用户名或姓名")}),
    )
    action = forms.CharField(
        label=_("操作"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如 auth.login 或 org.")}),
    )
    object_type = forms.CharField(
        label=_("对象类型"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如 core.user")}),
    )
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("截止日期不能早于起始日期"))
        return data
