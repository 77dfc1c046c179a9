from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "sunshine.catalog"
    label = "catalog"
    verbose_name = _("权力清单")
    navigation = [("catalog:item_list", _("权力清单"), "catalog.view", 20)]

    builtin_role_permissions = {
        "clerk": ["catalog.view", "catalog.edit"],
        "section_head": ["catalog.view", "catalog.edit"],
        "deputy_leader": ["catalog.view", "catalog.edit", "catalog.publish"],
        "principal_leader": ["catalog.view", "catalog.publish"],
        "discipline_inspector": ["catalog.view", "catalog.review_discipline"],
        "office_clerk": ["catalog.view", "catalog.edit", "catalog.import"],
        "legal_reviewer": ["catalog.view", "catalog.review_legal"],
    }

    def ready(self) -> None:
        from sunshine.core import permissions

        permissions.register("catalog.view", _("查看权力清单和流程图"))
        permissions.register("catalog.edit", _("编制职权事项、流程图和风险点"))
        permissions.register("catalog.review_legal", _("法制审核职权事项"))
        permissions.register("catalog.review_discipline", _("纪检审核职权事项"))
        permissions.register("catalog.publish", _("发布职权事项"))
        permissions.register("catalog.import", _("导入权力清单"))
