"""Organisations and people (org): units, posts (岗位), people, leaders' portfolios (分管), roles and
role assignments with their data scope.

Rules live in org.services; the constraints below refuse what the services refuse, so that imports,
the shell and races cannot slip past (STYLE §3).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.core import clock
from sunshine.core.models import BaseModel, SoftDeleteModel
from sunshine.org.choices import DataScope, Gender, PortfolioArea, PostKind, RoleKind, UnitKind

ALIVE = Q(deleted_at__isnull=True)


class Unit(BaseModel, SoftDeleteModel):
    """A body (单位) or one of its departments (科室/股室) or sections, in one tree.

    ``path`` ("/1/4/9/") and ``body`` are kept by org.services so that "this unit and everything
    under it" and "everything in this body" are one indexed filter each (data scope, SEC-7).
    """

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.CharField(
        _("机构代码"), max_length=50, help_text=_("单位内唯一的编码，如统一社会信用代码或内部编码")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    body = models.ForeignKey(
        "self",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("本身是单位时为其自身"),
    )
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)
    sort_order = models.IntegerField(_("排序"), default=0)
    description = models.TextField(_("职责"), blank=True)

    class Meta:
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="org_unit_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=UnitKind.BODY) | Q(parent__isnull=False),
                name="org_unit_department_has_parent",
                violation_error_code="department_without_body",
            ),
            models.UniqueConstraint(fields=["code"], condition=ALIVE, name="org_unit_code_unique"),
        ]
        indexes = [models.Index(fields=["body", "kind"], name="org_unit_body_kind_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> Unit:
        return self

    @property
    def is_body(self) -> bool:
        return self.kind == UnitKind.BODY


class Post(BaseModel, SoftDeleteModel):
    """A post (岗位) in a unit: what a flowchart's lane names and what a person holds."""

    unit = models.ForeignKey(Unit, verbose_name=_("所在机构"), on_delete=models.PROTECT, related_name="posts")
    name = models.CharField(_("岗位名称"), max_length=100)
    kind = models.CharField(_("岗位类别"), max_length=20, choices=PostKind.choices, default=PostKind.CLERK)
    duties = models.TextField(_("岗位职责"), blank=True)
    sort_order = models.IntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["unit__path", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PostKind.values), name="org_post_kind_valid"),
            models.UniqueConstraint(fields=["unit", "name"], condition=ALIVE, name="org_post_name_unique"),
        ]
        indexes = [models.Index(fields=["unit", "kind"], name="org_post_unit_kind_idx")]

    def __str__(self) -> str:
        return f"{self.unit.name}·{self.name}"

    @property
    def scope_unit(self) -> Unit:
        return self.unit


class Person(BaseModel, SoftDeleteModel):
    """A member of staff (人员). Their account, if any, is ``user``."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True, default="")
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在机构"), on_delete=models.PROTECT, related_name="people"
    )
    title = models.CharField(_("职务"), max_length=100, blank=True, help_text=_("如：副局长、科长、科员"))
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person",
    )
    sort_order = models.IntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["unit__path", "sort_order", "id"]
        indexes = [models.Index(fields=["unit", "name"], name="org_person_unit_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> Unit:
        return self.unit


class PostHolding(BaseModel, SoftDeleteModel):
    """A person holding a post (任职). Ended holdings stay, with their end date, for the record."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="holdings"
    )
    post = models.ForeignKey(Post, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="holdings")
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["post__unit__path", "post__sort_order", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "post"],
                condition=ALIVE & Q(end_date__isnull=True),
                name="org_postholding_current_unique",
                violation_error_code="already_holds_post",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="org_postholding_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["post", "end_date"], name="org_holding_post_end_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.post}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None and self.deleted_at is None

    @property
    def scope_unit(self) -> Unit:
        return self.post.unit


class Portfolio(BaseModel, SoftDeleteModel):
    """A leader's portfolio (分管): the area and departments a leading cadre is in charge of.

    The principal leader may not hold finance, personnel, construction and tendering, administrative
    approval or procurement (五个不直接分管, DEC-72): org.services refuses it.
    """

    body = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="portfolios"
    )
    leader = models.ForeignKey(
        Person, verbose_name=_("分管领导"), on_delete=models.PROTECT, related_name="portfolios"
    )
    area = models.CharField(_("分管领域"), max_length=30, choices=PortfolioArea.choices)
    title = models.CharField(_("分工说明"), max_length=200, blank=True)
    departments = models.ManyToManyField(
        Unit, verbose_name=_("分管科室"), blank=True, related_name="overseen_by"
    )
    start_date = models.DateField(_("分管起始日期"), default=clock.today)
    end_date = models.DateField(_("分管结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("领导分工")
        verbose_name_plural = _("领导分工")
        ordering = ["body__path", "area", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__in=PortfolioArea.values), name="org_portfolio_area_valid"
            ),
            # One leader per body for each of the five areas (DEC-67..DEC-71: "a deputy is assigned").
            models.UniqueConstraint(
                fields=["body", "area"],
                condition=ALIVE & Q(end_date__isnull=True) & ~Q(area=PortfolioArea.OTHER),
                name="org_portfolio_area_unique",
                violation_error_code="area_already_assigned",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="org_portfolio_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["leader", "end_date"], name="org_portfolio_leader_idx")]

    @property
    def is_current(self) -> bool:
        return self.end_date is None and self.deleted_at is None

    def __str__(self) -> str:
        return f"{self.leader} 分管{self.get_area_display()}"

    @property
    def scope_unit(self) -> Unit:
        return self.body


class Role(BaseModel, SoftDeleteModel):
    """A named set of permissions. The three administrator roles are kinds of their own (SEC-1)."""

    code = models.SlugField(_("角色代码"), max_length=50)
    name = models.CharField(_("角色名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=20, choices=RoleKind.choices, default=RoleKind.BUSINESS)
    description = models.TextField(_("说明"), blank=True)
    permissions = models.JSONField(_("权限"), default=list, blank=True)
    is_builtin = models.BooleanField(_("内置"), default=False)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RoleKind.values), name="org_role_kind_valid"),
            models.UniqueConstraint(fields=["code"], condition=ALIVE, name="org_role_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_admin(self) -> bool:
        return self.kind != RoleKind.BUSINESS


class RoleAssignment(BaseModel, SoftDeleteModel):
    """An account holding a role over a unit, with a data scope measured from that unit.

    ``admin_kind`` copies the role's kind when it is an administrator role, so that the database itself
    refuses a second administrator role for one account (三员分立, SEC-1).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("角色"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("授权机构"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    data_scope = models.CharField(_("数据范围"), max_length=20, choices=DataScope.choices)
    admin_kind = models.CharField(_("管理员类别"), max_length=20, blank=True, default="", editable=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering = ["user__username", "role__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(data_scope__in=DataScope.values), name="org_roleassignment_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(admin_kind__in=["", *[k for k in RoleKind.values if k != RoleKind.BUSINESS]]),
                name="org_roleassignment_admin_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"], condition=ALIVE, name="org_roleassignment_unique"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=ALIVE & ~Q(admin_kind=""),
                name="org_roleassignment_one_admin_role",
                violation_error_code="second_admin_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role}（{self.unit}，{self.get_data_scope_display()}）"

    @property
    def scope_unit(self) -> Unit:
        return self.unit
