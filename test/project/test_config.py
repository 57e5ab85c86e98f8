"""Settings per environment, environment overrides, and production's refusal of weak secrets."""

import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import DEV_SECRET_KEY, ENVIRONMENTS, SETTINGS, ConfigError, get_config
from app.security.sealing import new_data_key

STRONG_KEY = "k" * 32
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def public_url(monkeypatch, id_token_key):
    """Production's public address and ID-token key, which each production start below needs;
    the tests of PUBLIC_URL itself change or remove it."""
    monkeypatch.setenv("PUBLIC_URL", "https://api.example.com")


def test_unknown_config_name_is_refused():
    with pytest.raises(ConfigError, match="unknown FLASK_CONFIG 'prod'"):
        get_config("prod")


@pytest.mark.parametrize(
    ("name", "lifetime", "rounds"),
    [("development", 900, 4), ("testing", 5, 4), ("production", 3600, 12)],
)
def test_each_environment_has_its_defaults(monkeypatch, name, lifetime, rounds):
    monkeypatch.delenv("ACCESS_TOKEN_EXPIRE_SECONDS", raising=False)
    monkeypatch.delenv("BCRYPT_LOG_ROUNDS", raising=False)
    settings = get_config(name)
    assert settings["ACCESS_TOKEN_EXPIRE_SECONDS"] == lifetime
    assert settings["BCRYPT_LOG_ROUNDS"] == rounds
    assert settings["AUTH_REALM_USERS"] == "registered_users@mydomain.com"
    assert settings["AUTH_REALM_ADMINS"] == "admin_users@mydomain.com"


def test_environment_variables_override_defaults(monkeypatch):
    monkeypatch.setenv("ACCESS_TOKEN_EXPIRE_SECONDS", "120")
    monkeypatch.setenv("AUTH_REALM_USERS", "users@example.org")
    settings = get_config("development")
    assert settings["ACCESS_TOKEN_EXPIRE_SECONDS"] == 120
    assert settings["AUTH_REALM_USERS"] == "users@example.org"


def test_non_numeric_number_setting_is_refused(monkeypatch):
    monkeypatch.setenv("BCRYPT_LOG_ROUNDS", "twelve")
    with pytest.raises(ConfigError, match="BCRYPT_LOG_ROUNDS must be a whole number"):
        get_config("production")


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "SECRET_KEY is unset or the development key"),
        (DEV_SECRET_KEY, "SECRET_KEY is unset or the development key"),
        ("short-but-random", "SECRET_KEY must be at least 32 bytes long"),
    ],
)
def test_production_refuses_weak_secret(monkeypatch, secret, message):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match=message):
        create_app("production", DATABASE_URL="sqlite://")


def test_production_refuses_cheap_bcrypt(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("BCRYPT_LOG_ROUNDS", "10")
    with pytest.raises(ConfigError, match="BCRYPT_LOG_ROUNDS must be 12 or more"):
        create_app("production", DATABASE_URL="sqlite://")


def test_production_starts_with_a_strong_secret(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    app = create_app("production", DATABASE_URL="sqlite://")
    assert app.config["SECRET_KEY"] == STRONG_KEY


def test_no_ping_before_each_request(monkeypatch):
    """A dropped connection is found by its socket (test_resilience.py), not by a round trip."""
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    server = create_app("production", DATABASE_URL="postgresql+psycopg://db.example/api")
    assert "pool_pre_ping" not in server.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert server.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["connect_timeout"] == 3


def test_default_database_is_a_sqlite_file_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app("development")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/development.db"


@pytest.mark.slow  # starts a Python process
def test_server_process_exits_with_a_clear_message_on_the_dev_key(tmp_path):
    env = {"FLASK_CONFIG": "production", "PATH": "/usr/bin:/bin"}
    started = subprocess.run(
        [sys.executable, "-c", "import run"], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert started.returncode != 0
    assert "SECRET_KEY is unset or the development key" in started.stderr


def test_an_unknown_log_format_is_refused(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ConfigError, match="LOG_FORMAT must be json or text"):
        get_config("development")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"ACCESS_TOKEN_EXPIRE_SECONDS": "900"}, "ACCESS_TOKEN_EXPIRE_SECONDS must be of type int"),
        ({"CORS_ORIGINS": "https://a.example"}, "CORS_ORIGINS must be of type list, not str"),
        ({"REQUIRE_VERIFIED_EMAIL": 1}, "REQUIRE_VERIFIED_EMAIL must be of type bool, not int"),
        ({"ACCESS_TOKEN_EXPIRE_SECONDS": 0}, "ACCESS_TOKEN_EXPIRE_SECONDS must be 1 or more"),
    ],
)
def test_an_override_of_the_wrong_type_or_range_is_a_start_up_error(override, message):
    with pytest.raises(ConfigError, match=message):
        create_app("testing", **override)


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("CORS_ORIGINS", "https://a.example", "http://127.0.0.1:8080"),
        ("SECRET_KEY_FALLBACKS", "older-secret-" + "o" * 32, "oldest-secret-" + "o" * 32),
        ("JWT_PUBLIC_KEY_FILES", "keys/old.pub", "keys/older.pub"),
    ],
)
def test_every_list_setting_is_read_one_way(monkeypatch, name, first, second):
    monkeypatch.setenv(name, f" {first} ,, {second} ")
    assert get_config("development")[name] == [first, second]


def test_a_non_boolean_flag_is_refused(monkeypatch):
    monkeypatch.setenv("METRICS_ENABLED", "perhaps")
    with pytest.raises(ConfigError, match="METRICS_ENABLED must be true or false, not 'perhaps'"):
        get_config("development")


def test_every_setting_of_every_environment_has_the_declared_type(monkeypatch):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for environment in ENVIRONMENTS:
        settings = get_config(environment)
        assert all(type(settings[name]) is SETTINGS[name].kind for name in SETTINGS)


def test_production_refuses_cookies_over_plain_http(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    monkeypatch.setenv("COOKIE_SECURE", "false")
    with pytest.raises(ConfigError, match="COOKIE_SECURE must be true"):
        create_app("production", DATABASE_URL="sqlite://")


@pytest.mark.parametrize("origins", ["*, https://a.example", "a.example", "https://a.example/app"])
def test_cors_origins_are_star_alone_or_origins(monkeypatch, origins):
    monkeypatch.setenv("CORS_ORIGINS", origins)
    with pytest.raises(ConfigError, match="CORS_ORIGINS must be \\* alone, or origins"):
        get_config("development")


@pytest.mark.parametrize(
    ("metrics", "message"),
    [
        ({}, "METRICS_ENABLED needs METRICS_TOKEN"),
        ({"METRICS_TOKEN": "short"}, "METRICS_TOKEN must be at least 32 characters"),
    ],
)
def test_production_refuses_public_metrics(monkeypatch, metrics, message):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    for name, value in {"METRICS_ENABLED": "true", **metrics}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        create_app("production", DATABASE_URL="sqlite://")


@pytest.mark.parametrize("metrics", [{"METRICS_TOKEN": "t" * 32}, {"METRICS_PORT": "9100"}])
def test_production_serves_metrics_behind_a_token_or_on_a_port_of_their_own(monkeypatch, metrics):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    for name, value in {"METRICS_ENABLED": "true", **metrics}.items():
        monkeypatch.setenv(name, value)
    assert create_app("production", DATABASE_URL="sqlite://").config["METRICS_ENABLED"] is True


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (None, "PUBLIC_URL is unset"),
        ("http://api.example.com", "PUBLIC_URL: http://api.example.com must be https"),
        ("https://api.example.com/v1", "PUBLIC_URL must be an origin"),
        ("api.example.com", "PUBLIC_URL must be an origin"),
    ],
)
def test_production_refuses_to_start_without_a_public_https_url(monkeypatch, address, message):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    monkeypatch.delenv("PUBLIC_URL")
    if address is not None:
        monkeypatch.setenv("PUBLIC_URL", address)
    with pytest.raises(ConfigError, match=message):
        create_app("production", DATABASE_URL="sqlite://")


@pytest.mark.parametrize("address", ["http://localhost:8000", "http://127.0.0.1"])
def test_production_takes_plain_http_on_this_machine(monkeypatch, address):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    monkeypatch.setenv("PUBLIC_URL", address)
    assert create_app("production", DATABASE_URL="sqlite://").config["PUBLIC_URL"] == address


@pytest.mark.parametrize("hosts", ["https://a.example", "a.example:443", "a.example/x", "*.a.io"])
def test_trusted_hosts_are_host_names(monkeypatch, hosts):
    monkeypatch.setenv("TRUSTED_HOSTS", hosts)
    with pytest.raises(ConfigError, match="TRUSTED_HOSTS must be host names"):
        get_config("development")


def test_with_neither_public_url_nor_trusted_hosts_nothing_could_be_answered():
    with pytest.raises(ConfigError, match="Set PUBLIC_URL or TRUSTED_HOSTS"):
        create_app("testing", PUBLIC_URL="", TRUSTED_HOSTS=[])


def test_production_refuses_to_start_without_data_encryption_keys(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEYS is unset"):
        create_app("production", DATABASE_URL="sqlite://")


@pytest.mark.parametrize("key", ["not-a-key", "c2hvcnQ="])
def test_a_data_encryption_key_that_is_not_a_fernet_key_is_refused(monkeypatch, key):
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", f"{new_data_key()},{key}")
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEYS must be keys from"):
        get_config("development")


ANDROID_APP = "android:apk-key-hash:" + "A" * 43  # the base64url SHA-256 of a signing key


@pytest.mark.parametrize(
    "origin",
    [
        "android:apk-key-hash:",
        "android:apk-key-hash:" + "A" * 42,
        "android:apk-key-hash:" + "A" * 42 + "B",  # no SHA-256 ends so in base64url
        "android:" + "A" * 43,
        "*",
    ],
)
def test_a_passkey_origin_that_is_neither_a_site_nor_an_android_app_is_refused(monkeypatch, origin):
    monkeypatch.setenv("WEBAUTHN_ORIGINS", origin)
    with pytest.raises(ConfigError, match="WEBAUTHN_ORIGINS must be origins such as"):
        get_config("development")


def test_passkey_origins_must_be_on_the_rp_id(monkeypatch):
    monkeypatch.setenv("WEBAUTHN_RP_ID", "example.com")
    monkeypatch.setenv("WEBAUTHN_ORIGINS", "https://app.example.com,https://example.org")
    with pytest.raises(ConfigError, match="https://example.org is not on WEBAUTHN_RP_ID"):
        get_config("development")


@pytest.mark.parametrize(
    ("origin", "refused"),
    [
        ("http://app.example.com", True),
        ("https://app.example.com", False),
        ("http://localhost:8080", False),
        (ANDROID_APP, False),
    ],
)
def test_production_takes_passkey_origins_over_https_or_localhost(monkeypatch, origin, refused):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    rp_id = "localhost" if "localhost" in origin else "example.com"
    monkeypatch.setenv("WEBAUTHN_RP_ID", rp_id)
    monkeypatch.setenv("WEBAUTHN_ORIGINS", origin)
    if refused:
        with pytest.raises(ConfigError, match="must be https"):
            create_app("production", DATABASE_URL="sqlite://")
    else:
        assert create_app("production", DATABASE_URL="sqlite://").config["WEBAUTHN_ORIGINS"] == [
            origin
        ]


@pytest.mark.parametrize("seconds", ["61", "99999999999999999999"])
def test_a_refresh_grace_beyond_a_minute_is_refused(monkeypatch, seconds):
    monkeypatch.setenv("REFRESH_REUSE_GRACE", seconds)
    with pytest.raises(ConfigError, match="REFRESH_REUSE_GRACE must be from 0 to 60"):
        get_config("development")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TEMPLATES_FOLDER", "/no/such/folder"),
        ("BRAND_URL", "http://acme.example"),  # plain HTTP beyond this machine
        ("BRAND_URL", "javascript:alert(1)"),
        ("BRAND_URL", "acme.example"),
        ("BRAND_LOGO_URL", 'https://acme.example/logo.png" onerror="alert(1)'),
        ("BRAND_LOGO_URL", "https://[::1/logo.png"),
    ],
)
def test_brand_settings_that_would_break_every_email_stop_the_start(name, value):
    with pytest.raises(ConfigError, match=f"^{name} must be"):
        create_app("testing", **{name: value})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BRAND_URL", "https://acme.example"),
        ("BRAND_URL", "http://localhost:5000"),
        ("BRAND_LOGO_URL", "https://cdn.acme.example/logo.png"),
        ("TEMPLATES_FOLDER", str(REPO / "app" / "templates")),
    ],
)
def test_brand_settings_accept_https_localhost_and_a_folder(name, value):
    assert create_app("testing", **{name: value}).config[name] == value
