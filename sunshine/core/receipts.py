"""Receipt codes and follow-up secrets for records the public files without an account (信访举报
PTN-3, 依申请公开 PUB-208): a random code to name the record and a secret, shown once, to open it.

Shared by petitions and disclosure so that both follow one rule (docs/decisions/0013 PTN-3):

- the code is a prefix and 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L, so that
  a code read over the phone is typed right; 31^10 ≈ 8·10^14: not guessable, not sequential);
- the secret is 12 URL-safe characters, stored only as a password hash (Django's hashers);
- :func:`secret_matches` checks a secret against a stored hash, or against a dummy hash when no record
  has the code, so that a wrong code and a wrong secret cost the same time.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import check_password, make_password

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
SECRET_BYTES = 9  # 12 characters of URL-safe base64

_dummy_hash: str | None = None


def new_code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def hash_secret(secret: str) -> str:
    return make_password(secret)


def normalise_code(code: str) -> str:
    """What a person typed, as stored: no spaces, upper case."""
    return "".join((code or "").split()).upper()


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    """Whether ``secret`` opens the record whose secret hash is ``stored_hash``; ``None`` when no
    record has the code typed: a dummy hash is checked then, so that the time is the same."""
    global _dummy_hash
    if stored_hash is None:
        if _dummy_hash is None:
            _dummy_hash = make_password(new_secret())
        check_password(secret or "", _dummy_hash)
        return False
    return bool(secret) and check_password(secret.strip(), stored_hash)
