"""Flowcharts (权力运行流程图, CAT-6, CAT-121): one BPMN 2.0 diagram per power version.

The diagram is versioned with its power version (a published version's flowchart is never
changed); the one the public sees is the one cases run (flows.engine runs it in SpiffWorkflow).
``steps`` caches what flows.engine.parse read from the XML (element id, name, kind, lane, time
limit), so that lists (personal power lists, risk-point steps) need not parse the XML again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import BaseModel


class Flowchart(BaseModel):
    power_version = models.OneToOneField(
        "catalog.PowerVersion",
        verbose_name=_("职权事项版本"),
        on_delete=models.PROTECT,
        related_name="flowchart",
    )
    xml = models.TextField(_("BPMN 流程图"))
    template = models.CharField(_("来源模板"), max_length=50, blank=True)
    steps = models.JSONField(_("环节"), default=list, blank=True)
    lanes = models.JSONField(_("岗位泳道"), default=list, blank=True)

    class Meta:
        verbose_name = _("流程图")
        verbose_name_plural = _("流程图")

    def __str__(self) -> str:
        return str(self.power_version)

    @property
    def scope_unit(self):
        return self.power_version.department
