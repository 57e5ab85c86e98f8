"""The table of security events (app/accounts/security_events.py), crossed with every kind of
pending token it names: each kind is made over HTTP, the event happens over HTTP, and the kind
is then refused. A new kind is one more probe here; a new event, one more trigger.

Every user here has two-factor on (so that an mfa_token and recovery codes can be pending) and
verified their address with a link that can be sent again; mail goes through a real SMTP server,
and a real OpenID Connect provider serves the trips that link an identity.
Two instances share one database: each kind is made and probed on one, the event happens on the
other, as behind a load balancer.
"""

from base64 import urlsafe_b64encode
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from hashlib import sha256
from secrets import token_urlsafe
from typing import Any
from uuid import uuid4

import pyotp
import pytest
from conftest import stepped_up
from support.oidc_flow import provider_settings

from app import create_app, db
from app.accounts.security_events import ENDS, Pending, SecurityEvent
from app.accounts.sessions import start_session
from app.api.clients.business import register as register_client
from app.models import AuthorizationCode, DeviceCode, OidcSignInCode, User
from app.ops.origin import COMMAND_LINE, Origin
from app.util.datetime_util import utc_now

AUTH = "/api/v1/auth"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
EXPIRED = "This sign-in has expired. Please log in again."


@dataclass
class Person:
    """A user of the test, and what the test knows of them as it goes."""

    client: Any
    app: Any
    mail: Callable[[str, str], str]  # (address, subject) -> the token in the newest such email
    code: Callable[[str, str], str]  # (address, subject) -> the code in the newest such email
    email: str
    password: str
    public_id: str
    authenticator: pyotp.TOTP
    recovery_codes: list[str]
    verification_token: str
    provider: Any
    headers: dict[str, str] = field(default_factory=dict)  # a stepped-up session of theirs
    admin_headers: dict[str, str] = field(default_factory=dict)

    def log_in(self) -> Any:
        body = {"email": self.email, "password": self.password}
        return self.client.post(f"{AUTH}/login", json=body)


@pytest.fixture
def database_url(shared_database_url) -> str:
    """A database two instances can share."""
    return shared_database_url


@pytest.fixture
def app(make_app, provider):
    return make_app(**provider_settings(provider.issuer))


@pytest.fixture
def other_instance(app, database_url, provider) -> Any:
    """A second app on the same database (after `app`, which made the tables)."""
    other = create_app("testing", DATABASE_URL=database_url, **provider_settings(provider.issuer))
    yield other.test_client()
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def person(app, client, create_account, mailbox, deliver, provider, clock) -> Person:
    account = create_account(verified=False)

    def newest(address: str, subject: str) -> Any:
        deliver()
        return [m for m in mailbox.messages if m["To"] == address and m["Subject"] == subject][-1]

    def mail(address: str, subject: str) -> str:
        return mailbox.token_in(newest(address, subject))

    def code(address: str, subject: str) -> str:
        return mailbox.code_in(newest(address, subject))

    client.post(f"{AUTH}/verify-email/resend", headers=account.headers)
    verification_token = mail(account.email, "Confirm your email address")
    verified = client.post(f"{AUTH}/verify-email", json={"token": verification_token})
    assert verified.status_code == 200
    secret = client.post(f"{AUTH}/mfa/totp", headers=account.headers).json["secret"]
    authenticator = pyotp.TOTP(secret)
    confirm = {"code": authenticator.now()}
    confirmed = client.post(f"{AUTH}/mfa/totp/confirm", json=confirm, headers=account.headers)

    return Person(
        client,
        app,
        mail,
        code,
        account.email,
        account.password,
        account.public_id,
        authenticator,
        confirmed.json["recovery_codes"],
        verification_token,
        provider,
        headers=stepped_up(app, account),
        admin_headers=create_account(admin=True).headers,
    )


# Each maker leaves one kind pending and returns its probe: True while that kind still works.
def pending_session(person: Person) -> Callable[[], bool]:
    headers = stepped_up(person.app, person)
    return lambda: person.client.get(f"{AUTH}/user", headers=headers).status_code == 200


def pending_personal_token(person: Person) -> Callable[[], bool]:
    body = {"name": "ci", "scopes": "widgets:read"}
    token = person.client.post(f"{AUTH}/tokens", json=body, headers=person.headers).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    return lambda: person.client.get("/api/v1/widgets", headers=headers).status_code == 200


def pending_email_change(person: Person) -> Callable[[], bool]:
    address = f"pending-{uuid4().hex[:8]}@example.com"
    body = {"new_email": address, "password": person.password}
    assert person.client.post(f"{AUTH}/email", json=body, headers=person.headers).status_code == 202
    token = person.mail(address, "Confirm your new email address")
    return lambda: (
        person.client.post(f"{AUTH}/email/confirm", json={"token": token}).status_code == 200
    )


def pending_reset_link(person: Person) -> Callable[[], bool]:
    person.client.post(f"{AUTH}/password-reset", json={"email": person.email})
    token = person.mail(person.email, "Reset your password")
    body = {"token": token, "new_password": "probing-horse-battery-5"}
    return lambda: (
        person.client.post(f"{AUTH}/password-reset/confirm", json=body).status_code == 200
    )


def pending_verification_link(person: Person) -> Callable[[], bool]:
    body = {"token": person.verification_token}  # a link works again while it lives
    return lambda: person.client.post(f"{AUTH}/verify-email", json=body).status_code == 200


def pending_mfa_token(person: Person) -> Callable[[], bool]:
    mfa_token = person.log_in().json["mfa_token"]

    def still_open() -> bool:
        """The token still opens a second step: its code is checked (right or wrong now)."""
        code = person.authenticator.at(utc_now() + timedelta(seconds=30))
        body = {"mfa_token": mfa_token, "code": code}
        response = person.client.post(f"{AUTH}/login/mfa", json=body)
        return response.status_code == 200 or response.json["message"] != EXPIRED

    return still_open


def pending_oidc_code(person: Person) -> Callable[[], bool]:
    code = token_urlsafe(32)
    with person.app.app_context():
        user = db.session.scalar(db.select(User).filter_by(public_id=person.public_id))
        expires_at = utc_now() + timedelta(seconds=60)
        db.session.add(
            OidcSignInCode(
                code_hash=sha256(code.encode()).hexdigest(), user_id=user.id, expires_at=expires_at
            )
        )
        db.session.commit()
    # 200, or 401 mfa_required: either way the code was taken for a sign-in.
    return lambda: (
        person.client.post(f"{AUTH}/oidc/exchange", json={"code": code}).status_code
        in {
            200,
            401,
        }
    )


def pending_provider_link(person: Person) -> Callable[[], bool]:
    """A trip to the provider that would link an identity, approved there, not back yet."""
    started = person.client.get(f"{AUTH}/oidc/mock/authorize", headers=person.headers)
    subject = f"link-{uuid4().hex[:8]}"
    person.provider.add_user(subject, email=f"{subject}@example.org", email_verified=True)
    way_back = person.provider.approve(started.location, subject)
    return lambda: "#code=" in person.client.get(way_back).location


def pending_recovery_code(person: Person) -> Callable[[], bool]:
    code = person.recovery_codes[0]

    def still_works() -> bool:
        """The code finishes a login; with two-factor off since, once it is on again."""
        first = person.log_in()
        if first.status_code == 200:  # two-factor is off: turn it on again first
            headers = {"Authorization": f"Bearer {first.json['access_token']}"}
            secret = person.client.post(f"{AUTH}/mfa/totp", headers=headers).json["secret"]
            confirm = {"code": pyotp.TOTP(secret).now()}
            person.client.post(f"{AUTH}/mfa/totp/confirm", json=confirm, headers=headers)
            first = person.log_in()
        if "mfa_token" not in (first.json or {}):
            return False  # no login at all: disabled or deleted
        body = {"mfa_token": first.json["mfa_token"], "code": code}
        return person.client.post(f"{AUTH}/login/mfa", json=body).status_code == 200

    return still_works


def pending_emailed_code(person: Person) -> Callable[[], bool]:
    """A sign-in code mailed to the account's address, not used yet."""
    person.client.post(f"{AUTH}/login/code", json={"email": person.email})
    body = {"email": person.email, "code": person.code(person.email, "Your code to sign in")}
    # 401 mfa_required: the code was taken for a first step; anything else refused it.
    return lambda: "mfa_token" in person.client.post(f"{AUTH}/login/code/confirm", json=body).json


def hosted_sign_in(user: User) -> str:
    """The login session of a sign-in on the hosted pages, which a grant lasts no longer than."""
    session_id: str = start_session(user, Origin("127.0.0.1", "probe")).session_id
    return session_id


def pending_authorization_code(person: Person) -> Callable[[], bool]:
    """A code the identity provider gave a client for this person, not exchanged yet."""
    code, verifier = token_urlsafe(32), token_urlsafe(48)
    challenge = urlsafe_b64encode(sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect_uri = "https://app.example.com/callback"
    with person.app.app_context():
        client, secret = register_client(
            COMMAND_LINE,
            name="Probe",
            grant_types=["authorization_code"],
            scopes=["openid"],
            redirect_uris=[redirect_uri],
        )
        user = db.session.scalar(db.select(User).filter_by(public_id=person.public_id))
        db.session.add(
            AuthorizationCode(
                code_hash=sha256(code.encode()).hexdigest(),
                client_id=client.client_id,
                user_id=user.id,
                redirect_uri=redirect_uri,
                scope="openid",
                code_challenge=challenge,
                auth_time=utc_now(),
                amr="pwd",
                signed_in_session=hosted_sign_in(user),
                expires_at=utc_now() + timedelta(seconds=60),
            )
        )
        db.session.commit()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            "client_id": client.client_id,
            "client_secret": secret,
        }
    return lambda: person.client.post("/api/v1/oauth/token", data=form).status_code == 200


def pending_device_code(person: Person) -> Callable[[], bool]:
    """A device code the person allowed a client on /device, not exchanged yet."""
    device_code, user_code = token_urlsafe(32), "BCDFGHJK"
    with person.app.app_context():
        client, secret = register_client(
            COMMAND_LINE, name="Probe TV", grant_types=[DEVICE_GRANT], scopes=["openid"]
        )
        user = db.session.scalar(db.select(User).filter_by(public_id=person.public_id))
        db.session.add(
            DeviceCode(
                code_hash=sha256(device_code.encode()).hexdigest(),
                user_code=user_code,
                client_id=client.client_id,
                scope="openid",
                user_id=user.id,
                auth_time=utc_now(),
                amr="pwd",
                signed_in_session=hosted_sign_in(user),
                expires_at=utc_now() + timedelta(seconds=600),
            )
        )
        db.session.commit()
        form = {
            "grant_type": DEVICE_GRANT,
            "device_code": device_code,
            "client_id": client.client_id,
            "client_secret": secret,
        }
    return lambda: person.client.post("/api/v1/oauth/token", data=form).status_code == 200


PROBES: dict[Pending, Callable[[Person], Callable[[], bool]]] = {
    Pending.SESSIONS: pending_session,
    Pending.PERSONAL_TOKENS: pending_personal_token,
    Pending.EMAIL_CHANGE: pending_email_change,
    Pending.RESET_LINKS: pending_reset_link,
    Pending.VERIFICATION_LINKS: pending_verification_link,
    Pending.MFA_TOKENS: pending_mfa_token,
    Pending.OIDC_CODES: pending_oidc_code,
    Pending.PROVIDER_LINKS: pending_provider_link,
    Pending.RECOVERY_CODES: pending_recovery_code,
    Pending.EMAILED_CODES: pending_emailed_code,
    Pending.AUTHORIZATION_CODES: pending_authorization_code,
    Pending.DEVICE_CODES: pending_device_code,
}


# Each trigger makes its event happen over HTTP, the way a person or an admin would.
def change_password(person: Person) -> None:
    body = {"current_password": person.password, "new_password": "changed-horse-battery-7"}
    response = person.client.post(f"{AUTH}/password", json=body, headers=person.headers)
    assert response.status_code == 200, response.json
    person.password = body["new_password"]


def reset_password(person: Person) -> None:
    person.client.post(f"{AUTH}/password-reset", json={"email": person.email})
    body = {
        "token": person.mail(person.email, "Reset your password"),
        "new_password": "reset-horse-battery-9",
    }
    assert person.client.post(f"{AUTH}/password-reset/confirm", json=body).status_code == 200
    person.password = body["new_password"]


def log_out_everywhere(person: Person) -> None:
    assert person.client.post(f"{AUTH}/logout-all", headers=person.headers).status_code == 200


def admin_logs_out(person: Person) -> None:
    url = f"/api/v1/users/{person.public_id}/logout-all"
    assert person.client.post(url, headers=person.admin_headers).status_code == 200


def move_address(person: Person) -> None:
    address = f"moved-{uuid4().hex[:8]}@example.com"
    body = {"new_email": address, "password": person.password}
    person.client.post(f"{AUTH}/email", json=body, headers=person.headers)
    token = person.mail(address, "Confirm your new email address")
    assert person.client.post(f"{AUTH}/email/confirm", json={"token": token}).status_code == 200
    person.email = address


def turn_two_factor_off(person: Person) -> None:
    body = {"password": person.password, "code": person.recovery_codes[-1]}
    response = person.client.delete(f"{AUTH}/mfa/totp", json=body, headers=person.headers)
    assert response.status_code == 204, response.json


def admin_resets_two_factor(person: Person) -> None:
    url = f"/api/v1/users/{person.public_id}/mfa"
    assert person.client.delete(url, headers=person.admin_headers).status_code == 204


def admin_disables(person: Person) -> None:
    url = f"/api/v1/users/{person.public_id}"
    body = {"disabled": True}
    assert person.client.patch(url, json=body, headers=person.admin_headers).status_code == 200


def delete_account(person: Person) -> None:
    body = {"password": person.password}
    assert (
        person.client.delete(f"{AUTH}/user", json=body, headers=person.headers).status_code == 204
    )


TRIGGERS: dict[str, tuple[SecurityEvent, Callable[[Person], None]]] = {
    "password changed": (SecurityEvent.PASSWORD_CHANGED, change_password),
    "password reset": (SecurityEvent.PASSWORD_CHANGED, reset_password),
    "logout-all": (SecurityEvent.LOGOUT_ALL, log_out_everywhere),
    "logout-all by an admin": (SecurityEvent.LOGOUT_ALL, admin_logs_out),
    "email change confirmed": (SecurityEvent.EMAIL_CHANGED, move_address),
    "two-factor off": (SecurityEvent.TWO_FACTOR_OFF, turn_two_factor_off),
    "two-factor reset by an admin": (SecurityEvent.TWO_FACTOR_OFF, admin_resets_two_factor),
    "account disabled": (SecurityEvent.ACCOUNT_DISABLED, admin_disables),
    "account deleted": (SecurityEvent.ACCOUNT_DELETED, delete_account),
}
CROSSING = [
    pytest.param(trigger, pending, id=f"{trigger} ends {pending.name.lower()}")
    for trigger, (event, _) in TRIGGERS.items()
    for pending in Pending
    if pending in ENDS[event]
]


def test_every_kind_has_a_probe_and_every_event_a_trigger():
    assert set(PROBES) == set(Pending)
    assert {event for event, _ in TRIGGERS.values()} == set(SecurityEvent)


@pytest.mark.parametrize("pending", list(Pending), ids=lambda kind: kind.name.lower())
def test_each_probe_finds_its_kind_working_when_nothing_happened(person, pending):
    assert PROBES[pending](person)()


@pytest.mark.parametrize(("trigger", "pending"), CROSSING)
def test_an_event_ends_what_the_table_says(person, other_instance, clock, trigger, pending):
    probe = PROBES[pending](person)
    clock.shift(timedelta(seconds=1))  # the event comes after: a frozen clock would tie them
    _, make_it_happen = TRIGGERS[trigger]
    this_instance, person.client = person.client, other_instance
    make_it_happen(person)
    person.client = this_instance
    assert not probe(), f"{pending.value} outlived: {trigger}"
