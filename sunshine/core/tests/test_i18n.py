"""The English translation: a complete catalogue, a compiled .mo that matches it, and pages in English.

The interface is written in Chinese (gettext source strings) and switchable to English through the
language select in the top bar (Django's set_language view), a django_language cookie or the
browser's Accept-Language. `make messages` refreshes and compiles the catalogue.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from sunshine.core.rules import REGULATIONS, RULES

LOCALE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

CJK = re.compile(r"[\u3400-\u9fff]")
# Full-width punctuation that has no place in English text.
CHINESE_PUNCTUATION = re.compile("[，。：；、（）\u201c\u201d\u2018\u2019《》〔〕【】！？]")
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%[sdif%]|\{\{[^}]*\}\}|\{[a-z_]*\}")


# --- A small .po reader (no third-party dependency) -------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr / msgstr[n], flags, line."""
    entries: list[dict] = []
    entry: dict | None = None
    key = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "line": number}
            entries.append(entry)
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def placeholders(text: str) -> set[str]:
    return {p for p in PLACEHOLDER.findall(text) if p != "%%"}


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    entries = read_po(PO)
    assert entries, f"{PO} is empty"
    assert entries[0]["msgid"] == "", "the catalogue should start with its header"
    return entries


@pytest.fixture(scope="module")
def messages(catalogue) -> list[dict]:
    return catalogue[1:]


# --- The catalogue ----------------------------------------------------------------------------------


def test_catalogue_header_is_english_and_not_fuzzy(catalogue):
    header = catalogue[0]
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]


def test_every_entry_is_translated(messages):
    untranslated = [e["msgid"] for e in messages if not all(s.strip() for s in translations(e))]
    assert not untranslated, f"untranslated entries in {PO.name}: {untranslated}"


def test_no_entry_is_fuzzy(messages):
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries in {PO.name} (review them and remove the flag): {fuzzy}"


def test_plural_entries_have_both_forms(messages):
    for entry in messages:
        if "msgid_plural" in entry:
            assert entry.get("msgstr[0]"), entry["msgid"]
            assert entry.get("msgstr[1]"), entry["msgid"]


def test_translations_keep_the_placeholders(messages):
    broken = []
    for entry in messages:
        expected = placeholders(entry["msgid"]) | placeholders(entry.get("msgid_plural", ""))
        for text in translations(entry):
            if placeholders(text) != expected:
                broken.append((entry["msgid"], text))
    assert not broken, f"placeholders changed: {broken}"


def test_translations_are_english(messages):
    """No Chinese punctuation, and Chinese words only where quoted as input the program accepts."""
    bad = []
    for entry in messages:
        for text in translations(entry):
            unquoted = re.sub(r'"[^"]*"', "", text)
            if CHINESE_PUNCTUATION.search(text) or CJK.search(unquoted):
                bad.append(text)
    assert not bad, f"translations with Chinese text or punctuation: {bad}"


def test_domain_terms_are_rendered_consistently(messages):
    by_msgid = {e["msgid"]: e.get("msgstr") for e in messages}
    assert by_msgid["阳光权力运行平台"] == "Sunshine Power Platform"
    assert by_msgid["工作台"] == "Workbench"
    assert by_msgid["审计日志"] == "Audit trail"
    assert by_msgid["依据"] == "Basis"
    assert by_msgid["主要负责人"] == "Principal leader"
    assert by_msgid["分管领导"] == "Leader in charge"
    assert by_msgid["承办人"] == "Case handler"
    for msgid, text in by_msgid.items():
        if text and "五个不直接分管" in msgid:
            assert "five areas the principal leader may not directly oversee" in text, msgid
        if text and "三员分立" in msgid:
            assert "separation of the three administrators" in text.lower(), msgid


def test_the_rules_registry_reads_in_english():
    """Every rule and regulation shown as 依据 (Basis) beside an error is translated."""
    with translation.override("en"):
        texts = [str(text) for text in REGULATIONS.values()]
        for rule in RULES.values():
            texts += [str(rule.title), rule.source]
    untranslated = [text for text in texts if CJK.search(text)]
    assert not untranslated, f"rules without an English translation: {untranslated}"


# --- The compiled catalogue ---------------------------------------------------------------------------


def test_compiled_catalogue_is_up_to_date(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    assert MO.exists(), f"{MO} is missing: run `make messages`"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(PO)], check=True, capture_output=True)
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        committed_catalog = gettext.GNUTranslations(committed)._catalog
        compiled_catalog = gettext.GNUTranslations(compiled)._catalog
    stale = sorted(
        str(key)
        for key in compiled_catalog.keys() | committed_catalog.keys()
        if compiled_catalog.get(key) != committed_catalog.get(key)
    )
    assert not stale, f"{MO.name} does not match {PO.name}; run `make messages`. Differences: {stale}"


# --- Pages in English ---------------------------------------------------------------------------------


def chrome_without_names(html: str) -> str:
    """The page minus what is data rather than interface: the Chinese language option, the
    signed-in person's name (demo and test names are Chinese) and the greeting that carries it."""
    html = re.sub(r"<option[^>]*>简体中文</option>", "", html)
    html = re.sub(r'<span class="whoami"[^>]*>.*?</span>', "", html, flags=re.S)
    return html


def section(html: str, pattern: str) -> str:
    match = re.search(pattern, html, flags=re.S)
    assert match, f"no match for {pattern!r}"
    return match.group(0)


def switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_log_in_page_in_english_after_switching(client):
    switch_to_english(client)
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in html
    for text in (
        "Sunshine Power Platform",
        "Log in",
        "Username",
        "Password",
        "Language",
        "locked for 15 minutes",
    ):
        assert text in html, text
    assert not CJK.search(chrome_without_names(html)), "Chinese left on the English log-in page"


@pytest.mark.django_db
def test_log_in_page_follows_accept_language(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


@pytest.mark.django_db
def test_chinese_stays_the_default(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "阳光权力运行平台" in html


@pytest.mark.django_db
def test_workbench_in_english_for_a_clerk(client, clerk, password):
    switch_to_english(client)
    response = client.post("/accounts/login/", {"username": clerk.username, "password": password})
    assert response.status_code == 302, "log-in failed"
    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "Hello, 张承办" in html
    for text in ("Workbench", "Messages", "Change password", "Log out", "Unread messages", "All messages"):
        assert text in html, text

    nav = section(html, r'<nav class="sidebar".*?</nav>')
    assert "Workbench" in nav
    assert not CJK.search(nav), f"Chinese labels in the navigation: {nav}"
    header = chrome_without_names(section(html, r'<header class="topbar">.*?</header>'))
    assert not CJK.search(header), f"Chinese labels in the top bar: {header}"


@pytest.mark.django_db
def test_switching_back_to_chinese(client, clerk):
    client.force_login(clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Workbench" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "张承办，您好" in html
