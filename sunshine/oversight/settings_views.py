"""The oversight settings page (/oversight/settings/): a body's warning lead (OVS-1) and the
thresholds of the anomaly rules (ANO-5, ANO-6), for holders of ``oversight.configure``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases.choices import SuspensionKind
from sunshine.core.errors import NotFound
from sunshine.core.pages import FormPage
from sunshine.org import selectors as org_selectors
from sunshine.org.choices import UnitKind
from sunshine.oversight import configure, forms


class SettingsView(FormPage):
    """One body's settings; ``?body=`` picks another body the person may configure."""

    form_class = forms.OversightSettingsForm
    template_name = "oversight/settings.html"
    title = gettext_lazy("电子监察设置")
    intro = gettext_lazy("本单位的预警参数：黄牌预警提前量和异常预警的阈值。修改留有审计记录。")

    def bodies(self):
        return org_selectors.unit_list(actor=self.actor, kind=UnitKind.BODY, perm=configure.PERMISSION)

    def load(self, **kwargs):
        bodies = self.bodies()
        wanted = self.request.GET.get("body", "")
        body = bodies.filter(pk=int(wanted)).first() if wanted.isdigit() else bodies.first()
        if body is None:
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        return configure.settings_get(actor=self.actor, body=body)

    def check(self, obj) -> None:
        pass  # settings_get checked oversight.configure over the body

    def initial(self, obj) -> dict:
        values = {
            "version": obj.version,
            "warning_lead_workdays": obj.warning_lead_workdays,
            "refusal_count": obj.refusal_count,
            "refusal_window_days": obj.refusal_window_days,
        }
        for kind in SuspensionKind.values:
            values[f"suspension_{kind}"] = obj.suspension_limits[kind]
        return values

    def perform(self, form, obj):
        data = form.cleaned_data
        return configure.settings_save(
            actor=self.actor,
            body=obj.body,
            expected_version=data["version"],
            warning_lead_workdays=data["warning_lead_workdays"],
            refusal_count=data["refusal_count"],
            refusal_window_days=data["refusal_window_days"],
            suspension_limits=form.suspension_limits(),
        )

    def done(self, result, obj) -> str:
        return f"{reverse('oversight:settings')}?body={obj.body.pk}"

    def success_message(self, result, obj) -> str:
        return _("已保存%(body)s的电子监察设置") % {"body": obj.body.name}

    def cancel_url(self, obj) -> str:
        return reverse("oversight:dashboard")

    def context(self, obj) -> dict:
        return {"body": obj.body, "bodies": self.bodies(), "on_defaults": obj.version == 0}
