"""Fixtures: a fresh app and database per test, on SQLite and again on PostgreSQL."""

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, NoReturn
from uuid import uuid4

import jwt
import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.engine import make_url
from support.documented_shapes import DocumentedShapes
from support.live_server import LiveServer
from support.smtp_sink import Mailbox
from time_machine import TimeMachineFixture
from werkzeug.serving import make_server

from app import create_app, db, mailman
from app.accounts.sessions import start_session
from app.api.blueprint import api
from app.mail.outbox import deliver_due_messages
from app.models import User, Widget
from app.ops.origin import Origin
from app.ops.single_slashes import REPEATED_SLASHES
from app.security.keyring import generate_private_key, private_pem
from app.util.datetime_util import utc_now
from bench.databases import create_empty

PASSWORD = "correct-horse-9"
POSTGRES_SKIP_REASON = (
    "PostgreSQL run skipped: set TEST_DATABASE_URL, e.g. "
    "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a closed network: no sandbox, nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).parent.parent / "screenshots"))
REDIS_SKIP_REASON = "Redis tests skipped: set TEST_REDIS_URL, e.g. redis://127.0.0.1:6379/0"


class Account(NamedTuple):
    """A stored user with the headers of a valid access token."""

    email: str
    password: str
    public_id: str
    headers: dict[str, str]
    session_id: str

    @property
    def token(self) -> str:
        """The access token alone, as pasted into Swagger UI's Authorize dialog."""
        return self.headers["Authorization"].removeprefix("Bearer ")


def skip_outside_ci(reason: str) -> NoReturn:
    """Skip for `reason` on a user's machine; under CI=true, where every test must run, fail."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, where this test must run: {reason}")
    pytest.skip(reason)


def required_url(variable: str, skip_reason: str) -> str:
    """A service's URL from `variable`; skip without it, but fail under CI, where it must be set."""
    return os.environ.get(variable) or skip_outside_ci(skip_reason)


def require_postgres_url() -> str:
    """TEST_DATABASE_URL, for tests that need a PostgreSQL server."""
    return required_url("TEST_DATABASE_URL", POSTGRES_SKIP_REASON)


def enable_totp(client: FlaskClient, account: Account) -> pyotp.TOTP:
    """Turn two-factor on for `account` through the API; returns its authenticator app."""
    headers = account.headers
    secret = client.post("/api/v1/auth/mfa/totp", headers=headers).json["secret"]
    authenticator = pyotp.TOTP(secret)
    confirm = {"code": authenticator.now()}
    response = client.post("/api/v1/auth/mfa/totp/confirm", json=confirm, headers=headers)
    assert response.status_code == 200, response.json
    return authenticator


def stepped_up(app: Flask, account: Account) -> dict[str, str]:
    """Headers of a new session of `account` signed in just now with a password and a code
    (amr pwd, otp, mfa): what step-up asks of a user with two-factor on, without spending a
    code of the test's authenticator."""
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(public_id=account.public_id))
        tokens = start_session(user, Origin("127.0.0.1", "pytest"), ("pwd", "otp", "mfa"))
        db.session.commit()
    return {"Authorization": f"Bearer {tokens.access_token}"}


def fresh_database(kind: str, folder: Path, name: str) -> str:
    """An empty database for a server a test starts: a SQLite file in `folder`, or database
    `name` on TEST_DATABASE_URL's server (dropped and created anew)."""
    if kind == "sqlite":
        return f"sqlite:///{folder / f'{name}.db'}"
    url = make_url(require_postgres_url()).set(database=name)
    database = url.render_as_string(hide_password=False)
    create_empty(database)
    return database


def require_redis_url() -> str:
    """TEST_REDIS_URL, for tests that need a Redis server."""
    return required_url("TEST_REDIS_URL", REDIS_SKIP_REASON)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say once, at the end, why the PostgreSQL half of the suite was skipped."""
    if not os.environ.get("TEST_DATABASE_URL"):
        terminalreporter.write_line(POSTGRES_SKIP_REASON, yellow=True)
    if not os.environ.get("TEST_REDIS_URL"):
        terminalreporter.write_line(REDIS_SKIP_REASON, yellow=True)
    for screenshot in sorted(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.is_dir() else []:
        terminalreporter.write_line(f"screenshot: {screenshot}")


def answered_path(path: str) -> str:
    """The path the app routes, each run of slashes made one (app/ops/single_slashes.py)."""
    return REPEATED_SLASHES.sub("/", path)


class DocumentedClient(FlaskClient):
    """The test client, checking each answer against swagger.json (support/documented_shapes.py)."""

    shapes: DocumentedShapes | None = None  # one document for the whole run: it never changes

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html":  # a page for a person (the provider's), not JSON
            return response
        body = response.get_json(silent=True) if response.data else None
        method, path = response.request.method, answered_path(response.request.path)
        problems = self._shapes().problems(method, path, response.status_code, body)
        assert not problems, f"{method} {path} {response.status_code}: {problems}"
        return response

    def _shapes(self) -> DocumentedShapes:
        if DocumentedClient.shapes is None:
            with self.application.test_request_context():
                swagger = api.__schema__
            DocumentedClient.shapes = DocumentedShapes(swagger, self.application.url_map)
        return DocumentedClient.shapes


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Every test that uses the app runs on both databases."""
    return "sqlite://" if request.param == "sqlite" else require_postgres_url()


@pytest.fixture
def provider() -> Iterator[Any]:
    """A real OpenID Connect provider on a free port of 127.0.0.1 (support/oidc_provider.py)."""
    # Imported here, by the tests that start one: oidc-provider-mock imports what Authlib has
    # deprecated, which pytest.ini silences only once the run has begun.
    from support.oidc_provider import running_provider

    with running_provider() as provider:
        yield provider


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database that several connections, threads or app instances use at once: a SQLite
    file (not the one in-memory connection `database_url` gives), or PostgreSQL. A module
    that needs one returns it as its `database_url`."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    return require_postgres_url()


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Factory: make_app(**settings) builds a testing app on an emptied database."""
    apps: list[Flask] = []

    def make(**settings: Any) -> Flask:
        app = create_app("testing", DATABASE_URL=database_url, **settings)
        app.test_client_class = DocumentedClient
        with app.app_context():
            db.drop_all()  # PostgreSQL keeps tables between tests; start from nothing
            db.create_all()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def id_token_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An RS256 key for ID tokens, made once: production starts only with one."""
    path = tmp_path_factory.mktemp("id-token-key") / "id-token.pem"
    path.write_bytes(private_pem(generate_private_key("RS256")))
    return path


@pytest.fixture
def id_token_key(monkeypatch: pytest.MonkeyPatch, id_token_key_file: Path) -> Path:
    """ID_TOKEN_PRIVATE_KEY_FILE in the environment, for a test that starts production."""
    monkeypatch.setenv("ID_TOKEN_PRIVATE_KEY_FILE", str(id_token_key_file))
    return id_token_key_file


def signing_settings(algorithm: str, folder: Path) -> dict[str, str]:
    """Settings that make an app sign with `algorithm`: a new key file in `folder` if needed."""
    if algorithm == "HS256":
        return {"JWT_ALGORITHM": "HS256"}
    key_file = folder / f"{algorithm}-{uuid4().hex[:8]}.pem"
    key_file.write_bytes(private_pem(generate_private_key(algorithm)))
    return {"JWT_ALGORITHM": algorithm, "JWT_PRIVATE_KEY_FILE": str(key_file)}


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """A new app on an empty database."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client: each request gets its own context, so its own g and session."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Click's runner for the app's `flask` commands."""
    return app.test_cli_runner()


def account_in(
    app: Flask, *, admin: bool = False, email: str | None = None, verified: bool = True
) -> Account:
    """Store a user in `app`'s database; returns its email and the headers of an access token."""
    email = email or f"{uuid4().hex[:12]}@example.com"
    with app.app_context():
        user = User(email=email, password=PASSWORD, admin=admin)
        user.email_verified = verified
        db.session.add(user)
        db.session.flush()
        tokens = start_session(user, Origin("127.0.0.1", "pytest"))
        db.session.commit()
        headers = {"Authorization": f"Bearer {tokens.access_token}"}
        session_id = jwt.decode(tokens.access_token, options={"verify_signature": False})["sid"]
        return Account(email, PASSWORD, user.public_id, headers, session_id)


@pytest.fixture
def create_account(app: Flask) -> Callable[..., Account]:
    """Factory: create_account(admin=True) stores a user in `app` (see account_in)."""
    return lambda **options: account_in(app, **options)


@pytest.fixture
def forge_token(app: Flask) -> Callable[..., str]:
    """Factory: sign arbitrary claims with the app's signing key and kid, unless told otherwise."""
    ring = app.extensions["jwt_keyring"]

    def forge(
        claims: dict[str, Any],
        *,
        key: Any = None,
        algorithm: str | None = None,
        headers: dict[str, Any] | None = None,
    ) -> str:
        headers = {"kid": ring.signing_kid} if headers is None else headers
        signing_key = ring.signing_key if key is None else key
        return jwt.encode(claims, signing_key, algorithm or ring.algorithm, headers=headers)

    return forge


def valid_claims(account: Account, token_type: str = "access") -> dict[str, Any]:
    """The claims our access tokens carry for `account`'s session, valid for a minute from now."""
    now = int(time.time())
    return {
        "iss": "flask-jwt-api",
        "aud": "flask-jwt-api",
        "sub": account.public_id,
        "sid": account.session_id,
        "iat": now,
        "exp": now + 60,
        "jti": uuid4().hex,
        "type": token_type,
        "auth_time": now,
        "amr": ["pwd"],
        "scope": "widgets:read",
    }


NOW = datetime(2030, 5, 13, 12, 0, tzinfo=UTC)  # "today" for widget deadlines: 2030-05-13


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """Every module's clock, tokens' included, frozen at NOW; move it with clock.shift()."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def create_widgets(app: Flask, clock: TimeMachineFixture) -> Callable[..., None]:
    """Factory: create_widgets("a", "b") stores widgets owned by a new admin, due in 10 days."""

    def create(*names: str) -> None:
        with app.app_context():
            owner = User(email=f"{uuid4().hex[:12]}@example.com", password=PASSWORD, admin=True)
            deadline = utc_now() + timedelta(days=10)
            for name in names:
                db.session.add(
                    Widget(name=name, info_url="https://x.io", deadline=deadline, owner=owner)
                )
            db.session.commit()

    return create


@pytest.fixture
def mailbox_for() -> Iterator[Callable[[Flask], Mailbox]]:
    """Factory: mailbox_for(app) starts a real SMTP server that `app` sends to."""
    boxes: list[Mailbox] = []

    def start(app: Flask) -> Mailbox:
        box = Mailbox()
        box.start()
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=box.port)
        mailman.init_app(app)  # Flask-Mailman reads its settings once, here
        boxes.append(box)
        return box

    yield start
    for box in boxes:
        box.stop()


@pytest.fixture
def mailbox(app: Flask, mailbox_for: Callable[[Flask], Mailbox]) -> Mailbox:
    """A real SMTP server that `app` sends to; deliver() in a test empties the outbox into it."""
    return mailbox_for(app)


@pytest.fixture
def deliver(app: Flask) -> Callable[[], tuple[int, int]]:
    """Send what the outbox holds that is due, as the worker thread or `flask send-mail` would."""

    def run() -> tuple[int, int]:
        with app.app_context():
            return deliver_due_messages()

    return run


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """The app behind a real threaded HTTP server on a free port of 127.0.0.1."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright; skipped where it is absent, except in CI."""
    if not shutil.which(CHROMIUM):
        skip_outside_ci(f"browser tests skipped: {CHROMIUM} not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app served by `flask run` in its own process, as `make run` serves it."""
    server = LiveServer(tmp_path_factory.mktemp("live"))
    yield server
    server.close()
