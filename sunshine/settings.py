"""Django settings for Sunshine.

Everything a deployment changes comes from the environment (see README, "Configuration"):
DATABASE_URL (and DATABASE_REPLICA_URL), SECRET_KEY, ALLOWED_HOSTS, DEBUG, SUNSHINE_HTTPS,
SUNSHINE_VAR_DIR, EMAIL_URL-like settings. Debug is off unless DEBUG=1 (``make run`` sets it).
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Embedded state (SQLite database, generated secret key, uploads) lives under var/.
VAR_DIR = Path(os.environ.get("SUNSHINE_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/secret_key."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "sunshine.core",
    "sunshine.org",
    "sunshine.workdays",
    "sunshine.catalog",
    "sunshine.flows",
    "sunshine.cases",
    "sunshine.oversight",
    "sunshine.petitions",
    "sunshine.decisions",
    "sunshine.disclosure",
    "sunshine.accountability",
    "sunshine.cadres",
]

MIDDLEWARE = [
    "sunshine.core.middleware.AuditContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sunshine.disclosure.cache.PortalCacheMiddleware",  # public pages from the page cache
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sunshine.core.middleware.IdleTimeoutMiddleware",
    "sunshine.core.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sunshine.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "sunshine.urls"
WSGI_APPLICATION = "sunshine.wsgi.application"
ASGI_APPLICATION = "sunshine.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sunshine.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------
# DATABASE_URL selects the database: sqlite:///path or postgres://user:pass@host:port/name.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sunshine.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: every transaction takes the write lock at BEGIN, so two writers queue up
        # instead of failing with "database is locked" when one upgrades a read to a write.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    # The statements core.prepared prepares (a case step's, the audit record's) are looked up by key:
    # their generic plan is the plan, so the server need not plan them again on each run to compare
    # (ADR 0023). Django's own statements bind on the client and are not prepared: unaffected.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
# DATABASE_REPLICA_URL (optional): a read-only copy of the database (e.g. a PostgreSQL streaming
# replica). The portal's read-only pages read from it; every write goes to DATABASE_URL (ADR 0012).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
PORTAL_REPLICA = ""
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"]["CONN_MAX_AGE"] = 0
        DATABASES["replica"]["OPTIONS"] = {"timeout": 20}
    PORTAL_REPLICA = "replica"
DATABASE_ROUTERS = ["sunshine.disclosure.replica.PortalReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "sunshine.core.auth.AccountBackend",  # password log-in with lock-out
    "sunshine.org.backends.RoleBackend",  # permissions from role assignments and data scope
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "sunshine.core.password_validation.LengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "sunshine.core.password_validation.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "sunshine.core.password_validation.NotUsernameValidator"},
    {"NAME": "sunshine.core.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:workbench"
LOGOUT_REDIRECT_URL = "login"

# Risk grading (CAT-4): importance * frequency * likelihood (each 1..3) at or above these is A / B.
SUNSHINE_RISK_LEVEL_CUTS = {"A": 12, "B": 6}
# A case's extensions in all, in working days (CASE-115; 5 for the retail fireworks permit).
SUNSHINE_CASE_MAX_EXTENSION = int(os.environ.get("SUNSHINE_CASE_MAX_EXTENSION", 10))
# The applicant's time to hand in what a one-time notice lists, in working days from the notice; the
# seeds give none (DOMAIN.md "Known gaps"; rule CASE-105A, docs/decisions/0008-penalty-clocks.md).
SUNSHINE_CORRECTION_PERIOD_WORKDAYS = int(os.environ.get("SUNSHINE_CORRECTION_PERIOD_WORKDAYS", 20))
# The right to a hearing before a major penalty (CASE-149, docs/decisions/0008 addendum): the seed
# gives neither the party's time to ask nor the 较大数额; product defaults, per kind of party (yuan).
SUNSHINE_HEARING_REQUEST_DAYS = int(os.environ.get("SUNSHINE_HEARING_REQUEST_DAYS", 5))
SUNSHINE_HEARING_AMOUNTS = {
    "person": int(os.environ.get("SUNSHINE_HEARING_AMOUNT_PERSON", 10_000)),
    "organisation": int(os.environ.get("SUNSHINE_HEARING_AMOUNT_ORGANISATION", 50_000)),
}

# 5 failed log-ins lock the account for 15 minutes (SEC-2).
LOGIN_MAX_FAILURES = int(os.environ.get("SUNSHINE_LOGIN_MAX_FAILURES", 5))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("SUNSHINE_LOGIN_LOCKOUT_SECONDS", 15 * 60))
# 30 minutes without a request ends a session (SEC-3).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SUNSHINE_SESSION_IDLE_TIMEOUT", 30 * 60))
# The absolute limit of a session; idling ends it much sooner (IdleTimeoutMiddleware and the periodic
# sweep, which both audit it). Longer than the idle limit, so that an idle session is still there to
# be ended and audited rather than silently expired.
SESSION_COOKIE_AGE = int(os.environ.get("SUNSHINE_SESSION_MAX_AGE", 12 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "sunshine.core.views.csrf_failure"
API_TOKEN_TTL_SECONDS = int(os.environ.get("SUNSHINE_API_TOKEN_TTL", 8 * 3600))

# Behind HTTPS (the default outside DEBUG) cookies are secure and HTTP is redirected.
# SUNSHINE_HTTPS=0 is for a plain-HTTP intranet only; `sunshine check --deploy` then warns.
HTTPS = env_bool("SUNSHINE_HTTPS", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SUNSHINE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SUNSHINE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SUNSHINE_HSTS_PRELOAD", False)
    if env_bool("SUNSHINE_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = ["security.W021"] if not env_bool("SUNSHINE_HSTS_PRELOAD", False) else []

# --- Language and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project's own CSS, JS and vendored htmx
STATIC_ROOT = VAR_DIR / "static"  # `sunshine collectstatic` gathers everything here for production
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# --- API ------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sunshine.core.api_auth.TokenAuthentication",
        "sunshine.core.api_auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sunshine.core.api_auth.IsAuthenticatedAccount"],
    "DEFAULT_PAGINATION_CLASS": "sunshine.core.api.LimitOffsetPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "sunshine.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sunshine API",
    "DESCRIPTION": "阳光权力运行平台 REST API (v1). Errors: {code, message, field, errors, rule}.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No request leaves the intranet: no online validator badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set used under several field names (the `kind` of units, posts,
    # roles and calendar days), so that the schema is stable and the deploy check stays quiet.
    "ENUM_NAME_OVERRIDES": {
        # Case alerts and record alerts share their levels and states (oversight.records).
        "AlertLevelEnum": "sunshine.oversight.choices.AlertLevel",
        "AlertStatusEnum": "sunshine.oversight.choices.AlertStatus",
        "CategoryEnum": "sunshine.catalog.choices.Category",
        "EvaluationAttendeeCategoryEnum": "sunshine.cadres.evaluation.choices.Category",
        "EvaluationRoundStatusEnum": "sunshine.cadres.evaluation.choices.RoundStatus",
        "EvaluationGradeEnum": "sunshine.cadres.evaluation.choices.Grade",
        "EvaluationScaleEnum": "sunshine.cadres.evaluation.choices.Scale",
        "AccountabilitySourceEnum": "sunshine.accountability.choices.Source",
        "TalkKindEnum": "sunshine.cadres.talks.choices.Kind",
        "TalkOutcomeEnum": "sunshine.cadres.talks.choices.Outcome",
        "TalkFollowUpMethodEnum": "sunshine.cadres.talks.choices.FollowUpMethod",
        "TalkStatusEnum": "sunshine.cadres.talks.choices.Status",
        "TalkEscalationEnum": "sunshine.cadres.talks.choices.Escalation",
        "TalkSourceKindEnum": "sunshine.cadres.talks.choices.SourceKind",
        "AccountabilityTierEnum": "sunshine.accountability.choices.Tier",
        "FactorKindEnum": "sunshine.accountability.choices.FactorKind",
        "AccountabilityReviewOutcomeEnum": "sunshine.accountability.choices.ReviewOutcome",
        "UnitKindEnum": "sunshine.org.choices.UnitKind",
        "PostKindEnum": "sunshine.org.choices.PostKind",
        "RoleKindEnum": "sunshine.core.permissions.RoleKind",
        "DayKindEnum": "sunshine.workdays.choices.DayKind",
        "PeriodUnitEnum": "sunshine.workdays.choices.PeriodUnit",
        "RiskLevelEnum": "sunshine.catalog.choices.RiskLevel",
        "LegalLevelEnum": "sunshine.catalog.choices.LegalLevel",
        "ReviewKindEnum": "sunshine.catalog.choices.ReviewKind",
        "CaseStatusEnum": "sunshine.cases.choices.CaseStatus",
        "DecisionKindEnum": "sunshine.cases.outcome.choices.DecisionKind",
        "PowerStatusEnum": "sunshine.catalog.choices.Status",
        "TaskStatusEnum": "sunshine.cases.choices.TaskStatus",
        "OrderSourceEnum": "sunshine.oversight.choices.OrderSource",
        "SourceEnum": "sunshine.workdays.choices.ScheduleSource",  # keeps its name beside OrderSource
        "PetitionKindEnum": "sunshine.petitions.choices.PetitionKind",
        "PetitionStatusEnum": "sunshine.petitions.choices.PetitionStatus",
        "PetitionChannelEnum": "sunshine.petitions.choices.Channel",
        "SatisfactionEnum": "sunshine.petitions.choices.Satisfaction",
        "PetitionEventKindEnum": "sunshine.petitions.choices.EventKind",
        "PetitionAlertLevelEnum": "sunshine.petitions.choices.AlertLevel",
        "DisclosureCategoryEnum": "sunshine.disclosure.choices.ContentCategory",
        "DisclosureFrequencyEnum": "sunshine.disclosure.choices.Frequency",
        "RequestChannelEnum": "sunshine.disclosure.choices.RequestChannel",
        "DeliveryFormEnum": "sunshine.disclosure.choices.DeliveryForm",
        "RequestStatusEnum": "sunshine.disclosure.choices.RequestStatus",
        "AnswerKindEnum": "sunshine.disclosure.choices.AnswerKind",
        "WithholdReasonEnum": "sunshine.disclosure.choices.WithholdReason",
        "MethodEnum": "sunshine.cases.outcome.choices.ServiceMethod",  # keeps its name beside VoteMethod
        "OutcomeEnum": "sunshine.catalog.choices.ReviewOutcome",  # keeps its name beside decisions' Outcome
        "TopicKindEnum": "sunshine.decisions.choices.TopicKind",
        "TopicStatusEnum": "sunshine.decisions.choices.TopicStatus",
        "MeetingKindEnum": "sunshine.decisions.choices.MeetingKind",
        "MeetingStatusEnum": "sunshine.decisions.choices.MeetingStatus",
        "VoteMethodEnum": "sunshine.decisions.choices.VoteMethod",
        "VoteStatusEnum": "sunshine.decisions.choices.VoteStatus",
        "DecisionOutcomeEnum": "sunshine.decisions.choices.Outcome",
        "PositionEnum": "sunshine.decisions.choices.Position",
        "AttendanceEnum": "sunshine.decisions.choices.Attendance",
        "DecisionRiskLevelEnum": "sunshine.decisions.choices.RiskLevel",
        "LegalConclusionEnum": "sunshine.decisions.choices.LegalConclusion",
        "ConfidentialityEnum": "sunshine.decisions.choices.Confidentiality",
        "MinutesStatusEnum": "sunshine.decisions.choices.MinutesStatus",
        "CadreAbsenceKindEnum": "sunshine.cadres.reports.models.AbsenceKind",
        "CadreAbsenceStatusEnum": "sunshine.cadres.reports.models.AbsenceStatus",
        "CadreAbsenceStepKindEnum": "sunshine.cadres.reports.models.StepKind",
        "CadreAbsenceStepStatusEnum": "sunshine.cadres.reports.models.StepStatus",
        "CadreRankEnum": "sunshine.cadres.reports.models.Rank",
        "CadreMatterTypeEnum": "sunshine.cadres.reports.models.MatterType",
        "CadreMatterStatusEnum": "sunshine.cadres.reports.models.MatterStatus",
    },
}

# --- Caches ---------------------------------------------------------------------------------------
# "default" is shared by the processes of a host (files under var/cache): the portal's rate limits
# count a client's attempts whichever process answers. "portal" holds the public pages, in each
# process's memory (disclosure.cache: a publication changes the key of every page).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    "portal": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sunshine-portal",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# The public portal's rate limit of case lookups per client (issue #8 §2, §7), and whether the client
# is the last address of X-Forwarded-For (only behind a reverse proxy that sets it).
PORTAL_LOOKUP_ATTEMPTS = int(os.environ.get("SUNSHINE_PORTAL_LOOKUP_ATTEMPTS", 10))
PORTAL_LOOKUP_WINDOW = int(os.environ.get("SUNSHINE_PORTAL_LOOKUP_WINDOW", 15 * 60))
# Comments on decisions under public notice a client may send per window (issue #8 §3).
PORTAL_COMMENT_ATTEMPTS = int(os.environ.get("SUNSHINE_PORTAL_COMMENT_ATTEMPTS", 10))
PORTAL_COMMENT_WINDOW = int(os.environ.get("SUNSHINE_PORTAL_COMMENT_WINDOW", 60 * 60))
PORTAL_TRUST_FORWARDED_FOR = env_bool("SUNSHINE_BEHIND_PROXY", False)

# --- Background tasks -----------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Audit chain ----------------------------------------------------------------------------------
# "inline": link each record into the chain inside the business transaction (SQLite serialises
# writers anyway, so it costs nothing there). "deferred": write the record unlinked in the business
# transaction and let the linker chain records in commit order moments later (PostgreSQL: no head
# row held locked until commit, see docs/decisions/0002-audit-chain.md).
AUDIT_LINK_MODE = os.environ.get(
    "SUNSHINE_AUDIT_LINK_MODE",
    "inline" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "deferred",
)
# A case step's commit on PostgreSQL (issue #6 §11; docs/decisions/0021-asynchronous-step-commit.md):
# "fast" does not wait for the WAL flush (a server crash may lose the last ~0.6 s of acknowledged
# steps, never the database's consistency nor a published audit checkpoint); "durable" waits.
SUNSHINE_STEP_COMMIT = os.environ.get("SUNSHINE_STEP_COMMIT", "durable")

# --- Notifications --------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sunshine@localhost")
# SMS goes through an adapter: sunshine.core.sms.LogBackend (writes to the log) by default;
# a deployment plugs in its carrier's gateway with a class of the same shape.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "sunshine.core.sms.LogBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # SpiffWorkflow logs every task state change at INFO: a flowchart's test run is thousands of lines.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "spiff": {"level": "WARNING"}},
}
