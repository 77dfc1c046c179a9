"""Words joined and stored names shown in the active language."""

from django.template import Context, Template
from django.utils import translation

from sunshine.core.text import enumeration, sentences


def test_lists_join_with_the_enumeration_comma_in_chinese_and_a_comma_in_english():
    with translation.override("zh-hans"):
        assert enumeration(["财务", "人事"]) == "财务、人事"
        assert sentences(["甲", "乙"]) == "甲；乙"
    with translation.override("en"):
        assert enumeration(["finance", "personnel"]) == "finance, personnel"
        assert sentences(["a", "b"]) == "a; b"


def test_names_the_product_supplied_are_translated_and_typed_names_shown_as_typed():
    template = Template(
        "{% load sunshine %}{{ builtin|translated }}|{{ typed|translated }}|{{ empty|translated }}"
    )
    with translation.override("en"):
        html = template.render(Context({"builtin": "国庆节", "typed": "县庆日", "empty": None}))
    assert html == "National Day|县庆日|"
