"""The body's cadres settings page (/cadres/settings/): every area's limits on one form
(sunshine.cadres.body_settings); ``?body=`` picks another body the person may configure. The old
per-area pages (/cadres/evaluation/settings/, /cadres/files/settings/) redirect here for good."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView

from sunshine.cadres import body_settings as bs
from sunshine.core.errors import NotFound, NotPermitted
from sunshine.core.pages import FormPage


class BodySettingsForm(forms.Form):
    """One field per setting (bounds checked again by the service) and the versions read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in bs.AREAS:
            self.fields[f"version_{area.key}"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
        for field in bs.FIELDS:
            label, help_text = bs.label_of(field), bs.help_of(field)
            if field.decimal:
                self.fields[field.name] = forms.DecimalField(
                    label=label, help_text=help_text, max_digits=5, decimal_places=2
                )
            else:
                self.fields[field.name] = forms.IntegerField(label=label, help_text=help_text)

    def groups(self) -> list[tuple[str, list]]:
        """The visible fields per area, in the page's order."""
        return [
            (str(area.label), [self[f.name] for f in bs.FIELDS if f.area == area.key]) for area in bs.AREAS
        ]

    def values(self) -> dict:
        return {f.name: self.cleaned_data[f.name] for f in bs.FIELDS}

    def versions(self) -> dict:
        return {a.key: self.cleaned_data[f"version_{a.key}"] for a in bs.AREAS}


class BodySettingsView(FormPage):
    form_class = BodySettingsForm
    template_name = "cadres/settings.html"
    title = gettext_lazy("干部监督设置")
    intro = gettext_lazy(
        "种子文件中写作“XX”的期限和比例由各单位设定；未设定的按产品默认值。修改留有审计记录。"
    )

    def load(self, **kwargs):
        bodies = bs.bodies(self.actor)
        wanted = self.request.GET.get("body", "")
        if wanted.isdigit():
            body = bodies.filter(pk=int(wanted)).first()
            if body is None:
                raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        else:
            body = bodies.first()
        if body is None:
            raise NotPermitted("not_permitted", _("只有本单位组织人事部门或纪检监察机构可以修改干部监督设置"))
        return bs.settings_get(actor=self.actor, body=body)

    def check(self, obj) -> None:
        pass  # settings_get checked the permission over the body

    def initial(self, obj) -> dict:
        values = dict(obj.values)
        values.update({f"version_{key}": v for key, v in obj.versions.items()})
        return values

    def perform(self, form, obj):
        return bs.settings_save(
            actor=self.actor, body=obj.body, expected_versions=form.versions(), **form.values()
        )

    def done(self, result, obj) -> str:
        return f"{reverse('cadres:settings')}?body={obj.body.pk}"

    def success_message(self, result, obj) -> str:
        return _("已保存%(body)s的干部监督设置") % {"body": obj.body.name}

    def cancel_url(self, obj) -> str:
        return reverse("cadres:evaluation_list")

    def context(self, obj) -> dict:
        return {
            "body": obj.body,
            "bodies": bs.bodies(self.actor),
            "on_defaults": [str(bs.AREA[k].label) for k in bs.AREA if k in obj.on_defaults],
        }


class OldSettingsRedirect(RedirectView):
    """An old per-area settings page: permanently the one settings page (its ``?body=`` kept), so
    that old links still work and a setting has one way to change, versioned (AUD-3)."""

    permanent = True
    pattern_name = "cadres:settings"
    query_string = True
