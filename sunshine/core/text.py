"""Joining words for people in the active language: 、 and ； in Chinese, commas in English."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


def enumeration(items: Iterable) -> str:
    """'财务、人事' / 'finance, personnel': items of one list inside a sentence."""
    return _("、").join(str(item) for item in items)


def sentences(items: Iterable) -> str:
    """Several messages or clauses in one line: '；' in Chinese, '; ' in English."""
    return _("；").join(str(item) for item in items)
