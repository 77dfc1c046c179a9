"""The built-in flowchart templates shipped as BPMN files in ``templates/``."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .errors import gettext_noop

# name -> Chinese title (a msgid: translate when shown)
TEMPLATES = {
    "permit": gettext_noop("标准行政许可流程"),
    "penalty": gettext_noop("标准行政处罚流程"),
}


@cache
def template(name: str) -> str:
    """The BPMN XML of a built-in template; KeyError for an unknown name."""
    if name not in TEMPLATES:
        raise KeyError(f"unknown flowchart template {name!r}; known: {', '.join(TEMPLATES)}")
    return resources.files(__package__).joinpath("templates", f"{name}.bpmn").read_text(encoding="utf-8")


def name_lanes(xml: str, names: dict[str, str]) -> str:
    """``xml`` with the lanes whose id is a key of ``names`` renamed: a template's generic lanes
    (承办岗, 分管领导 …) given the names of a body's real posts, so that a post's personal power list
    finds its steps (a lane names the post that handles its steps)."""
    from lxml import etree

    from .document import bpmn, load

    root = load(xml)
    for lane in root.iter(bpmn("lane")):
        if (name := names.get(lane.get("id"))) is not None:
            lane.set("name", name)
    return etree.tostring(root, encoding="unicode")
