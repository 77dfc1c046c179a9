"""Choices of the democratic evaluation (述职述廉与民主测评, SUP-10, SUP-11, SUP-249..253)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    SETUP = "setup", _("准备中")
    VOTING = "voting", _("测评中")
    COUNTED = "counted", _("已计票")


class Scale(models.TextChoices):
    """The ballot's grades (SUP-11: 002 names "不称职" and "较差"; 004's sheet 优秀/称职/…/不称职)."""

    COMPETENCE = "competence", _("优秀、称职、基本称职、不称职")
    RATING = "rating", _("好、较好、一般、较差")


class Grade(models.TextChoices):
    """Four grades from best to worst; the words shown follow the round's scale (``grade_label``)."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    POOR = "poor", _("不称职")


GRADE_LABELS = {
    Scale.COMPETENCE: {
        Grade.EXCELLENT: _("优秀"),
        Grade.COMPETENT: _("称职"),
        Grade.BASIC: _("基本称职"),
        Grade.POOR: _("不称职"),
    },
    Scale.RATING: {
        Grade.EXCELLENT: _("好"),
        Grade.COMPETENT: _("较好"),
        Grade.BASIC: _("一般"),
        Grade.POOR: _("较差"),
    },
}


def grade_label(scale: str, grade: str) -> str:
    return str(GRADE_LABELS[Scale(scale)][Grade(grade)])


class Category(models.TextChoices):
    """Who attends the meeting (SUP-250): the last three are the outside participants."""

    LEADER = "leader", _("领导班子成员")
    UNIT_HEAD = "unit_head", _("二级单位负责人")
    RETIRED = "retired", _("离退休干部代表")
    STAFF = "staff", _("普通干部职工")
    RECIPIENT = "recipient", _("服务对象代表")


OUTSIDE = frozenset({Category.RETIRED, Category.STAFF, Category.RECIPIENT})


class OutcomeKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("督察和了解")
    ADMONITION = "admonition_talk", _("诫勉谈话")
    ORG_HANDLING = "organisational_handling", _("组织处理")
