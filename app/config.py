"""Every setting declared once: its default, how an environment variable is read into it, and its
check. Each environment (FLASK_CONFIG) changes a few defaults; the environment variables and then
create_app's overrides win over those. Behaviour never depends on the environment's name, only on
settings such as REFUSE_UNSAFE_SETTINGS.
"""

import os
import re
from base64 import urlsafe_b64decode
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from app.security.email_domains import ascii_domain
from app.security.providers.base import Kind, ProviderDescription
from app.security.providers.registry import DEFAULT_KIND, KINDS
from app.security.providers.roles import parse_role_map

DEV_SECRET_KEY = "development-key-not-for-production"
MIN_SECRET_KEY_BYTES = 32
MIN_PRODUCTION_BCRYPT_ROUNDS = 12
FERNET_KEY_BYTES = 32
MIN_METRICS_TOKEN_LENGTH = 32
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
# An Android app's origin in WebAuthn: the SHA-256 of its signing certificate, base64url.
# 32 bytes in 43 characters: the last one carries 4 bits, so only 16 letters can end it.
ANDROID_APP_ORIGIN = re.compile(r"android:apk-key-hash:[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]")
HOST_NAME = re.compile(r"\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")
PROVIDER_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
UNFIT_IN_URL = re.compile(r"[\s\"'<>\\\x00-\x1f\x7f]")
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


def described(allowed: str, check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    """`check`, its docstring saying what it allows: the settings reference shows that."""
    check.__doc__ = allowed
    return check


def one_of(*choices: str) -> Callable[[Any], str | None]:
    return described(
        " or ".join(choices),
        lambda value: None if value in choices else f"must be {' or '.join(choices)}",
    )


def between(low: int, high: int) -> Callable[[Any], str | None]:
    return described(
        f"from {low} to {high}",
        lambda value: None if low <= value <= high else f"must be from {low} to {high}",
    )


def at_least(low: int) -> Callable[[Any], str | None]:
    return described(
        f"{low} or more", lambda value: None if value >= low else f"must be {low} or more"
    )


def origins(value: list[str]) -> str | None:
    """`*` alone, or origins such as https://app.example.com (scheme, host, port; no path)."""
    if value == ["*"]:
        return None
    if all(ORIGIN.fullmatch(origin) for origin in value):
        return None
    return "must be * alone, or origins such as https://app.example.com"


def passkey_origins(value: list[str]) -> str | None:
    """Web origins such as https://example.com, and Android apps'
    `android:apk-key-hash:<base64url SHA-256 of the signing certificate>`."""
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


def existing_folder(value: str) -> str | None:
    """Empty, or a folder that exists now: a typo must stop the start, not every email later."""
    return None if not value or os.path.isdir(value) else "must be an existing folder"


def web_address(value: str) -> str | None:
    """Empty, or an https URL (http only on this machine): every email shows it to its reader."""
    if not value:
        return None
    try:
        parts = urlsplit(value)
        scheme, host = parts.scheme, parts.hostname
    except ValueError:  # a broken [IPv6] host
        scheme, host = "", None
    secure = scheme == "https" or (scheme == "http" and host in LOCAL_HOSTS)
    if host and secure and not UNFIT_IN_URL.search(value):
        return None
    return "must be an https URL (http only on localhost)"


def email_domains(value: list[str]) -> str | None:
    """Domains such as example.com or bücher.de (IDNA): no @, no wildcard, no subdomain rule."""
    for domain in value:
        try:
            ascii_domain(domain)
        except ValueError:
            return "must be domains such as example.com, comma-separated"
    return None


def public_url(value: str) -> str | None:
    """Empty, or an origin: http or https, a host and maybe a port, no path, such as
    https://api.example.com."""
    if not value or ORIGIN.fullmatch(value):
        return None
    return "must be an origin such as https://api.example.com (no path)"


def host_names(value: list[str]) -> str | None:
    """Host names or addresses, such as api.example.com; .example.com for it and its
    subdomains."""
    if all(HOST_NAME.fullmatch(host) for host in value):
        return None
    return "must be host names such as api.example.com (no scheme, port or path)"


def provider_names(value: list[str]) -> str | None:
    """Names of lower-case letters, digits and hyphens, such as keycloak or github."""
    for name in value:
        if not PROVIDER_NAME.fullmatch(name):
            return "must be names of lower-case letters, digits and hyphens"
    return None


@dataclass(frozen=True)
class Setting:
    """One setting: its default (whose type is the setting's type), what it is (for a reader,
    and the settings reference built from it), whether an environment variable of the same name
    may set it, and a check that returns what is wrong, if anything; the check's docstring says
    what it allows."""

    default: Any
    doc: str = ""
    from_environment: bool = True
    check: Callable[[Any], str | None] | None = None

    @property
    def kind(self) -> type:
        return type(self.default)


# The settings by group, in the order the settings reference shows them.
SETTING_GROUPS: dict[str, dict[str, Setting]] = {
    "Tokens and their keys": {
        "SECRET_KEY": Setting(
            DEV_SECRET_KEY,
            "Signs HS256 tokens, CSRF values and emailed codes. Production refuses the "
            "development key or one shorter than 32 bytes; make one with "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`.",
        ),
        "SECRET_KEY_FALLBACKS": Setting(
            [],
            "Older secrets, newest first, that still verify during a rotation of `SECRET_KEY`; "
            "production holds each to `SECRET_KEY`'s rules.",
        ),
        "DATA_ENCRYPTION_KEYS": Setting(
            [],
            "Fernet keys that seal secrets at rest (queued email, two-factor secrets): the first "
            "seals, every one opens. Production refuses to start without them; elsewhere a key "
            "derived from `SECRET_KEY` stands in.",
            check=fernet_keys,
        ),
        "JWT_ALGORITHM": Setting(
            "HS256",
            "How tokens are signed: HS256 with `SECRET_KEY`, or EdDSA, ES256 or RS256 with "
            "`JWT_PRIVATE_KEY_FILE`.",
        ),
        "JWT_PRIVATE_KEY_FILE": Setting(
            "", "PEM private key that signs new tokens (`flask keys generate` writes one)."
        ),
        "JWT_PUBLIC_KEY_FILES": Setting(
            [], "PEM public keys of older signing keys that still verify during a rotation."
        ),
        "ID_TOKEN_PRIVATE_KEY_FILE": Setting(
            "",
            "PEM RS256 private key that signs ID tokens (`flask keys generate --algorithm RS256` "
            "writes one); unneeded when `JWT_ALGORITHM` is RS256, whose key serves. Production "
            "refuses to start with neither; elsewhere a key made for each process stands in.",
        ),
        "ID_TOKEN_PUBLIC_KEY_FILES": Setting(
            [], "PEM public keys of older ID-token keys, still published during a rotation."
        ),
        "JWT_ISSUER": Setting("flask-jwt-api", "The `iss` of every token; decoding requires it."),
        "JWT_AUDIENCE": Setting("flask-jwt-api", "The `aud` of every token; decoding requires it."),
        "JWKS_MAX_AGE": Setting(
            300,
            "Seconds other services may cache the JWK Set; keep it well under an old key's time "
            "in the set.",
            check=at_least(0),
        ),
        "ACCESS_TOKEN_EXPIRE_SECONDS": Setting(
            15 * 60, "Lifetime of an access token.", check=at_least(1)
        ),
        "REFRESH_TOKEN_EXPIRE_SECONDS": Setting(
            14 * 24 * 60 * 60,
            "Lifetime of a refresh token, and so of a login that keeps refreshing.",
            check=at_least(1),
        ),
        "REFRESH_REUSE_GRACE": Setting(
            10,
            "Seconds a spent refresh token still gets its unspent successor (two tabs, a retried "
            "request) instead of ending the login; `0` turns it off. At most a minute: longer "
            "would let a stolen copy go unnoticed as long.",
            check=between(0, 60),
        ),
    },
    "Two-factor authentication and step-up (RFC 9470)": {
        "MFA_ISSUER": Setting(
            "Flask JWT API", "The name authenticator apps show beside the account."
        ),
        "MFA_TOKEN_EXPIRE_SECONDS": Setting(
            5 * 60, "How long the second step of a login may take.", check=at_least(1)
        ),
        "REAUTH_MAX_AGE": Setting(
            10 * 60,
            "Seconds a sign-in counts as recent for sensitive changes (step-up).",
            check=at_least(1),
        ),
        "REQUIRE_MFA_FOR_ADMINS": Setting(
            False, "`true`: admin routes refuse an admin without two-factor (403)."
        ),
    },
    "Passkeys (WebAuthn)": {
        "WEBAUTHN_RP_ID": Setting(
            "localhost",
            "The domain passkeys belong to, such as `example.com`. Unset under `flask run`: "
            "the host it serves on, an address (127.0.0.1) becoming `localhost`.",
        ),
        "WEBAUTHN_RP_NAME": Setting(
            "Flask JWT API", "The name a browser shows when it makes a passkey."
        ),
        "WEBAUTHN_ORIGINS": Setting(
            ["http://localhost:5000"],
            "Origins of the pages that use passkeys, each on `WEBAUTHN_RP_ID` (production refuses "
            "plain HTTP except for localhost), and Android apps. Unset under `flask run`: "
            "`http://localhost:PORT` of the port it serves on.",
            check=passkey_origins,
        ),
        "WEBAUTHN_CHALLENGE_SECONDS": Setting(
            5 * 60, "How long a passkey challenge may be answered.", check=at_least(1)
        ),
    },
    "Sign-in providers (OpenID Connect, GitHub)": {
        "OIDC_PROVIDERS": Setting(
            [],
            "Names of the providers to sign in with, each configured by its `OIDC_<NAME>_*` "
            "settings (below).",
            check=provider_names,
        ),
        "OIDC_RETURN_URL": Setting(
            "",
            "The front end's page a sign-in comes back to, with `{code}` in its fragment, such as "
            "`https://app.example.com/signed-in#code={code}`.",
        ),
        "OIDC_RETURN_URLS": Setting(
            [],
            "Several such pages (a web app, a native app's "
            "`com.example.app:/signed-in#code={code}`); a sign-in picks one with "
            "`?return_to=`. Wins over `OIDC_RETURN_URL`.",
        ),
        "OIDC_STATE_SECONDS": Setting(
            10 * 60, "How long a trip to the provider to sign in may take.", check=at_least(1)
        ),
        "OIDC_CODE_SECONDS": Setting(
            60,
            "How long the front end has to exchange the code it is handed.",
            check=at_least(1),
        ),
        "OIDC_HTTP_TIMEOUT": Setting(
            10, "Seconds a provider has to answer each call.", check=at_least(1)
        ),
    },
    "Realms": {
        "AUTH_REALM_USERS": Setting(
            "registered_users@mydomain.com", "The realm of `WWW-Authenticate` on user routes."
        ),
        "AUTH_REALM_ADMINS": Setting(
            "admin_users@mydomain.com", "The realm of `WWW-Authenticate` on admin routes."
        ),
    },
    "Passwords and the account lifecycle": {
        "BCRYPT_LOG_ROUNDS": Setting(
            12, "bcrypt's cost; production refuses less than 12.", check=between(4, 31)
        ),
        "PASSWORD_MIN_LENGTH": Setting(
            8,
            "The shortest password accepted; bcrypt fixes the longest at 72 bytes.",
            check=at_least(1),
        ),
        "PASSWORD_MIN_STRENGTH": Setting(
            2,
            "zxcvbn's score a new password needs, from 0 (guessed at once) to 4 (very hard to "
            "guess).",
            check=between(0, 4),
        ),
        "LOGIN_FAILURES_BEFORE_DELAY": Setting(
            5,
            "Wrong passwords for one address, from any client, each within the window of the "
            "last, before its logins must wait.",
            check=at_least(1),
        ),
        "LOGIN_FAILURE_WINDOW_SECONDS": Setting(
            15 * 60, "The window of those failures.", check=at_least(1)
        ),
        "LOGIN_DELAY_SECONDS": Setting(
            30,
            "The first wait; each further wrong password doubles it. Never a lock.",
            check=at_least(1),
        ),
        "LOGIN_DELAY_MAX_SECONDS": Setting(15 * 60, "The longest wait.", check=at_least(1)),
        "PASSWORD_BREACH_CHECK": Setting(
            False,
            "Refuse new passwords found in Have I Been Pwned's range API (k-anonymity: 5 hex "
            "characters of the SHA-1 leave the server).",
        ),
        "PASSWORD_BREACH_API": Setting(
            "https://api.pwnedpasswords.com/range/{prefix}", "Where to ask."
        ),
        "PASSWORD_BREACH_TIMEOUT_MS": Setting(
            2000,
            "How long to wait before skipping the check (logged and counted, never an error).",
            check=at_least(1),
        ),
        "PASSWORD_RESET_EXPIRE_SECONDS": Setting(
            30 * 60, "How long a reset token works.", check=at_least(1)
        ),
        "PASSWORD_RESET_URL": Setting(
            "",
            "The front end's reset page, such as `https://app.example.com/reset#token={token}`; "
            "empty: the email holds the token alone.",
        ),
        "EMAIL_VERIFICATION_EXPIRE_SECONDS": Setting(
            2 * 24 * 60 * 60, "How long a verification token works.", check=at_least(1)
        ),
        "EMAIL_VERIFICATION_URL": Setting(
            "",
            "Like `PASSWORD_RESET_URL`, for verifying an address, such as "
            "`https://app.example.com/verify#token={token}`.",
        ),
        "REQUIRE_VERIFIED_EMAIL": Setting(
            False, "`true`: routes outside `/auth` answer an unverified user 403."
        ),
        "SECURITY_NOTIFICATIONS": Setting(
            True,
            "Email the owner about changes to how they sign in: a new client or address, a new "
            "password or address, two-factor on or off, a new passkey or personal token, failed "
            "sign-ins.",
        ),
        "EMAIL_CHANGE_EXPIRE_SECONDS": Setting(
            24 * 60 * 60, "How long the link confirming a new address works.", check=at_least(1)
        ),
        "EMAIL_CHANGE_URL": Setting(
            "",
            "Like `PASSWORD_RESET_URL`, for confirming a new address (`POST /auth/email/confirm`), "
            "such as `https://app.example.com/new-address#token={token}`.",
        ),
        "REGISTRATION": Setting(
            "open",
            "Who may make an account, by any route: `open` (anyone), `invite` (with an "
            "invitation) or `closed` (nobody; admins invite no one either).",
            check=one_of("open", "invite", "closed"),
        ),
        "REGISTRATION_EMAIL_DOMAINS": Setting(
            [],
            "Domains new accounts' addresses must be in, such as `example.com` (exact, any "
            "letter case, either spelling of an international one); empty: any.",
            check=email_domains,
        ),
        "INVITATION_URL": Setting(
            "",
            "The front end's page an invitation links to, such as "
            "`https://app.example.com/join#token={token}`; empty: the email holds the token.",
        ),
    },
    "Mail": {
        "MAIL_SERVER": Setting("", "The SMTP server; empty: see `MAIL_TO_TERMINAL`."),
        "MAIL_TO_TERMINAL": Setting(
            False,
            "Without `MAIL_SERVER`, write each email to the server's terminal (standard error); "
            "otherwise it stays queued until `MAIL_SERVER` is set.",
        ),
        "MAIL_PORT": Setting(25, "The SMTP server's port.", check=between(1, 65535)),
        "MAIL_USE_TLS": Setting(False, "STARTTLS after connecting."),
        "MAIL_USE_SSL": Setting(False, "TLS from the start."),
        "MAIL_USERNAME": Setting("", "SMTP login name."),
        "MAIL_PASSWORD": Setting("", "SMTP password."),
        "MAIL_DEFAULT_SENDER": Setting(
            "Flask JWT API <no-reply@localhost>", "The `From` of every email."
        ),
        "MAIL_TIMEOUT": Setting(
            10,
            "Seconds before a slow SMTP server counts as a failed try: it delays a retry, never "
            "a request.",
            check=at_least(1),
        ),
        "MAIL_WORKER_ENABLED": Setting(
            True, "A thread in each server process delivers the outbox."
        ),
        "MAIL_POLL_SECONDS": Setting(
            5,
            "How often that thread, or `flask send-mail --watch`, looks for due email.",
            check=at_least(1),
        ),
        "MAIL_BACKEND": Setting(
            "smtp",
            "Flask-Mailman's backend; fixed, since it would otherwise keep mail in memory under "
            "`TESTING`.",
            from_environment=False,
        ),
    },
    "Branding (every email is a text and an HTML template)": {
        "TEMPLATES_FOLDER": Setting(
            "",
            "A folder whose files replace the packaged templates of the emails and the hosted "
            "sign-in pages file by file (same relative paths, such as "
            "`mail/password_reset.html` or `hosted/signin.html`); empty: the packaged ones.",
            check=existing_folder,
        ),
        "BRAND_NAME": Setting(
            "Flask JWT API", "The product's name, in every email and hosted sign-in page."
        ),
        "BRAND_URL": Setting("", "The product's site, linked from every email.", check=web_address),
        "BRAND_LOGO_URL": Setting(
            "",
            "The logo every HTML email and hosted sign-in page shows: the one remote image "
            "either may hold; empty: none.",
            check=web_address,
        ),
    },
    "Serving": {
        "PUBLIC_URL": Setting(
            "",
            "Where clients reach the API, such as `https://api.example.com`: every absolute URL "
            "the API makes (a provider's redirect URI, `authorize_url`) starts with it, never "
            "with the request's `Host`. Production requires it, `http://` only for localhost; "
            "elsewhere, empty: the request's host, once `TRUSTED_HOSTS` has let it in.",
            check=public_url,
        ),
        "TRUSTED_HOSTS": Setting(
            ["localhost", "127.0.0.1"],
            "Host names a request's `Host` may name besides `PUBLIC_URL`'s (ports ignored; "
            "`.example.com` for it and its subdomains); any other answers 400. Production: none.",
            check=host_names,
        ),
        "DATABASE_URL": Setting(
            "",
            "SQLAlchemy URL, such as `postgresql+psycopg://user@host/db`; empty: a SQLite file "
            "named after `FLASK_CONFIG` in the instance folder.",
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": Setting(
            {}, "SQLAlchemy's engine options.", from_environment=False
        ),
        "MAX_CONTENT_LENGTH": Setting(
            1024 * 1024, "Larger request bodies get 413.", check=at_least(1)
        ),
        "CORS_ORIGINS": Setting(
            ["*"],
            "`*`: any origin may call with a bearer token, none with cookies; listed origins "
            "may use both (browser sessions).",
            check=origins,
        ),
        "COOKIE_SECURE": Setting(
            True,
            "Browser-session cookies named `__Host-…` and sent over HTTPS only; `false` only for "
            "development over plain HTTP (production refuses it).",
        ),
        "COOKIES_FROM_LISTED_ORIGINS_ONLY": Setting(
            False,
            "Refuse `refresh_transport=cookie` from an `Origin` that is neither the API's own nor "
            "in `CORS_ORIGINS`.",
        ),
        "PROXY_FIX_X_FOR": Setting(
            0,
            "How many proxies in front set `X-Forwarded-For` (1 behind one nginx), so that limits "
            "count the real client.",
            check=at_least(0),
        ),
        "LOG_FORMAT": Setting(
            "text",
            "`json`: one object per line; `text`: readable. gunicorn's lines follow it.",
            check=one_of("json", "text"),
        ),
        "LOG_LEVEL": Setting(
            "INFO", "The root log level.", check=one_of("DEBUG", "INFO", "WARNING", "ERROR")
        ),
        "METRICS_ENABLED": Setting(
            False,
            "Serve Prometheus metrics at `/metrics`, behind `METRICS_TOKEN` or on `METRICS_PORT` "
            "(production refuses neither).",
        ),
        "METRICS_TOKEN": Setting(
            "",
            "The bearer token `/metrics` on the API's listener asks for (32 characters or more "
            "in production); empty: none asked.",
        ),
        "METRICS_PORT": Setting(
            0,
            "A port of their own for the metrics: gunicorn's master serves them there, and the "
            "API's listener has no `/metrics`; 0: none.",
            check=between(0, 65535),
        ),
        "METRICS_HOST": Setting(
            "127.0.0.1", "The address `METRICS_PORT` listens on: this machine alone by default."
        ),
        "REFUSE_UNSAFE_SETTINGS": Setting(
            False,
            "Refuse to start with unsafe settings (weak secrets, cheap bcrypt, no data keys, "
            "plain HTTP); the production environment sets it, never a variable.",
            from_environment=False,
        ),
        "TESTING": Setting(False, "Flask's testing mode.", from_environment=False),
    },
    "Rate limits": {
        "RATELIMIT_ENABLED": Setting(True, "Switch the limits below on or off."),
        "RATELIMIT_STORAGE_URI": Setting(
            "memory://",
            "Where counts live; `redis://host:6379/0` shares them between server processes.",
        ),
        "RATELIMIT_KEY_PREFIX": Setting(
            "", "Prefix of the counters' keys, one per app when several apps share a Redis."
        ),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": Setting(
            True,
            "Count in each process while Redis does not answer.",
            from_environment=False,
        ),
        "RATELIMIT_HEADERS_ENABLED": Setting(
            True, "Send the RateLimit headers.", from_environment=False
        ),
        "RATELIMIT_LOGIN": Setting("10 per minute;60 per hour", "Logins, per client address."),
        "RATELIMIT_REGISTER": Setting(
            "5 per minute;20 per hour", "Registrations, per client address."
        ),
        "RATELIMIT_REFRESH": Setting("60 per minute", "Refreshes, per client address."),
        "RATELIMIT_OAUTH_TOKEN": Setting(
            "300 per minute",
            "Requests to the token endpoint of the identity provider, to revocation and to "
            "introspection, per client address (a busy app's server makes many); failed "
            "client authentication is audited besides.",
        ),
        "RATELIMIT_DEVICE_AUTHORIZATION": Setting(
            "60 per minute",
            "Requests for device codes at the identity provider (RFC 8628), per client address.",
        ),
        "RATELIMIT_DEVICE_USER_CODE": Setting(
            "10 per minute;60 per hour",
            "User codes entered on the hosted /device page, per client address: a code has "
            "about 34 bits, so guesses are throttled (RFC 8628, 5.1).",
        ),
        "RATELIMIT_PASSKEY_LOGIN": Setting(
            "20 per minute;120 per hour",
            "Passkey sign-in options and answers, per client address.",
        ),
        "RATELIMIT_OIDC_AUTHORIZE": Setting(
            "20 per minute;120 per hour",
            "Trips to a sign-in provider, per client address (each stores a state).",
        ),
        "RATELIMIT_LOGIN_CODE": Setting(
            "5 per minute;20 per hour", "Asking for a sign-in code by email, per client address."
        ),
        "RATELIMIT_LOGIN_CODE_PER_ADDRESS": Setting(
            "1 per minute;10 per hour", "Asking for a sign-in code, per address asked for."
        ),
        "RATELIMIT_LOGIN_MFA": Setting(
            "10 per minute;60 per hour", "The second login step, per client address."
        ),
        "RATELIMIT_LOGIN_MFA_PER_ACCOUNT": Setting(
            "10 per minute;30 per hour", "The second login step, per account."
        ),
        "RATELIMIT_PASSWORD_CHANGE": Setting(
            "10 per minute;60 per hour",
            "Password changes, per client address (each checks a password).",
        ),
        "RATELIMIT_PASSWORD_RESET": Setting(
            "5 per minute;20 per hour", "Reset requests, per client address."
        ),
        "RATELIMIT_PASSWORD_RESET_PER_ADDRESS": Setting(
            "3 per hour", "Reset requests, per address asked for, from any client."
        ),
        "RATELIMIT_PASSWORD_RESET_CONFIRM": Setting(
            "10 per minute", "Reset confirmations, per client address."
        ),
        "RATELIMIT_VERIFY_RESEND": Setting(
            "3 per hour", "Resent verification emails, per client address."
        ),
    },
    "Flask-RESTx": {
        "RESTX_ERROR_404_HELP": Setting(
            False, "No *did you mean* added to 404 messages.", from_environment=False
        ),
        "RESTX_MASK_SWAGGER": Setting(
            False, "No `X-Fields` mask header in the documents.", from_environment=False
        ),
        "SWAGGER_UI_DOC_EXPANSION": Setting(
            "none",
            "How Swagger UI opens its sections: none, all collapsed.",
            from_environment=False,
        ),
        "SWAGGER_UI_OPERATION_ID": Setting(
            True, "Swagger UI shows each operation's id.", from_environment=False
        ),
        "SWAGGER_UI_REQUEST_DURATION": Setting(
            True, "Swagger UI shows how long a tried request took.", from_environment=False
        ),
    },
}
SETTINGS: dict[str, Setting] = {
    name: setting for group in SETTING_GROUPS.values() for name, setting in group.items()
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
        "TRUSTED_HOSTS": [],  # PUBLIC_URL's host alone
        "COOKIES_FROM_LISTED_ORIGINS_ONLY": True,
        "PASSWORD_BREACH_CHECK": True,
        "ACCESS_TOKEN_EXPIRE_SECONDS": 60 * 60,
        "LOG_FORMAT": "json",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800},
    },
}


# What each provider's OIDC_<NAME>_<FIELD> setting holds; its kind says which it reads.
PROVIDER_FIELDS: dict[str, str] = {
    "KIND": "What the provider speaks: `oidc` (OpenID Connect) or `github`.",
    "ISSUER": "An OpenID Connect provider's issuer URL, where its discovery document is read.",
    "CLIENT_ID": "Our client id at the provider.",
    "CLIENT_SECRET": "Our client secret there; empty for a public client, with PKCE alone.",
    "SCOPES": "The scopes asked for, separated by spaces.",
    "AUTH_URL": "GitHub's site; for GitHub Enterprise, such as `https://ghe.example.com`.",
    "API_URL": "GitHub's API; for GitHub Enterprise, such as `https://ghe.example.com/api/v3`.",
    "ROLES_CLAIM": "The ID token's claim that lists the user's groups, such as `groups`.",
    "ROLE_MAP": "Which group grants which role, such as `staff:editor,auditors:auditor`; the "
    "roles it names are set from the groups at each sign-in, no other role is touched.",
}


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
    description = ProviderDescription(name, kind_name, client_id, client_secret, scopes, urls)
    return _with_roles(description, fields, kind)


def _with_roles(
    provider: ProviderDescription, fields: dict[str, str], kind: Kind
) -> ProviderDescription:
    """The provider with its ROLES_CLAIM and ROLE_MAP, which go together, on a kind that reads
    an ID token; a map that names no role of ours refuses to start."""
    claim, text = fields["ROLES_CLAIM"], fields["ROLE_MAP"]
    if not claim and not text:
        return provider
    claim_setting = provider_setting(provider.name, "ROLES_CLAIM")
    map_setting = provider_setting(provider.name, "ROLE_MAP")
    if not kind.id_token:
        raise ConfigError(f"{claim_setting}: a {provider.kind} provider has no ID token to read")
    if not claim or not text:
        raise ConfigError(f"{claim_setting} and {map_setting} must be set together")
    try:
        role_map = parse_role_map(text)
    except ValueError as problem:
        raise ConfigError(f"{map_setting}: {problem}") from None
    return replace(provider, roles_claim=claim, role_map=role_map)


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


def hosts_to_answer(settings: dict[str, Any]) -> list[str]:
    """The hosts a request may name: PUBLIC_URL's and TRUSTED_HOSTS; ConfigError for none."""
    public_host = urlsplit(settings["PUBLIC_URL"]).hostname
    hosts = [public_host, *settings["TRUSTED_HOSTS"]] if public_host else settings["TRUSTED_HOSTS"]
    if not hosts:
        raise ConfigError("Set PUBLIC_URL or TRUSTED_HOSTS: no request's Host could be answered")
    return [host.lower() for host in hosts]  # host names know no case


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
    if settings["METRICS_ENABLED"] and not (settings["METRICS_TOKEN"] or settings["METRICS_PORT"]):
        raise ConfigError(
            "METRICS_ENABLED needs METRICS_TOKEN (a bearer token scrapers send) or METRICS_PORT "
            "(a listener of its own, on 127.0.0.1 by default): /metrics must not be public"
        )
    if settings["METRICS_TOKEN"] and len(settings["METRICS_TOKEN"]) < MIN_METRICS_TOKEN_LENGTH:
        raise ConfigError(f"METRICS_TOKEN must be at least {MIN_METRICS_TOKEN_LENGTH} characters")
    if not settings["PUBLIC_URL"]:
        raise ConfigError(
            "PUBLIC_URL is unset: set it to where clients reach the API, such as "
            "https://api.example.com (absolute URLs are never built from the Host header)"
        )
    public = urlsplit(settings["PUBLIC_URL"])
    if public.scheme == "http" and public.hostname not in ("localhost", "127.0.0.1"):
        raise ConfigError(f"PUBLIC_URL: {settings['PUBLIC_URL']} must be https (or localhost)")
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
