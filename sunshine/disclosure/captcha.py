"""The portal's captcha, needing no outside service (issue #8 §3, §6, §7): shared by every public form
that takes input from anyone (complaints and reports in petitions, comments on decisions under public
notice). Moved here from petitions.guard, which re-exports it.

The captcha asks a sum in Chinese words ("七加五等于几？"): readable by a screen reader (WCAG 2.1 AA,
unlike a distorted image), answered with digits. The expected answer travels in a signed, timed
token (django.core.signing), never in the page; each token is accepted once (its id is remembered
in the ``default`` cache until it expires), so a solved captcha cannot be replayed. A page carrying a
captcha is therefore never cached (its token is for one visitor).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core.errors import InvalidInput

DIGITS = "零一二三四五六七八九十"
# The salt keeps its first name: tokens handed out before the move stay valid.
CAPTCHA_SALT = "sunshine.petitions.captcha"
CAPTCHA_MAX_AGE = 15 * 60


def _words(n: int) -> str:
    return DIGITS[n] if n <= 10 else f"十{DIGITS[n - 10]}"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def captcha_new() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a + b, "n": secrets.token_hex(8)}, salt=CAPTCHA_SALT, compress=True)
    return Challenge(question=_("%(a)s加%(b)s等于几？") % {"a": _words(a), "b": _words(b)}, token=token)


def captcha_check(*, token: str, answer: str) -> None:
    """Accept a solved captcha once; raise InvalidInput on the ``captcha`` field otherwise."""
    wrong = InvalidInput("captcha_wrong", _("验证题答案不正确，请重新作答"), field="captcha")
    try:
        data = signing.loads(token or "", salt=CAPTCHA_SALT, max_age=CAPTCHA_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidInput("captcha_expired", _("验证题已过期，请重新作答"), field="captcha") from None
    except signing.BadSignature:
        raise wrong from None
    if (answer or "").strip() != str(data.get("a")):
        raise wrong
    if not cache.add(f"captcha-used:{data.get('n')}", 1, CAPTCHA_MAX_AGE):
        raise InvalidInput("captcha_used", _("验证题已使用，请重新作答"), field="captcha")


class CaptchaMixin(forms.Form):
    """The two fields of the captcha: the signed token (hidden) and the answer."""

    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha = forms.CharField(
        label=gettext_lazy("验证题"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def ask(form, question: str) -> None:
    """Put the captcha's question in its field's label, so that it reads next to its input (the
    bound field too: a validated form has copied the old label into it)."""
    label = format_html(
        '<span data-testid="captcha-question">{}{}</span>{}',
        _("验证题："),
        question,
        _("（请填写阿拉伯数字）"),
    )
    form.fields["captcha"].label = label
    form["captcha"].label = label


def with_captcha(form_class, **kwargs):
    """A new form with a new question: (form, question)."""
    challenge = captcha_new()
    form = form_class(initial={"captcha_token": challenge.token}, **kwargs)
    ask(form, challenge.question)
    return form, challenge.question


def again(form_class, request, error=None, *, forget=(), **kwargs):
    """The form as sent, with a new captcha question (a question is answered once) and the errors:
    those of the fields named in ``forget`` (e.g. a password, files) are dropped, and a domain error
    from the service is put on its field."""
    from sunshine.core.views import apply_domain_error

    challenge = captcha_new()
    data = request.POST.copy()
    data["captcha_token"] = challenge.token
    data["captcha"] = ""
    form = form_class(data, **kwargs)
    form.is_valid()
    for name in ("captcha", "captcha_token", *forget):
        form.errors.pop(name, None)
    if error is not None:
        apply_domain_error(form, error)
    ask(form, challenge.question)
    return form, challenge.question
