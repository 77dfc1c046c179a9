from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "sunshine.decisions"
    label = "decisions"
    # This app's entries in a cadre's integrity file (cadres.file_sources).
    integrity_sources = ["sunshine.cadres.integrity.sources.decisions"]
    verbose_name = _("三重一大集体决策")
    navigation = [
        ("decisions:topic_list", _("三重一大议题"), "decisions.view", 50),
        ("decisions:meeting_list", _("决策会议"), "decisions.view", 51),
        ("decisions:settings", _("议事决策规范"), "decisions.configure", 52),
        ("decisions:oversight", _("三重一大决策监督"), "decisions.oversee", 53),
    ]

    # Default permissions of the built-in roles (org.builtin): who proposes, prepares, reviews,
    # runs meetings and oversees. Members vote as members of a meeting, not by a permission.
    builtin_role_permissions = {
        "clerk": ["decisions.view", "decisions.propose", "decisions.prepare"],
        "section_head": ["decisions.view", "decisions.propose", "decisions.prepare"],
        "deputy_leader": ["decisions.view", "decisions.propose", "decisions.prepare"],
        "principal_leader": ["decisions.view", "decisions.propose", "decisions.configure"],
        "office_clerk": ["decisions.view", "decisions.office"],
        "legal_reviewer": ["decisions.view", "decisions.legal_review"],
        "discipline_inspector": ["decisions.view", "decisions.oversee"],
    }

    def ready(self) -> None:
        from sunshine.core import permissions

        permissions.register("decisions.view", _("查看三重一大议题和会议"))
        permissions.register("decisions.propose", _("提出三重一大议题"))
        permissions.register("decisions.prepare", _("办理议题前置程序（调研、论证、评估、征求意见、公开）"))
        permissions.register("decisions.legal_review", _("合法性审查（法制机构）"))
        permissions.register("decisions.office", _("议题审核、会议组织、记录和纪要（办公室）"))
        permissions.register("decisions.configure", _("设置本单位议事决策规范"))
        permissions.register("decisions.oversee", _("监督集体决策（纪检监察）"))

        from sunshine.cases import signals
        from sunshine.decisions.services.outside import on_case_decision

        # §1 of issue #7: an item at or above the threshold decided outside this module (DEC-3)
        signals.decision_recorded.connect(on_case_decision, dispatch_uid="decisions.outside.case_decision")
