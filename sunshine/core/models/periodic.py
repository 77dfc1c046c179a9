"""Periodic jobs (定时任务): one row per job registered by an app, claimed by one worker per run."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    """When a registered job (core.periodic) runs next; workers claim a run by moving ``next_run_at``
    with a conditional UPDATE, so that a job runs at most once per interval across all workers."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("下次运行"))
    last_run_at = models.DateTimeField(_("上次运行"), null=True, blank=True)
    last_worker = models.CharField(_("上次运行的进程"), max_length=64, blank=True)
    runs = models.PositiveIntegerField(_("运行次数"), default=0)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
