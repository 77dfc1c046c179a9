"""The steps of a version's life (CAT-116) as confirmation pages (GET asks, POST does): submit for
review, the legal and discipline reviews, publication, and a new version of a published power."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.catalog import errors, services
from sunshine.catalog.choices import ReviewKind
from sunshine.catalog.forms import ConfirmForm, NewVersionForm, ReviewForm
from sunshine.catalog.views.common import VersionPage, problem_rows, version_url
from sunshine.catalog.views.items import REVIEW_PERMISSION
from sunshine.core.errors import NotPermitted, RuleViolated
from sunshine.core.permissions import has_permission, require_permission


class ProblemsPage(VersionPage):
    """A step refused while the version is incomplete: the page lists every missing element with
    its rule (依据), not only the first."""

    form_class = ConfirmForm
    problems = ()

    def run(self, form, obj):
        raise NotImplementedError

    def perform(self, form, obj):
        try:
            return self.run(form, obj)
        except RuleViolated as error:
            if error.code == errors.NOT_PUBLISHABLE:
                self.problems = problem_rows(services.publication_problems(obj))
            raise

    def context(self, obj) -> dict:
        return {"version": obj, "problems": self.problems}


class SubmitView(ProblemsPage):
    title = gettext_lazy("提交审核")
    submit_label = gettext_lazy("提交审核")
    intro = gettext_lazy(
        "提交后由法制机构和纪检机构审核（CAT-116）；审核期间不能修改，退回后可继续修改。"
        "缺少任何要素的事项不能提交。"
    )

    def check(self, obj) -> None:
        require_permission(self.actor, "catalog.edit", obj)

    def run(self, form, obj):
        return services.version_submit(
            actor=self.actor, version=obj, expected_version=form.cleaned_data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已提交审核")


class PublishView(ProblemsPage):
    title = gettext_lazy("发布")
    submit_label = gettext_lazy("发布")
    intro = gettext_lazy(
        "发布后向社会（或本单位内部）公开，原现行版本同时被替代；已发布的版本不能再修改（AUD-4）。"
    )

    def check(self, obj) -> None:
        require_permission(self.actor, "catalog.publish", obj)

    def run(self, form, obj):
        return services.version_publish(
            actor=self.actor, version=obj, expected_version=form.cleaned_data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已发布“%(name)s”第%(n)d版") % {"name": obj.name, "n": obj.number}


class ReviewView(VersionPage):
    form_class = ReviewForm
    title = gettext_lazy("审核")
    submit_label = gettext_lazy("提交审核意见")
    intro = gettext_lazy(
        "对照法律法规核对职权依据，对照实际核对流程图，对照上级清单核对名称（CAT-117）。"
        "同意须两个机构都同意后方可发布；退回则回到草稿。"
    )

    def kinds(self, obj) -> list[str]:
        return [kind for kind, perm in REVIEW_PERMISSION.items() if has_permission(self.actor, perm, obj)]

    def check(self, obj) -> None:
        if not self.kinds(obj):
            raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))

    def form_kwargs(self, obj) -> dict:
        return {"kinds": self.kinds(obj)}

    def initial(self, obj) -> dict:
        kinds = self.kinds(obj)
        return {"kind": kinds[0] if kinds else ReviewKind.LEGAL}

    def perform(self, form, obj):
        return services.version_review(actor=self.actor, version=obj, **form.cleaned_data)

    def success_message(self, result, obj) -> str:
        return _("已记录%(kind)s意见：%(outcome)s") % {
            "kind": result.get_kind_display(),
            "outcome": result.get_outcome_display(),
        }


class NewVersionView(VersionPage):
    form_class = NewVersionForm
    title = gettext_lazy("创建新版本")
    submit_label = gettext_lazy("创建新版本")
    intro = gettext_lazy(
        "已发布的版本不能修改；修改须在新版本上进行，新版本复制现行内容，审核发布后替代原版本（AUD-4）。"
    )

    def initial(self, obj) -> dict:
        return {}

    def check(self, obj) -> None:
        require_permission(self.actor, "catalog.edit", obj)

    def perform(self, form, obj):
        return services.version_new(
            actor=self.actor, item=obj.item, change_note=form.cleaned_data["change_note"]
        )

    def done(self, result, obj) -> str:
        return version_url(result)

    def success_message(self, result, obj) -> str:
        return _("已创建第%(n)d版草稿") % {"n": result.number}


__all__ = ["NewVersionView", "PublishView", "ReviewView", "SubmitView"]
