"""Choices of the org app (English values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Role kinds are a core notion (permissions); org re-exports them for its models and forms.
from sunshine.core.permissions import ADMIN_KINDS, RoleKind

__all__ = ["ADMIN_KINDS", "DataScope", "Gender", "PortfolioArea", "PostKind", "RoleKind", "UnitKind"]


class UnitKind(models.TextChoices):
    BODY = "body", _("单位")  # a government body or affiliated unit: bureau, township, village committee
    DEPARTMENT = "department", _("内设机构")  # 科室 / 股室 / 站所
    SECTION = "section", _("工作组")  # a group inside a department


class PostKind(models.TextChoices):
    """What a post (岗位) does in a power's flowchart and a body's leadership (seed 003 CASE-100)."""

    CLERK = "clerk", _("承办人")
    REVIEWER = "reviewer", _("审核人")
    SECTION_HEAD = "section_head", _("科室负责人")
    DEPUTY_LEADER = "deputy_leader", _("分管领导")
    PRINCIPAL = "principal", _("主要负责人")
    DISCIPLINE = "discipline", _("纪检监察")
    OFFICE = "office", _("办公室")
    LEGAL = "legal", _("法制审核")
    OTHER = "other", _("其他")


class PortfolioArea(models.TextChoices):
    """Areas a leader is in charge of (分管). The first five are barred to the principal leader."""

    FINANCE = "finance", _("财务")
    PERSONNEL = "personnel", _("组织人事")
    CONSTRUCTION_TENDERING = "construction_tendering", _("工程建设和招投标")
    ADMIN_APPROVAL = "admin_approval", _("行政审批")
    PROCUREMENT = "procurement", _("物资采购")
    OTHER = "other", _("其他")


# 五个不直接分管 (DEC-72; DOMAIN product default 3: all five).
PRINCIPAL_BARRED_AREAS = frozenset(
    {
        PortfolioArea.FINANCE,
        PortfolioArea.PERSONNEL,
        PortfolioArea.CONSTRUCTION_TENDERING,
        PortfolioArea.ADMIN_APPROVAL,
        PortfolioArea.PROCUREMENT,
    }
)


class DataScope(models.TextChoices):
    OWN_DEPARTMENT = "department", _("本部门")
    OWN_BODY = "body", _("本单位")
    BODY_AND_SUBORDINATES = "subtree", _("本单位及下属单位")
    ALL = "all", _("全部")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")
    UNSPECIFIED = "", _("未填写")
