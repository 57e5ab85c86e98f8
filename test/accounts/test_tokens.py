"""The token service: each kind round-trips, and every refusal carries its reason."""

from datetime import timedelta

import pytest

from app import db
from app.accounts.sessions import start_session
from app.models import User
from app.ops.origin import Origin
from app.security import tokens
from app.security.bearer import BearerKind
from app.security.bearer_strategies import authenticate
from app.security.tokens import Refusal, TokenKind
from app.util.result import Fail, Ok


@pytest.fixture
def user(app):
    with app.app_context():
        user = User(email="ada@example.com", password="correct-horse-9", admin=True)
        db.session.add(user)
        db.session.commit()
        yield user


def access_token(user) -> str:
    """An access token of a new session of `user`."""
    issued = start_session(user, Origin("127.0.0.1", "pytest"))
    db.session.commit()
    return issued.access_token


def test_access_token_round_trip_names_its_user(user):
    result = authenticate(access_token(user), "127.0.0.1")
    assert isinstance(result, Ok)
    assert result.value.account.id == user.id
    assert result.value.account.public_id == user.public_id
    assert result.value.kind is BearerKind.ACCESS
    assert result.value.session_id is not None and result.value.auth_time is not None
    assert result.value.amr == ("pwd",)


def test_refresh_token_carries_its_family(user):
    issued = tokens.issue_refresh_token(user.public_id, "family-1")
    decoded = tokens.decode(issued.token, TokenKind.REFRESH)
    assert decoded == Ok(issued.claims)
    assert decoded.value.family == "family-1"


@pytest.mark.parametrize(
    ("kind", "other"),
    [(TokenKind.ACCESS, TokenKind.REFRESH), (TokenKind.REFRESH, TokenKind.ACCESS)],
)
def test_no_kind_is_accepted_as_another(user, kind, other):
    token = tokens.issue(kind, user.public_id, admin=False, family="f", sid="s").token
    assert tokens.decode(token, other) == Fail(Refusal.INVALID)


def test_garbage_is_refused_as_invalid(user):
    assert tokens.decode("not.a.token", TokenKind.ACCESS) == Fail(Refusal.INVALID)


def test_expiry_follows_the_kinds_lifetime_setting(app, user, time_machine):
    token = access_token(user)  # testing: access tokens live 5 s
    time_machine.move_to(tokens.utc_now() + timedelta(seconds=6))
    assert tokens.decode(token, TokenKind.ACCESS) == Fail(Refusal.EXPIRED)


def test_issue_rounds_expiry_to_the_second_the_token_states(user):
    issued = tokens.issue_refresh_token(user.public_id, "family-1")
    assert issued.claims.expires_at.microsecond == 0
    assert tokens.decode(issued.token, TokenKind.REFRESH).value.expires_at == (
        issued.claims.expires_at
    )
