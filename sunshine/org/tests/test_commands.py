"""``sunshine bootstrap``: the first administrators of a production installation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sunshine.core.models import User
from sunshine.org.backends import admin_kind_of
from sunshine.org.models import RoleAssignment, Unit

pytestmark = pytest.mark.django_db
ARGS = ["--system-admin", "root", "--security-admin", "guard", "--audit-admin", "watch"]


@pytest.fixture
def password_file(tmp_path):
    def write(**passwords):
        path = tmp_path / "passwords"
        path.write_text("# first passwords\n" + "".join(f"{u}:{p}\n" for u, p in passwords.items()))
        return str(path)

    return write


GOOD = {"root": "Admin#Pass2026", "guard": "Keeper#Pass2026", "watch": "Eyes#Pass2026"}


def bootstrap(*extra):
    out = StringIO()
    call_command("bootstrap", *ARGS, *extra, stdout=out)
    return out.getvalue()


def test_bootstrap_creates_the_root_body_and_three_administrators(password_file):
    output = bootstrap("--body-name", "某市人民政府", "--password-file", password_file(**GOOD))
    body = Unit.objects.get(name="某市人民政府")
    assert body.parent_id is None
    for username, kind in [("root", "system_admin"), ("guard", "security_admin"), ("watch", "audit_admin")]:
        user = User.objects.get(username=username)
        assert admin_kind_of(user) == kind
        assert user.must_change_password
        assert RoleAssignment.objects.get(user=user).data_scope == "all"
    assert "must change the password" in output


def test_weak_password_is_refused_and_nothing_is_created(password_file):
    with pytest.raises(CommandError, match="watch"):
        bootstrap(
            "--body-name", "某市人民政府", "--password-file", password_file(**{**GOOD, "watch": "password1"})
        )
    assert not User.objects.exists()
    assert not Unit.objects.exists()


def test_administrators_need_passwords_of_their_own(password_file):
    """SEC-1: three administrators sharing one password are one person."""
    same = dict.fromkeys(GOOD, "Shared#Pass2026")
    with pytest.raises(CommandError, match="SEC-1"):
        bootstrap("--body-name", "某市人民政府", "--password-file", password_file(**same))


def test_one_account_cannot_be_two_administrators(password_file):
    with pytest.raises(CommandError, match="SEC-1"):
        call_command(
            "bootstrap",
            "--system-admin", "root", "--security-admin", "ROOT", "--audit-admin", "watch",
            "--body-name", "X", "--password-file", password_file(**GOOD),
            stdout=StringIO(),
        )  # fmt: skip


def test_passwords_from_the_environment(monkeypatch):
    monkeypatch.setenv("SUNSHINE_SYSTEM_ADMIN_PASSWORD", GOOD["root"])
    monkeypatch.setenv("SUNSHINE_SECURITY_ADMIN_PASSWORD", GOOD["guard"])
    monkeypatch.setenv("SUNSHINE_AUDIT_ADMIN_PASSWORD", GOOD["watch"])
    bootstrap("--body-name", "某市人民政府")
    assert User.objects.get(username="guard").check_password(GOOD["guard"])


def test_second_run_leaves_administrators_alone_and_can_reset_them(password_file):
    bootstrap("--body-name", "某市人民政府", "--password-file", password_file(**GOOD))
    root = User.objects.get(username="root")
    root.set_password("Mine#Own2026pw")
    root.must_change_password = False
    root.save()
    assert "unchanged" in bootstrap("--password-file", password_file(**GOOD))
    assert User.objects.get(username="root").check_password("Mine#Own2026pw")
    fresh = {"root": "Reset#Pass2026", "guard": "Reset#Keep2026", "watch": "Reset#Eyes2026"}
    bootstrap("--reset-password", "--password-file", password_file(**fresh))
    root.refresh_from_db()
    assert root.check_password("Reset#Pass2026")
    assert root.must_change_password


def test_existing_business_account_is_not_made_an_administrator(password_file, clerk):
    with pytest.raises(CommandError, match="clerk"):
        call_command(
            "bootstrap",
            "--system-admin", "clerk", "--security-admin", "guard", "--audit-admin", "watch",
            "--password-file", password_file(**GOOD),
            stdout=StringIO(),
        )  # fmt: skip


def test_no_root_body_needs_a_name(password_file):
    with pytest.raises(CommandError, match="--body-name"):
        bootstrap("--password-file", password_file(**GOOD))
