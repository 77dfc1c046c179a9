"""Filters of the org lists, shared by the pages and the API (STYLE §4): django-filter FilterSets
that parse and validate the query, then hand it to the selectors' filter helpers."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.org import selectors
from sunshine.org.choices import DataScope, PortfolioArea, PostKind, RoleKind, UnitKind
from sunshine.org.models import Person, Portfolio, Post, PostHolding, Role, RoleAssignment, Unit


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented by depth, so that a select shows the tree."""

    def label_from_instance(self, obj: Unit) -> str:
        return "　" * max(obj.depth, 0) + obj.name


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class YesNoWidget(django_filters.widgets.BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("全部")), ("true", _("是")), ("false", _("否"))]


def units_in_scope(request):
    if request is None or not request.user.is_authenticated:
        return Unit.objects.none()
    return selectors.unit_list(actor=request.user)


def people_in_scope(request):
    if request is None or not request.user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(pk__in=selectors.person_list(actor=request.user).values("pk"))


def posts_in_scope(request):
    if request is None or not request.user.is_authenticated:
        return Post.objects.none()
    return Post.objects.filter(pk__in=selectors.post_list(actor=request.user).values("pk"))


class UnitListFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=UnitKind.choices)
    parent = UnitFilter(label=_("上级"), queryset=units_in_scope)

    class Meta:
        model = Unit
        fields = ["kind", "parent"]


class PostListFilter(django_filters.FilterSet):
    unit = UnitFilter(label=_("机构"), queryset=units_in_scope)
    kind = django_filters.ChoiceFilter(label=_("岗位类别"), choices=PostKind.choices)

    class Meta:
        model = Post
        fields = ["unit", "kind"]


class PersonListFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("姓名"), max_length=50)
    unit = UnitFilter(label=_("机构"), queryset=units_in_scope, empty_label=_("全部"))
    include_subunits = django_filters.BooleanFilter(label=_("含下级机构"), widget=YesNoWidget)
    post_kind = django_filters.ChoiceFilter(
        label=_("岗位类别"), choices=PostKind.choices, empty_label=_("全部")
    )

    class Meta:
        model = Person
        fields = ["name", "unit", "include_subunits", "post_kind"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        include = data.get("include_subunits")
        return selectors.filter_people(
            queryset,
            unit=data.get("unit"),
            include_subunits=True if include is None else include,
            name=data.get("name") or "",
            post_kind=data.get("post_kind") or "",
        )


class HoldingListFilter(django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(label=_("人员"), queryset=people_in_scope)
    post = django_filters.ModelChoiceFilter(label=_("岗位"), queryset=posts_in_scope)
    unit = UnitFilter(label=_("机构（含下级）"), queryset=units_in_scope, method="filter_unit")
    current = django_filters.BooleanFilter(label=_("在任"), method="filter_current", widget=YesNoWidget)

    class Meta:
        model = PostHolding
        fields = ["person", "post", "unit", "current"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(post__unit__path__startswith=value.path)

    def filter_current(self, queryset, name, value):
        return queryset.filter(end_date__isnull=value)


class PortfolioListFilter(django_filters.FilterSet):
    body = UnitFilter(label=_("单位"), queryset=units_in_scope)
    leader = django_filters.ModelChoiceFilter(label=_("分管领导"), queryset=people_in_scope)
    area = django_filters.ChoiceFilter(label=_("分管领域"), choices=PortfolioArea.choices)
    current = django_filters.BooleanFilter(label=_("现任"), method="filter_current", widget=YesNoWidget)

    class Meta:
        model = Portfolio
        fields = ["body", "leader", "area", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.filter(end_date__isnull=value)


class RoleListFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=RoleKind.choices)

    class Meta:
        model = Role
        fields = ["kind"]


class AssignmentListFilter(django_filters.FilterSet):
    user = django_filters.NumberFilter(
        label=_("账号编号"), field_name="user_id", min_value=1, max_value=2**63 - 1
    )
    role = django_filters.ModelChoiceFilter(label=_("角色"), queryset=Role.objects.order_by("kind", "code"))
    unit = UnitFilter(label=_("授权机构"), queryset=units_in_scope)
    data_scope = django_filters.ChoiceFilter(label=_("数据范围"), choices=DataScope.choices)

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "unit", "data_scope"]


class AccountListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("用户名或姓名"), max_length=64)
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=selectors.AccountStatus.choices, empty_label=_("全部")
    )
    must_change = django_filters.BooleanFilter(label=_("须修改口令"), widget=YesNoWidget)

    class Meta:
        model = selectors.User
        fields = ["q", "status", "must_change"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return selectors.filter_accounts(
            queryset,
            q=data.get("q") or "",
            status=data.get("status") or "",
            must_change=data.get("must_change"),
        )
