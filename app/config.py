"""Settings per environment, overridden from environment variables in one place."""

import os
from typing import Any

DEV_SECRET_KEY = "development-key-not-for-production"
MIN_SECRET_KEY_BYTES = 32
MIN_PRODUCTION_BCRYPT_ROUNDS = 12
BOOLEAN_WORDS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}

# Settings an operator may set from the environment; the default's type says how to parse.
ENVIRONMENT_SETTINGS = (
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "JWT_ALGORITHM",
    "JWT_PRIVATE_KEY_FILE",
    "JWT_PUBLIC_KEY_FILES",
    "JWT_ISSUER",
    "JWT_AUDIENCE",
    "JWKS_MAX_AGE",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "METRICS_ENABLED",
    "DATABASE_URL",
    "BCRYPT_LOG_ROUNDS",
    "ACCESS_TOKEN_EXPIRE_SECONDS",
    "REFRESH_TOKEN_EXPIRE_SECONDS",
    "AUTH_REALM_USERS",
    "AUTH_REALM_ADMINS",
    "PASSWORD_MIN_LENGTH",
    "PASSWORD_MIN_STRENGTH",
    "PASSWORD_RESET_EXPIRE_SECONDS",
    "PASSWORD_RESET_URL",
    "EMAIL_VERIFICATION_EXPIRE_SECONDS",
    "EMAIL_VERIFICATION_URL",
    "REQUIRE_VERIFIED_EMAIL",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
    "MAIL_TIMEOUT",
    "MAIL_WORKER_ENABLED",
    "MAIL_POLL_SECONDS",
    "MAX_CONTENT_LENGTH",
    "CORS_ORIGINS",
    "RATELIMIT_ENABLED",
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_KEY_PREFIX",
    "RATELIMIT_LOGIN",
    "RATELIMIT_REGISTER",
    "RATELIMIT_REFRESH",
    "RATELIMIT_PASSWORD_CHANGE",
    "RATELIMIT_PASSWORD_RESET",
    "RATELIMIT_PASSWORD_RESET_PER_ADDRESS",
    "RATELIMIT_PASSWORD_RESET_CONFIRM",
    "RATELIMIT_VERIFY_RESEND",
    "PROXY_FIX_X_FOR",
)


class ConfigError(RuntimeError):
    """The configuration is unsafe or unknown; the app must not start with it."""


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = DEV_SECRET_KEY
    SECRET_KEY_FALLBACKS: list[str] = []  # older secrets that still verify, newest first
    JWT_ALGORITHM = "HS256"  # or EdDSA, ES256, RS256 with the key files below
    JWT_PRIVATE_KEY_FILE = ""
    JWT_PUBLIC_KEY_FILES = ""  # comma-separated: older public keys that still verify
    JWT_ISSUER = "flask-jwt-api"
    JWT_AUDIENCE = "flask-jwt-api"
    JWKS_MAX_AGE = 300  # seconds; keep it well under the time an old key stays published
    LOG_FORMAT = "text"  # "json": one JSON object per line, for log collectors
    LOG_LEVEL = "INFO"
    METRICS_ENABLED = False  # GET /metrics for Prometheus; keep it private (README)
    DATABASE_URL = ""  # empty: a SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    BCRYPT_LOG_ROUNDS = 12
    ACCESS_TOKEN_EXPIRE_SECONDS = 15 * 60
    REFRESH_TOKEN_EXPIRE_SECONDS = 14 * 24 * 60 * 60
    AUTH_REALM_USERS = "registered_users@mydomain.com"
    AUTH_REALM_ADMINS = "admin_users@mydomain.com"
    PASSWORD_MIN_LENGTH = 8
    PASSWORD_MIN_STRENGTH = 2  # zxcvbn's score, 0 (guessed at once) to 4 (very hard to guess)
    PASSWORD_RESET_EXPIRE_SECONDS = 30 * 60
    PASSWORD_RESET_URL = ""  # e.g. https://app.example.com/reset#token={token}
    EMAIL_VERIFICATION_EXPIRE_SECONDS = 2 * 24 * 60 * 60
    EMAIL_VERIFICATION_URL = ""  # e.g. https://app.example.com/verify#token={token}
    REQUIRE_VERIFIED_EMAIL = False
    MAIL_BACKEND = "smtp"  # Flask-Mailman would otherwise keep mail in memory under TESTING
    MAIL_SERVER = ""  # empty: development writes each message to the log; production keeps it
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_DEFAULT_SENDER = "Flask JWT API <no-reply@localhost>"
    MAIL_TIMEOUT = 10  # seconds; a slow SMTP server delays the next try, never a response
    MAIL_WORKER_ENABLED = True  # a thread per server process delivers the outbox
    MAIL_POLL_SECONDS = 5
    MAX_CONTENT_LENGTH = 1024 * 1024
    CORS_ORIGINS = "*"  # no cookies are used, so any origin may call with a bearer token
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"  # redis://host:6379 to share limits between processes
    RATELIMIT_KEY_PREFIX = ""  # set one per app when several apps share a Redis
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis down: limit per process, do not fail
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute;60 per hour"
    RATELIMIT_REGISTER = "5 per minute;20 per hour"
    RATELIMIT_REFRESH = "60 per minute"
    RATELIMIT_PASSWORD_CHANGE = "10 per minute;60 per hour"  # like login: it checks a password
    RATELIMIT_PASSWORD_RESET = "5 per minute;20 per hour"  # per client address
    RATELIMIT_PASSWORD_RESET_PER_ADDRESS = "3 per hour"  # per address a reset is asked for
    RATELIMIT_PASSWORD_RESET_CONFIRM = "10 per minute"
    RATELIMIT_VERIFY_RESEND = "3 per hour"
    PROXY_FIX_X_FOR = 0  # how many proxies in front set X-Forwarded-For (1 behind one nginx)
    RESTX_ERROR_404_HELP = False
    RESTX_MASK_SWAGGER = False
    SWAGGER_UI_DOC_EXPANSION = "list"


class DevelopmentConfig(Config):
    """Local work: fast hashing, short tokens."""

    BCRYPT_LOG_ROUNDS = 4


class TestingConfig(Config):
    """The test suite: cheapest hashing, tokens that expire within seconds."""

    TESTING = True
    RATELIMIT_ENABLED = False  # tests of the limits turn them on
    SECRET_KEY = "testing-key-" + "x" * 52  # 64 bytes: long enough for tests that forge HS512
    BCRYPT_LOG_ROUNDS = 4
    ACCESS_TOKEN_EXPIRE_SECONDS = 5
    REFRESH_TOKEN_EXPIRE_SECONDS = 60
    DATABASE_URL = "sqlite://"
    MAIL_WORKER_ENABLED = False  # tests deliver the outbox when they choose


class ProductionConfig(Config):
    """Serving real users: the secret must come from the environment."""

    ACCESS_TOKEN_EXPIRE_SECONDS = 60 * 60
    LOG_FORMAT = "json"
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True, "pool_recycle": 1800}


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name: str) -> dict[str, Any]:
    """Settings of the named environment, with any ENVIRONMENT_SETTINGS from os.environ."""
    if name not in CONFIGS:
        raise ConfigError(f"unknown FLASK_CONFIG {name!r}: choose one of {', '.join(CONFIGS)}")
    config_class = CONFIGS[name]
    settings = {key: getattr(config_class, key) for key in dir(config_class) if key.isupper()}
    for key in ENVIRONMENT_SETTINGS:
        if key in os.environ:
            settings[key] = _parse(key, os.environ[key], type(settings[key]))
    if settings["LOG_FORMAT"] not in ("json", "text"):
        raise ConfigError("LOG_FORMAT must be json or text")
    if not 0 <= settings["PASSWORD_MIN_STRENGTH"] <= 4:
        raise ConfigError("PASSWORD_MIN_STRENGTH must be from 0 (any) to 4 (very strong)")
    settings["CONFIG_NAME"] = name
    return settings


def _parse(key: str, raw: str, kind: type) -> Any:
    """Convert an environment string to the type of the setting's default."""
    if kind is bool:
        if raw.strip().lower() not in BOOLEAN_WORDS:
            raise ConfigError(f"{key} must be true or false, not {raw!r}")
        return BOOLEAN_WORDS[raw.strip().lower()]
    if kind is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{key} must be a whole number, not {raw!r}") from None
    return raw


def check_production(settings: dict[str, Any]) -> None:
    """Refuse settings that would let anyone forge tokens or crack stolen hashes quickly."""
    secret_key = settings["SECRET_KEY"]
    if secret_key == DEV_SECRET_KEY:
        raise ConfigError("SECRET_KEY is unset or the development key; set a random one")
    if len(secret_key.encode()) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes long")
    for fallback in settings["SECRET_KEY_FALLBACKS"]:
        if fallback == DEV_SECRET_KEY or len(fallback.encode()) < MIN_SECRET_KEY_BYTES:
            raise ConfigError(
                "SECRET_KEY_FALLBACKS holds the development key or one shorter than "
                f"{MIN_SECRET_KEY_BYTES} bytes; a fallback must be as strong as SECRET_KEY"
            )
    if settings["BCRYPT_LOG_ROUNDS"] < MIN_PRODUCTION_BCRYPT_ROUNDS:
        raise ConfigError(f"BCRYPT_LOG_ROUNDS must be {MIN_PRODUCTION_BCRYPT_ROUNDS} or more")
