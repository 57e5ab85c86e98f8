"""Registering, logging in, refreshing, logging out and closing the account: plain values in
(who asks comes as an Origin), users and tokens out.

Each public function that changes something commits once, so a failure half-way leaves nothing.
"""

from collections.abc import Collection
from functools import cache
from typing import Any, NoReturn, assert_never
from uuid import uuid4

from app import bcrypt, db
from app.accounts import (
    invitations,
    login_throttle,
    reauthentication,
    refresh_sessions,
    security_events,
    sign_up_policy,
)
from app.accounts.admins import refuse_to_lose_the_last_admin
from app.accounts.refresh_sessions import resolve_refresh_session
from app.accounts.security_events import SecurityEvent
from app.accounts.sessions import (
    PASSWORD_ONLY,
    IssuedTokens,
    narrow_session,
    revoke_session,
    start_session,
)
from app.accounts.sign_in import SignInOutcome, complete_sign_in
from app.errors import (
    BadCredentials,
    EmailTaken,
    InvalidField,
    TokenRefused,
)
from app.mail.messages import verification_email
from app.mail.outbox import queue_email
from app.models import (
    BlacklistedToken,
    LoginSession,
    PersonalToken,
    User,
)
from app.models.expiring import prune_expired_rows
from app.models.user import password_matches
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.persistence.unique import insert_unique
from app.running import setting
from app.security import tokens
from app.security.bearer import Bearer, BearerKind
from app.security.bearer_strategies import authenticate
from app.security.password_strength import check_strength
from app.security.permissions import scope_text
from app.security.tokens import Refusal, TokenKind
from app.util.datetime_util import format_duration, utc_now
from app.util.result import Fail, Ok


def create_user(email: str, password: str, *, admin: bool = False) -> User:
    """Store a new user (`flask add-user`): the operator vouches for the address."""
    user = _add_user(email, password, admin)
    user.email_verified = True
    invitations.forget_for(user)
    db.session.commit()
    return user


def register(
    email: str, password: str, origin: Origin, invitation: str | None = None
) -> IssuedTokens:
    """Store a new user if the sign-up policy lets `email` register (with the `invitation`
    token, if sent), and log them in, in one transaction. An invitation gives its roles and
    proves the address; otherwise the verification email is queued."""
    invited = sign_up_policy.admit(email, invitation)
    user = _add_user(email, password, admin=False)
    if invited is not None:
        invitations.accept(invited, user, origin)
    else:
        invitations.forget_for(user)
        token = tokens.issue_verification_token(user.public_id, user.email)
        queue_email(verification_email(user.email, token))
    issued = start_session(user, origin)
    db.session.commit()
    return issued


def log_in(email: str, password: str, origin: Origin, scope: Collection[str] = ()) -> SignInOutcome:
    """Sign in with these credentials; unknown email and wrong password look the same. A
    `scope` (the OAuth 2.0 password grant's) narrows what the session may do, through its
    second step too."""
    login_throttle.refuse_while_blocked(email)
    user = User.find_by_email(email)
    if user is None or user.password_hash is None:
        _spend_dummy_password_check(password)  # same bcrypt work: timing reveals nothing
        reason = "unknown email" if user is None else "no password set"
        _refuse_login(email, origin, reason, user)
    if not user.check_password(password):
        _refuse_login(email, origin, "wrong password", user)
    return complete_sign_in(user, origin, PASSWORD_ONLY, scope, method="password")


def rotate_refresh_token(token: str, origin: Origin, scope: Collection[str] = ()) -> IssuedTokens:
    """Spend a refresh token for a new pair; a spent one coming back revokes its whole chain.
    A `scope` asked for (the OAuth 2.0 refresh grant's) may not exceed the session's, and
    narrows it from now on (RFC 6749, section 6): never wider again."""
    found = resolve_refresh_session(token, origin, grace=True).on_failure(_refuse_refresh).value
    if found.session.client_id is not None:  # only its client refreshes it, at /oauth/token
        _refuse_refresh(Refusal.INVALID)
    if scope:  # before the token is spent: a refusal keeps it
        narrow_session(found.user, found.session, scope)
    issued = refresh_sessions.rotate(found, origin)
    if issued is None:
        raise TokenRefused(TokenKind.REFRESH, Refusal.REVOKED)
    db.session.commit()
    return issued


def log_out(
    user: User,
    bearer: Bearer,
    origin: Origin,
    *,
    refresh_token: str | None = None,
    cookie: str | None = None,
) -> None:
    """Revoke the access token and end its session, and the sessions of the refresh token sent
    in the body and of a browser's refresh cookie, when those are sent and live: logging out
    with the access token alone leaves no refresh token of its session working.

    A body token of someone else is a mistake to report; a cookie that is not the user's own
    live one is simply left alone (it is cleared from the browser all the same).
    """
    ending = [
        _sent_session(user, refresh_token, origin) if refresh_token else None,
        _cookie_session(user, cookie, origin) if cookie else None,
        LoginSession.find_live(bearer.session_id, user.id, utc_now())
        if bearer.session_id
        else None,
    ]
    BlacklistedToken.revoke(bearer.token_id, bearer.expires_at)
    for session in {session for session in ending if session is not None}:
        revoke_session(session)
    audit.record(AuditEvent.LOGOUT, origin, actor=user, subject=user, session=bearer.session_id)
    db.session.commit()


def log_out_refresh_session(refresh_token: str, origin: Origin) -> None:
    """End the login session of a refresh token: a browser logging out with its cookie alone.
    The token must be live, as for a refresh."""
    found = resolve_refresh_session(refresh_token, origin).on_failure(_refuse_refresh).value
    revoke_session(found.session)
    audit.record(
        AuditEvent.LOGOUT, origin, actor=found.user, subject=found.user, session=found.session.id
    )
    db.session.commit()


def revoke_any(token: str, origin: Origin, client_id: str | None = None) -> None:
    """Revoke an access, refresh or personal token of ours (RFC 7009); anything else, or a token
    dead already, changes nothing. Whoever holds a token of this API's own may revoke it; a
    token issued to a client, only that client, with its credentials (`client_id`; RFC 7009,
    2.1), which revokes nothing else."""
    if isinstance(bearer := authenticate(token, ip=None), Ok):
        if bearer.value.client_id == client_id:
            _revoke_bearer(bearer.value, origin)
    elif isinstance(refresh := resolve_refresh_session(token, origin), Ok):
        if refresh.value.session.client_id == client_id:
            revoke_session(refresh.value.session)
            user = refresh.value.user
            audit.record(AuditEvent.TOKEN_REVOKED, origin, subject=user, kind="refresh")
    db.session.commit()


def introspect(token: str, client_id: str | None = None) -> dict[str, Any]:
    """What RFC 7662 says of a token: only `active: false` unless it is a live access or
    personal token of ours, checked as strictly as on any route; for a client that asks
    (`client_id`), only a token issued to it is active."""
    result = authenticate(token, ip=None)
    if isinstance(result, Fail) or client_id not in (None, result.value.client_id):
        return {"active": False}
    bearer = result.value
    answer = {
        "active": True,
        "sub": bearer.subject,
        "scope": scope_text(bearer.permissions),
        "exp": int(bearer.expires_at.timestamp()),
        "token_type": "Bearer",
    }
    return answer | ({"client_id": bearer.client_id} if bearer.client_id else {})


def log_out_everywhere(user: User, origin: Origin) -> None:
    """End every session and personal token of `user`, and all they left pending."""
    security_events.happened(user, SecurityEvent.LOGOUT_ALL)
    audit.record(AuditEvent.LOGOUT_ALL, origin, actor=user, subject=user)
    db.session.commit()


def delete_account(user: User, password: str, origin: Origin) -> None:
    """Close the account; its tokens die with the row, its widgets keep `owner: null`."""
    reauthentication.confirm_password(user, password, origin)
    refuse_to_lose_the_last_admin(user)
    security_events.happened(user, SecurityEvent.ACCOUNT_DELETED)
    audit.record(AuditEvent.ACCOUNT_DELETED, origin, actor=user, subject=user.public_id)
    db.session.delete(user)
    db.session.commit()


def prune_expired_tokens() -> dict[str, int]:
    """Forget what has expired anyway in every table of expiring rows (revocations, refresh
    tokens, sessions, the one-time steps of signing in); returns how many rows went, by table.
    Nothing depends on this running."""
    pruned = prune_expired_rows()
    db.session.commit()
    return pruned


def token_time_left(bearer: Bearer) -> str:
    """How long the token stays valid, as HH:MM:SS."""
    return format_duration(bearer.expires_at - utc_now())


def _add_user(email: str, password: str, admin: bool) -> User:
    """A new user, flushed; the unique index, not an earlier lookup, settles a clash."""
    check_strength(password, email, field="password")
    user = User(email=email, password=password, admin=admin)
    insert_unique(user, EmailTaken(email))
    return user


def _refuse_login(email: str, origin: Origin, reason: str, user: User | None) -> NoReturn:
    """Record the failed login on its own, counted against the address's throttle, then
    refuse it."""
    error = BadCredentials()
    login_throttle.refuse(
        email, user, origin, AuditEvent.LOGIN_FAILED, error, email=email, reason=reason
    )


def _refuse_refresh(reason: Refusal) -> NoReturn:
    """Stop: the refresh token cannot be used."""
    raise TokenRefused(TokenKind.REFRESH, reason)


def _revoke_bearer(bearer: Bearer, origin: Origin) -> None:
    """Revoke this access or personal token alone, where its kind keeps revocations; mypy
    names this place when a new kind has none yet."""
    owner = bearer.subject
    match bearer.kind:
        case BearerKind.ACCESS | BearerKind.CLIENT:
            BlacklistedToken.revoke(bearer.token_id, bearer.expires_at)
            audit.record(AuditEvent.TOKEN_REVOKED, origin, subject=owner, kind=bearer.kind.value)
        case BearerKind.PERSONAL:
            PersonalToken.revoke(bearer.token_id, utc_now())
            audit.record(
                AuditEvent.PERSONAL_TOKEN_REVOKED, origin, subject=owner, token=bearer.token_id
            )
        case unknown:
            assert_never(unknown)


def _sent_session(user: User, refresh_token: str, origin: Origin) -> LoginSession | None:
    """The live session of the user's own refresh token; None when it is dead already (expired,
    ended, spent): nothing left to end. Anyone else's, or no refresh token: a 400 on the field."""
    result = resolve_refresh_session(refresh_token, origin, owner=user)
    if isinstance(result, Ok):
        return result.value.session
    if result.reason is Refusal.INVALID:
        problem = "Not a refresh token of this user; send the one from your last token response."
        raise InvalidField("refresh_token", problem)
    return None


def _cookie_session(user: User, cookie: str, origin: Origin) -> LoginSession | None:
    """The live session of the browser's refresh cookie if it is the user's own; otherwise
    None: not ours to end."""
    result = resolve_refresh_session(cookie, origin, owner=user)
    return result.value.session if isinstance(result, Ok) else None


def _spend_dummy_password_check(password: str) -> None:
    """Do the bcrypt work of a real check, so an unknown email answers as slowly as a known one."""
    password_matches(_dummy_hash(setting("BCRYPT_LOG_ROUNDS")), password)


@cache
def _dummy_hash(rounds: int) -> str:
    return bcrypt.generate_password_hash(uuid4().hex, rounds).decode()
