"""Template context for every staff page: the navigation the user may see, unread messages."""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from sunshine.core.permissions import RoleKind, admin_kind
from sunshine.core.selectors import unread_count


def _nav_entries():
    for config in apps.get_app_configs():
        yield from getattr(config, "navigation", [])


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for url_name, label, perm, _order in sorted(_nav_entries(), key=lambda entry: entry[3]):
        if perm is not None and not user.has_perm(perm):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a module whose pages are not wired yet is not shown
            continue
        matches = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"url": url, "label": label, "active": False, "match": len(url) if matches else -1})
    # Only the entry with the longest matching URL is the current page (/cases/ vs /cases/all/).
    best = max(items, key=lambda item: item["match"], default=None)
    if best is not None and best["match"] >= 0:
        best["active"] = True
    kind = admin_kind(user)
    return {
        "nav_items": items,
        "unread_count": unread_count(actor=user),
        "admin_kind_label": RoleKind(kind).label if kind else "",
    }
