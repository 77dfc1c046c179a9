"""Settings for the test suite: the production settings with fast hashing and in-memory outboxes."""

import os

os.environ.setdefault("SUNSHINE_HTTPS", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks-0123456789")

from sunshine.settings import *  # noqa: F403

# Argon2 still, so the tests exercise the real hasher, but with test-sized cost.
PASSWORD_HASHERS = ["sunshine.core.hashers.TestArgon2PasswordHasher"]
ALLOWED_HOSTS = ["*"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "sunshine.core.sms.MemoryBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # tests never collectstatic: serve from the sources
STATIC_ROOT = None
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-default"},
    "portal": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-portal"},
}

# A second alias on the test database (Django's TEST MIRROR) for the read replica's tests
# (disclosure/tests/test_replica.py); the portal routes to it only when PORTAL_REPLICA names it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
PORTAL_REPLICA = ""
