"""Base models every domain model inherits (STYLE §3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Timestamps, creator, and the optimistic-lock ``version`` checked by every edit (AUD-3)."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        abstract = True


class AliveQuerySet(models.QuerySet):
    def delete(self):  # pragma: no cover - guarded in tests through the model
        raise TypeError("domain records are never hard-deleted; use core.services.soft_delete (AUD-2)")


class AliveManager(models.Manager.from_queryset(AliveQuerySet)):
    """The default manager: hides soft-deleted rows."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class AllManager(models.Manager.from_queryset(AliveQuerySet)):
    """Every row, the soft-deleted ones included (history, audit, restore)."""


class SoftDeleteModel(models.Model):
    """Rows are never deleted: they are marked, with who, when and why (AUD-2)."""

    deleted_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    delete_reason = models.CharField(_("作废原因"), max_length=500, blank=True)

    objects = AliveManager()
    all_objects = AllManager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def delete(self, *args, **kwargs):
        raise TypeError("domain records are never hard-deleted; use core.services.soft_delete (AUD-2)")
