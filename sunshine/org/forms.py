"""Forms of the org pages. They parse input only; the services decide (and their refusals are put
on the form by the views). Edit forms carry the ``version`` that was read (optimistic locking)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.core.permissions import PERMISSIONS, allowed_permissions
from sunshine.org.choices import DataScope, Gender, PortfolioArea, PostKind, RoleKind, UnitKind
from sunshine.org.filters import UnitChoiceField
from sunshine.org.models import Unit

SORT_HELP = _("数字小的排在前面")


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def sort_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("排序"),
        required=False,
        initial=0,
        min_value=-1_000_000,
        max_value=1_000_000,
        help_text=SORT_HELP,
    )


def date_field(label, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), help_text=help_text
    )


class OrgForm(forms.Form):
    """Labels without the trailing colon (the Chinese pages set the label above the field)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.unit.name}{'，' + obj.title if obj.title else ''}）"


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.unit.name} · {obj.name}（{obj.get_kind_display()}）"


# --- Units and posts ------------------------------------------------------------------------------


class UnitCreateForm(OrgForm):
    kind = forms.ChoiceField(label=_("类型"), choices=UnitKind.choices)
    parent = UnitChoiceField(
        label=_("上级"), queryset=Unit.objects.none(), required=False, empty_label=_("（无：顶级单位）")
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    code = forms.CharField(
        label=_("机构代码"), max_length=50, help_text=_("唯一的编码，如统一社会信用代码或内部编码")
    )
    description = forms.CharField(label=_("职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sort_order = sort_field()

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units if units is not None else Unit.objects.none()


class UnitEditForm(OrgForm):
    version = version_field()
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    code = forms.CharField(label=_("机构代码"), max_length=50)
    description = forms.CharField(label=_("职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sort_order = sort_field()


class UnitMoveForm(OrgForm):
    version = version_field()
    parent = UnitChoiceField(
        label=_("新的上级"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("（无：作为顶级单位）"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units if units is not None else Unit.objects.none()


class RemoveForm(OrgForm):
    version = version_field()
    reason = forms.CharField(
        label=_("作废原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("记录保留，原因写入审计日志"),
    )


class PostForm(OrgForm):
    name = forms.CharField(label=_("岗位名称"), max_length=100)
    kind = forms.ChoiceField(label=_("岗位类别"), choices=PostKind.choices)
    duties = forms.CharField(label=_("岗位职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sort_order = sort_field()


class PostEditForm(PostForm):
    version = version_field()


# --- People, holdings, portfolios -----------------------------------------------------------------


class PersonForm(OrgForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices, required=False)
    title = forms.CharField(
        label=_("职务"), max_length=100, required=False, help_text=_("如：副局长、科长、科员")
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    sort_order = sort_field()


class PersonCreateForm(PersonForm):
    unit = UnitChoiceField(label=_("所在机构"), queryset=Unit.objects.none())
    field_order = ["unit", "name", "gender", "title", "phone", "email", "sort_order"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class PersonEditForm(PersonForm):
    version = version_field()


class PersonMoveForm(OrgForm):
    version = version_field()
    unit = UnitChoiceField(label=_("调往机构"), queryset=Unit.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class HoldingForPersonForm(OrgForm):
    """Appoint the person to a post (from the person's page)."""

    post = PostChoiceField(label=_("岗位"), queryset=None)
    start_date = date_field(_("任职日期"), help_text=_("不填为今天"))

    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts


class HoldingForPostForm(OrgForm):
    """Appoint a person to the post (from the unit's page)."""

    person = PersonChoiceField(label=_("人员"), queryset=None)
    start_date = date_field(_("任职日期"), help_text=_("不填为今天"))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class EndForm(OrgForm):
    version = version_field()
    end_date = date_field(_("结束日期"), help_text=_("不填为今天"))
    note = forms.CharField(
        label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PortfolioForm(OrgForm):
    leader = PersonChoiceField(label=_("分管领导"), queryset=None)
    area = forms.ChoiceField(
        label=_("分管领域"),
        choices=PortfolioArea.choices,
        help_text=_(
            "财务、组织人事、工程建设和招投标、行政审批、物资采购不得由主要负责人直接分管（五个不直接分管）"
        ),
    )
    title = forms.CharField(label=_("分工说明"), max_length=200, required=False)
    departments = forms.ModelMultipleChoiceField(
        label=_("分管科室"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    start_date = date_field(_("起始日期"), help_text=_("不填为今天"))

    def __init__(self, *args, people=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = people
        self.fields["departments"].queryset = departments


class PortfolioEditForm(OrgForm):
    version = version_field()
    title = forms.CharField(label=_("分工说明"), max_length=200, required=False)
    departments = forms.ModelMultipleChoiceField(
        label=_("分管科室"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments


# --- Accounts -------------------------------------------------------------------------------------

PASSWORD_HELP = _("至少8个字符，包含大写字母、小写字母、数字、符号中的至少三类，不得包含用户名")


def password_fields(first_label):
    return (
        forms.CharField(
            label=first_label,
            strip=False,
            max_length=256,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=PASSWORD_HELP,
        ),
        forms.CharField(
            label=_("确认口令"),
            strip=False,
            max_length=256,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


class _PasswordPair(OrgForm):
    first_field = "password"

    def clean(self):
        data = super().clean()
        first, second = data.get(self.first_field), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的口令不一致"))
        return data


class AccountCreateForm(_PasswordPair):
    username = forms.CharField(label=_("用户名"), max_length=64, help_text=_("字母、数字和 @/./+/-/_"))
    full_name = forms.CharField(label=_("姓名"), max_length=100)
    password, password2 = password_fields(_("初始口令"))
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    person = PersonChoiceField(
        label=_("对应人员"), queryset=None, required=False, empty_label=_("（暂不关联）")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AccountEditForm(OrgForm):
    version = version_field()
    full_name = forms.CharField(label=_("姓名"), max_length=100)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)


class ReasonForm(OrgForm):
    version = version_field()
    reason = forms.CharField(label=_("原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ResetPasswordForm(_PasswordPair):
    first_field = "new_password"
    version = version_field()
    new_password, password2 = password_fields(_("临时口令"))


class VersionForm(OrgForm):
    version = version_field()


class LinkPersonForm(OrgForm):
    version = version_field()
    person = PersonChoiceField(
        label=_("对应人员"), queryset=None, required=False, empty_label=_("（解除关联）")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


# --- Roles and assignments ------------------------------------------------------------------------


class RoleCreateForm(OrgForm):
    code = forms.SlugField(
        label=_("角色代码"), max_length=50, help_text=_("字母、数字、下划线和连字符，如 finance_reviewer")
    )
    name = forms.CharField(label=_("角色名称"), max_length=50)
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=RoleKind.choices,
        help_text=_("三员分立：管理员角色只能拥有本类管理权限，业务角色不能拥有管理权限"),
    )
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def permission_choices(kind: str) -> list[tuple[str, str]]:
    return [(code, f"{PERMISSIONS[code]['label']}（{code}）") for code in sorted(allowed_permissions(kind))]


class RoleEditForm(OrgForm):
    version = version_field()
    name = forms.CharField(label=_("角色名称"), max_length=50)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    permissions = forms.MultipleChoiceField(
        label=_("权限"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只列出该类别角色可以拥有的权限"),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permissions"].choices = permission_choices(kind)


class AssignmentForm(OrgForm):
    role = forms.ModelChoiceField(label=_("角色"), queryset=None)
    unit = UnitChoiceField(label=_("授权机构"), queryset=Unit.objects.none())
    data_scope = forms.ChoiceField(
        label=_("数据范围"),
        choices=DataScope.choices,
        initial=DataScope.OWN_BODY,
        help_text=_("从授权机构算起：本部门、本单位、本单位及下属单位，或全部"),
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, roles=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
