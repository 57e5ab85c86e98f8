"""Every setting declared once: its default, how an environment variable is read into it, and its
check. Each environment (FLASK_CONFIG) changes a few defaults; the environment variables and then
create_app's overrides win over those. Behaviour never depends on the environment's name, only on
settings such as REFUSE_UNSAFE_SETTINGS.
"""

import os
import re
from base64 import urlsafe_b64decode
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from app.security.providers.base import ProviderDescription
from app.security.providers.registry import DEFAULT_KIND, KINDS

DEV_SECRET_KEY = "development-key-not-for-production"
MIN_SECRET_KEY_BYTES = 32
MIN_PRODUCTION_BCRYPT_ROUNDS = 12
FERNET_KEY_BYTES = 32
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
# An Android app's origin in WebAuthn: the SHA-256 of its signing certificate, base64url.
# 32 bytes in 43 characters: the last one carries 4 bits, so only 16 letters can end it.
ANDROID_APP_ORIGIN = re.compile(r"android:apk-key-hash:[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]")
PROVIDER_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
BOOLEAN_WORDS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


class ConfigError(RuntimeError):
    """The configuration is unsafe, unknown or of the wrong type; the app must not start with it."""


def _text(_name: str, raw: str) -> str:
    return raw


def _whole_number(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _boolean(name: str, raw: str) -> bool:
    if raw.strip().lower() not in BOOLEAN_WORDS:
        raise ConfigError(f"{name} must be true or false, not {raw!r}")
    return BOOLEAN_WORDS[raw.strip().lower()]


def _comma_list(_name: str, raw: str) -> list[str]:
    """The one way a list is read: comma-separated, spaces around items dropped."""
    return [item.strip() for item in raw.split(",") if item.strip()]


READERS: dict[type, Callable[[str, str], Any]] = {
    str: _text,
    int: _whole_number,
    bool: _boolean,
    list: _comma_list,
}


def one_of(*choices: str) -> Callable[[Any], str | None]:
    return lambda value: None if value in choices else f"must be {' or '.join(choices)}"


def between(low: int, high: int) -> Callable[[Any], str | None]:
    return lambda value: None if low <= value <= high else f"must be from {low} to {high}"


def at_least(low: int) -> Callable[[Any], str | None]:
    return lambda value: None if value >= low else f"must be {low} or more"


def origins(value: list[str]) -> str | None:
    """`*` alone, or origins such as https://app.example.com (scheme, host, port; no path)."""
    if value == ["*"]:
        return None
    if all(ORIGIN.fullmatch(origin) for origin in value):
        return None
    return "must be * alone, or origins such as https://app.example.com"


def passkey_origins(value: list[str]) -> str | None:
    """Web origins, as for CORS, and Android apps' `android:apk-key-hash:<base64url>`."""
    if all(ORIGIN.fullmatch(origin) or ANDROID_APP_ORIGIN.fullmatch(origin) for origin in value):
        return None
    return (
        "must be origins such as https://app.example.com, or android:apk-key-hash: and the "
        "base64url SHA-256 of an Android app's signing certificate"
    )


def fernet_keys(value: list[str]) -> str | None:
    """Each key 32 bytes in URL-safe base64, as `flask keys data-key` writes them."""
    for key in value:
        try:
            if len(urlsafe_b64decode(key.encode())) == FERNET_KEY_BYTES:
                continue
        except ValueError:
            pass
        return "must be keys from `flask keys data-key` (32 bytes, URL-safe base64)"
    return None


def provider_names(value: list[str]) -> str | None:
    for name in value:
        if not PROVIDER_NAME.fullmatch(name):
            return "must be names of lower-case letters, digits and hyphens"
    return None


@dataclass(frozen=True)
class Setting:
    """One setting: its default (whose type is the setting's type), whether an environment
    variable of the same name may set it, and a check that returns what is wrong, if anything."""

    default: Any
    from_environment: bool = True
    check: Callable[[Any], str | None] | None = None

    @property
    def kind(self) -> type:
        return type(self.default)


SETTINGS: dict[str, Setting] = {
    # Tokens and their keys
    "SECRET_KEY": Setting(DEV_SECRET_KEY),
    "SECRET_KEY_FALLBACKS": Setting([]),  # older secrets that still verify, newest first
    # Fernet keys that seal secrets at rest (queued email, TOTP secrets); the first seals
    "DATA_ENCRYPTION_KEYS": Setting([], check=fernet_keys),
    "JWT_ALGORITHM": Setting("HS256"),  # or EdDSA, ES256, RS256 with the key files below
    "JWT_PRIVATE_KEY_FILE": Setting(""),
    "JWT_PUBLIC_KEY_FILES": Setting([]),  # older public keys that still verify
    "JWT_ISSUER": Setting("flask-jwt-api"),
    "JWT_AUDIENCE": Setting("flask-jwt-api"),
    "JWKS_MAX_AGE": Setting(300, check=at_least(0)),  # well under an old key's time in the set
    "ACCESS_TOKEN_EXPIRE_SECONDS": Setting(15 * 60, check=at_least(1)),
    "REFRESH_TOKEN_EXPIRE_SECONDS": Setting(14 * 24 * 60 * 60, check=at_least(1)),
    # Seconds a spent refresh token still gets its unspent successor (two tabs, a retry); 0: off.
    # At most a minute: longer would let a stolen copy go unnoticed for as long.
    "REFRESH_REUSE_GRACE": Setting(10, check=between(0, 60)),
    # Two-factor authentication and step-up (RFC 9470)
    "MFA_ISSUER": Setting("Flask JWT API"),  # the name authenticator apps show
    "MFA_TOKEN_EXPIRE_SECONDS": Setting(5 * 60, check=at_least(1)),
    "REAUTH_MAX_AGE": Setting(10 * 60, check=at_least(1)),  # seconds a sign-in counts as recent
    "REQUIRE_MFA_FOR_ADMINS": Setting(False),
    # Passkeys (WebAuthn): the site's domain, its name, and the origins its pages come from
    "WEBAUTHN_RP_ID": Setting("localhost"),
    "WEBAUTHN_RP_NAME": Setting("Flask JWT API"),
    "WEBAUTHN_ORIGINS": Setting(["http://localhost:5000"], check=passkey_origins),
    "WEBAUTHN_CHALLENGE_SECONDS": Setting(5 * 60, check=at_least(1)),
    # Sign-in providers (OpenID Connect, GitHub): OIDC_<NAME>_KIND etc. for each name (see below)
    "OIDC_PROVIDERS": Setting([], check=provider_names),
    "OIDC_RETURN_URL": Setting(""),  # e.g. https://app.example.com/signed-in#code={code}
    # Several front ends (a web app, a native app's com.example.app:/signed-in#code={code}):
    # a sign-in picks one with ?return_to=; wins over OIDC_RETURN_URL
    "OIDC_RETURN_URLS": Setting([]),
    "OIDC_STATE_SECONDS": Setting(10 * 60, check=at_least(1)),  # to sign in at the provider
    "OIDC_CODE_SECONDS": Setting(60, check=at_least(1)),  # for the front end to exchange
    "OIDC_HTTP_TIMEOUT": Setting(10, check=at_least(1)),  # seconds for a provider to answer
    "AUTH_REALM_USERS": Setting("registered_users@mydomain.com"),
    "AUTH_REALM_ADMINS": Setting("admin_users@mydomain.com"),
    # Passwords and the account lifecycle
    "BCRYPT_LOG_ROUNDS": Setting(12, check=between(4, 31)),
    "PASSWORD_MIN_LENGTH": Setting(8, check=at_least(1)),
    # zxcvbn's score, 0 (guessed at once) to 4 (very hard to guess)
    "PASSWORD_MIN_STRENGTH": Setting(2, check=between(0, 4)),
    # Per-account throttling of logins: failures for one address from any client
    "LOGIN_FAILURES_BEFORE_DELAY": Setting(5, check=at_least(1)),
    "LOGIN_FAILURE_WINDOW_SECONDS": Setting(15 * 60, check=at_least(1)),
    "LOGIN_DELAY_SECONDS": Setting(30, check=at_least(1)),  # the first wait; each one doubles
    "LOGIN_DELAY_MAX_SECONDS": Setting(15 * 60, check=at_least(1)),
    # Have I Been Pwned's range API (k-anonymity: 5 hex characters of the SHA-1 leave the server)
    "PASSWORD_BREACH_CHECK": Setting(False),  # production: true
    "PASSWORD_BREACH_API": Setting("https://api.pwnedpasswords.com/range/{prefix}"),
    "PASSWORD_BREACH_TIMEOUT_MS": Setting(2000, check=at_least(1)),  # then skipped, never a 500
    "PASSWORD_RESET_EXPIRE_SECONDS": Setting(30 * 60, check=at_least(1)),
    "PASSWORD_RESET_URL": Setting(""),  # e.g. https://app.example.com/reset#token={token}
    "EMAIL_VERIFICATION_EXPIRE_SECONDS": Setting(2 * 24 * 60 * 60, check=at_least(1)),
    "EMAIL_VERIFICATION_URL": Setting(""),  # e.g. https://app.example.com/verify#token={token}
    "REQUIRE_VERIFIED_EMAIL": Setting(False),
    "SECURITY_NOTIFICATIONS": Setting(True),  # email the owner about changes to how they sign in
    "EMAIL_CHANGE_EXPIRE_SECONDS": Setting(24 * 60 * 60, check=at_least(1)),
    "EMAIL_CHANGE_URL": Setting(""),  # e.g. https://app.example.com/new-address#token={token}
    # Mail
    "MAIL_SERVER": Setting(""),  # empty: see MAIL_TO_TERMINAL
    "MAIL_TO_TERMINAL": Setting(False),  # without MAIL_SERVER: write each email to stderr
    "MAIL_PORT": Setting(25, check=between(1, 65535)),
    "MAIL_USE_TLS": Setting(False),
    "MAIL_USE_SSL": Setting(False),
    "MAIL_USERNAME": Setting(""),
    "MAIL_PASSWORD": Setting(""),
    "MAIL_DEFAULT_SENDER": Setting("Flask JWT API <no-reply@localhost>"),
    "MAIL_TIMEOUT": Setting(10, check=at_least(1)),  # a slow server delays a retry, not a request
    "MAIL_WORKER_ENABLED": Setting(True),  # a thread per server process delivers the outbox
    "MAIL_POLL_SECONDS": Setting(5, check=at_least(1)),
    # Flask-Mailman would otherwise keep mail in memory under TESTING
    "MAIL_BACKEND": Setting("smtp", from_environment=False),
    # Serving
    "DATABASE_URL": Setting(""),  # empty: a SQLite file in the instance folder
    "SQLALCHEMY_ENGINE_OPTIONS": Setting({}, from_environment=False),
    "MAX_CONTENT_LENGTH": Setting(1024 * 1024, check=at_least(1)),
    # *: any origin may call with a bearer token, none with cookies; listed origins may use both
    "CORS_ORIGINS": Setting(["*"], check=origins),
    # Browser sessions: the refresh token in an HttpOnly cookie (README, "Browser sessions")
    "COOKIE_SECURE": Setting(True),  # false only for development over plain HTTP
    "COOKIES_FROM_LISTED_ORIGINS_ONLY": Setting(False),  # production: refuse other origins
    "PROXY_FIX_X_FOR": Setting(0, check=at_least(0)),  # proxies in front (1 behind one nginx)
    "LOG_FORMAT": Setting("text", check=one_of("json", "text")),  # json: a line per object
    "LOG_LEVEL": Setting("INFO", check=one_of("DEBUG", "INFO", "WARNING", "ERROR")),
    "METRICS_ENABLED": Setting(False),  # GET /metrics for Prometheus; keep it private (README)
    # Production's checks of SECRET_KEY and bcrypt; an environment sets it, never a variable
    "REFUSE_UNSAFE_SETTINGS": Setting(False, from_environment=False),
    "TESTING": Setting(False, from_environment=False),
    # Rate limits
    "RATELIMIT_ENABLED": Setting(True),
    "RATELIMIT_STORAGE_URI": Setting("memory://"),  # redis://host:6379 to share between processes
    "RATELIMIT_KEY_PREFIX": Setting(""),  # one per app when several apps share a Redis
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": Setting(True, from_environment=False),
    "RATELIMIT_HEADERS_ENABLED": Setting(True, from_environment=False),
    "RATELIMIT_LOGIN": Setting("10 per minute;60 per hour"),
    "RATELIMIT_REGISTER": Setting("5 per minute;20 per hour"),
    "RATELIMIT_REFRESH": Setting("60 per minute"),
    "RATELIMIT_PASSKEY_LOGIN": Setting("20 per minute;120 per hour"),  # per client address
    "RATELIMIT_OIDC_AUTHORIZE": Setting("20 per minute;120 per hour"),  # each stores a state
    "RATELIMIT_LOGIN_CODE": Setting("5 per minute;20 per hour"),  # per client address
    "RATELIMIT_LOGIN_CODE_PER_ADDRESS": Setting("1 per minute;10 per hour"),  # per address
    "RATELIMIT_LOGIN_MFA": Setting("10 per minute;60 per hour"),  # per client address
    "RATELIMIT_LOGIN_MFA_PER_ACCOUNT": Setting("10 per minute;30 per hour"),
    "RATELIMIT_PASSWORD_CHANGE": Setting("10 per minute;60 per hour"),  # it checks a password
    "RATELIMIT_PASSWORD_RESET": Setting("5 per minute;20 per hour"),  # per client address
    "RATELIMIT_PASSWORD_RESET_PER_ADDRESS": Setting("3 per hour"),  # per address asked for
    "RATELIMIT_PASSWORD_RESET_CONFIRM": Setting("10 per minute"),
    "RATELIMIT_VERIFY_RESEND": Setting("3 per hour"),
    # Flask-RESTx
    "RESTX_ERROR_404_HELP": Setting(False, from_environment=False),
    "RESTX_MASK_SWAGGER": Setting(False, from_environment=False),
    "SWAGGER_UI_DOC_EXPANSION": Setting("none", from_environment=False),  # collapsed
    "SWAGGER_UI_OPERATION_ID": Setting(True, from_environment=False),
    "SWAGGER_UI_REQUEST_DURATION": Setting(True, from_environment=False),
}

# What each environment changes of the defaults above.
ENVIRONMENTS: dict[str, dict[str, Any]] = {
    "development": {  # fast hashing, cookies over plain HTTP
        "BCRYPT_LOG_ROUNDS": 4,
        "MAIL_TO_TERMINAL": True,
        "COOKIE_SECURE": False,
    },
    "testing": {  # cheapest hashing, tokens that expire within seconds, limits off
        "TESTING": True,
        "RATELIMIT_ENABLED": False,  # tests of the limits turn them on
        "LOGIN_FAILURES_BEFORE_DELAY": 1000,  # so do tests of per-account throttling
        "SECRET_KEY": "testing-key-" + "x" * 52,  # 64 bytes: enough for tests that forge HS512
        "BCRYPT_LOG_ROUNDS": 4,
        "ACCESS_TOKEN_EXPIRE_SECONDS": 5,
        "REFRESH_TOKEN_EXPIRE_SECONDS": 60,
        "DATABASE_URL": "sqlite://",
        "MAIL_TO_TERMINAL": True,
        "MAIL_WORKER_ENABLED": False,  # tests deliver the outbox when they choose
        "COOKIE_SECURE": False,  # the test client speaks plain HTTP
    },
    "production": {  # serving real users: the secret must come from the environment
        "REFUSE_UNSAFE_SETTINGS": True,
        "COOKIES_FROM_LISTED_ORIGINS_ONLY": True,
        "PASSWORD_BREACH_CHECK": True,
        "ACCESS_TOKEN_EXPIRE_SECONDS": 60 * 60,
        "LOG_FORMAT": "json",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800},
    },
}


PROVIDER_FIELDS = ("KIND", "ISSUER", "CLIENT_ID", "CLIENT_SECRET", "SCOPES", "AUTH_URL", "API_URL")


def provider_setting(name: str, field: str) -> str:
    """The setting (and environment variable) of one provider's field: OIDC_<NAME>_ISSUER."""
    return f"OIDC_{name.upper().replace('-', '_')}_{field}"


def oidc_providers(settings: dict[str, Any]) -> dict[str, ProviderDescription]:
    """The providers of OIDC_PROVIDERS by name; ConfigError for one that is incomplete."""
    providers = {name: _provider(name, settings) for name in settings["OIDC_PROVIDERS"]}
    pages = return_pages(settings["OIDC_RETURN_URLS"], settings["OIDC_RETURN_URL"])
    if providers and not pages:
        raise ConfigError("OIDC_RETURN_URLS (or OIDC_RETURN_URL) must name the front end's page")
    for page in pages:
        if problem := return_page_problem(page):
            raise ConfigError(f"OIDC_RETURN_URLS: {page} {problem}")
    if len({page.split("#", 1)[0] for page in pages}) < len(pages):
        raise ConfigError(
            "OIDC_RETURN_URLS: two pages with one URL before #: return_to cannot tell them apart"
        )
    return providers


UNSAFE_SCHEMES = {"javascript", "data", "vbscript", "file", "blob"}


def return_page_problem(page: str) -> str | None:
    """What is wrong with a page a sign-in may end on, if anything: the one-time code goes in
    its fragment only (never where a server or a Referer sees it), to a URL a browser reads as
    we do (no backslashes, spaces or control characters; a web page with its //host)."""
    base, _, fragment = page.partition("#")
    parts = urlsplit(base)
    if "{code}" not in fragment or "{code}" in base:
        return "must have {code} after its # and nowhere else"
    if not parts.scheme or parts.scheme.lower() in UNSAFE_SCHEMES:
        return "must be a web page or an app's URL"
    if re.search(r"[\\\s\x00-\x1f\x7f]", page):
        return "must not hold backslashes, spaces or control characters"
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return "must name its host after //"
    return None


def return_pages(urls: list[str], url: str) -> list[str]:
    """The front ends' pages a provider sign-in may end on, the default first: OIDC_RETURN_URLS
    (`urls`), or OIDC_RETURN_URL (`url`) as a list of one."""
    return urls or ([url] if url else [])


def _provider(name: str, settings: dict[str, Any]) -> ProviderDescription:
    """One provider, checked against what its kind (OIDC_<NAME>_KIND, default oidc) needs."""
    fields = _provider_fields(name, settings)
    kind_name = fields["KIND"] or DEFAULT_KIND
    if kind_name not in KINDS:
        raise ConfigError(f"{provider_setting(name, 'KIND')} must be {' or '.join(KINDS)}")
    kind = KINDS[kind_name]
    urls = {field: fields[field] or default for field, default in kind.urls.items()}
    for field, url in urls.items():
        if not ORIGIN.match(url):
            raise ConfigError(f"{provider_setting(name, field)} must be the provider's URL")
    for field in kind.required:
        if not fields[field]:
            raise ConfigError(f"{provider_setting(name, field)} is unset")
    scopes = fields["SCOPES"] or kind.scopes
    if kind.needs_scope and kind.needs_scope not in scopes.split():
        raise ConfigError(f"{provider_setting(name, 'SCOPES')} must include {kind.needs_scope}")
    client_id, client_secret = fields["CLIENT_ID"], fields["CLIENT_SECRET"]
    return ProviderDescription(name, kind_name, client_id, client_secret, scopes, urls)


def _provider_fields(name: str, settings: dict[str, Any]) -> dict[str, str]:
    """The provider's OIDC_<NAME>_* settings by field, empty when unset."""
    fields = {field: settings.get(provider_setting(name, field), "") for field in PROVIDER_FIELDS}
    for field, value in fields.items():
        if not isinstance(value, str):
            raise ConfigError(f"{provider_setting(name, field)} must be of type str")
    return fields


def get_config(name: str) -> dict[str, Any]:
    """Settings of the named environment, with those set by environment variables."""
    if name not in ENVIRONMENTS:
        choices = ", ".join(ENVIRONMENTS)
        raise ConfigError(f"unknown FLASK_CONFIG {name!r}: choose one of {choices}")
    settings = {key: setting.default for key, setting in SETTINGS.items()}
    settings.update(ENVIRONMENTS[name])
    for key, setting in SETTINGS.items():
        if setting.from_environment and key in os.environ:
            settings[key] = READERS[setting.kind](key, os.environ[key])
    for provider in settings["OIDC_PROVIDERS"]:  # names known only now
        for field in PROVIDER_FIELDS:
            key = provider_setting(provider, field)
            if key in os.environ:
                settings[key] = os.environ[key]
    settings["CONFIG_NAME"] = name  # only to name things (the SQLite file), never to decide
    check_settings(settings)
    return settings


def check_settings(settings: dict[str, Any]) -> None:
    """Refuse a value of the wrong type (an override, say), or one its check finds wrong, or
    passkey origins that the RP ID cannot serve."""
    for key, setting in SETTINGS.items():
        value = settings[key]
        if type(value) is not setting.kind:  # bool is an int to isinstance; not here
            kind = setting.kind.__name__
            raise ConfigError(f"{key} must be of type {kind}, not {type(value).__name__}")
        problem = setting.check(value) if setting.check else None
        if problem:
            raise ConfigError(f"{key} {problem}, not {value!r}")
    _check_webauthn_origins(settings["WEBAUTHN_RP_ID"], settings["WEBAUTHN_ORIGINS"])
    oidc_providers(settings)


def _check_webauthn_origins(rp_id: str, allowed: list[str]) -> None:
    """Each web origin's host must be the RP ID or under it (a browser refuses others); an
    Android app is tied to the RP ID by the site's assetlinks.json instead."""
    for origin in allowed:
        if ANDROID_APP_ORIGIN.fullmatch(origin):
            continue
        host = urlsplit(origin).hostname or ""
        if host != rp_id and not host.endswith(f".{rp_id}"):
            raise ConfigError(f"WEBAUTHN_ORIGINS: {origin} is not on WEBAUTHN_RP_ID {rp_id}")


def refuse_unsafe_settings(settings: dict[str, Any]) -> None:
    """With REFUSE_UNSAFE_SETTINGS, refuse what would let anyone forge tokens or crack stolen
    hashes quickly."""
    if not settings["REFUSE_UNSAFE_SETTINGS"]:
        return
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
    if not settings["DATA_ENCRYPTION_KEYS"]:
        raise ConfigError(
            "DATA_ENCRYPTION_KEYS is unset: set it to the output of `flask keys data-key`"
        )
    if not settings["COOKIE_SECURE"]:
        raise ConfigError("COOKIE_SECURE must be true: a refresh cookie must never go over HTTP")
    for origin in settings["WEBAUTHN_ORIGINS"]:
        if ANDROID_APP_ORIGIN.fullmatch(origin):
            continue  # no scheme to secure: the app's signature is its proof
        if not origin.startswith("https://") and urlsplit(origin).hostname != "localhost":
            raise ConfigError(f"WEBAUTHN_ORIGINS: {origin} must be https (or localhost)")
    for page in return_pages(settings["OIDC_RETURN_URLS"], settings["OIDC_RETURN_URL"]):
        parts = urlsplit(page)
        if parts.scheme.lower() == "http" and parts.hostname != "localhost":
            raise ConfigError(f"OIDC_RETURN_URLS: {page} must be https (or localhost, or an app's)")
    for provider in oidc_providers(settings).values():
        for field, url in provider.urls.items():
            if not url.startswith("https://"):
                raise ConfigError(f"{provider_setting(provider.name, field)} must be https")
