"""Login sessions: start one with a token pair, continue it on refresh, end one or all.

A session is a login: its id is the `family` of its refresh tokens and the `sid` of its access
tokens, so ending it refuses both on their next use. These are steps of a caller's transaction:
none of them commits.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid4

from app import db
from app.errors import NotFound, ScopeRefused
from app.models import LoginSession, RefreshToken, User
from app.models.login_session import CLIENT_LENGTH
from app.ops.origin import Origin
from app.running import setting
from app.security import tokens
from app.security.permissions import first_not_granted, permissions_of, scope_text
from app.security.tokens import IssuedToken, is_multi_factor
from app.util.datetime_util import utc_now

NO_SUCH_SESSION = "No session of yours with that id."
PASSWORD_ONLY = ("pwd",)  # RFC 8176 amr of a login with a password alone


@dataclass(frozen=True)
class IssuedTokens:
    """The pair a token response carries, and the login session it belongs to."""

    access_token: str
    refresh_token: str
    session_id: str
    scope: str  # the permissions granted, space-separated, as the access token says


def start_session(
    user: User,
    origin: Origin,
    amr: Sequence[str] = PASSWORD_ONLY,
    scope: Collection[str] = (),
) -> IssuedTokens:
    """A new session, listed with the User-Agent and address it came from, and its first pair;
    `amr` says how the user proved who they are, just now, and a `scope` narrows what its
    tokens may do (none: all that the user's roles allow, whenever they are used)."""
    return _started(user, origin, amr, scope_text(scope), utc_now())


def start_client_session(
    user: User,
    origin: Origin,
    client_id: str,
    scope: Collection[str],
    auth_time: datetime,
    amr: Sequence[str],
) -> IssuedTokens:
    """A session granted to an OAuth client (the identity provider's authorization code): its
    tokens may do what `scope` names of the user's permissions, and no more, ever; `auth_time`
    and `amr` are those of the sign-in that granted it. Listed with the user's sessions, ended
    as they are."""
    return _started(user, origin, amr, " ".join(scope), auth_time, client_id)


def _started(
    user: User,
    origin: Origin,
    amr: Sequence[str],
    scope: str,
    auth_time: datetime,
    client_id: str | None = None,
) -> IssuedTokens:
    """A new session row of these, and its first pair."""
    now = utc_now()
    session = LoginSession(
        id=str(uuid4()),
        user_id=user.id,
        created_at=now,
        last_used_at=now,
        client=origin.user_agent[:CLIENT_LENGTH],
        ip=origin.ip,
        expires_at=now,  # moved to the refresh token's expiry by issue_pair
        auth_time=auth_time,
        amr=",".join(amr),
        scope=scope,
        client_id=client_id,
    )
    db.session.add(session)
    return issue_pair(user, session)


def issue_pair(user: User, session: LoginSession, refresh_jti: str | None = None) -> IssuedTokens:
    """An access token and a new stored refresh token (with `refresh_jti`, if given) of
    `session`, which counts as used now."""
    refresh = tokens.issue_refresh_token(user.public_id, session.id, refresh_jti)
    claims = refresh.claims
    db.session.add(
        RefreshToken(
            jti=claims.jti, family=session.id, user_id=user.id, expires_at=claims.expires_at
        )
    )
    session.last_used_at, session.expires_at = claims.issued_at, claims.expires_at
    return _with_access_token(user, session, refresh)


def reissue_pair(user: User, session: LoginSession, kept: RefreshToken) -> IssuedTokens:
    """A new access token, and the refresh token `kept` issued before, signed again: what a
    request that lost a race to refresh (or retried one) converges on."""
    expires_at = kept.expires_at.replace(microsecond=0)
    refresh = tokens.issue_refresh_token(user.public_id, session.id, kept.jti, expires_at)
    return _with_access_token(user, session, refresh)


def _with_access_token(user: User, session: LoginSession, refresh: IssuedToken) -> IssuedTokens:
    """The pair of `refresh` and a new access token of `session`, with its scope."""
    auth_time = session.auth_time or session.created_at  # sessions from before auth_time
    amr = session.amr.split(",") if session.amr else list(PASSWORD_ONLY)
    granted = permissions_of(user.role_names)
    if session.scope or session.client_id:
        granted &= set(session.scope.split())
    scope = scope_text(granted)
    access = tokens.issue_access_token(user.public_id, session.id, auth_time, amr, scope)
    return IssuedTokens(access, refresh.token, session.id, scope)


def narrow_session(user: User, session: LoginSession, scope: Collection[str]) -> None:
    """Narrow `session` to `scope` for good (RFC 6749, section 6); ScopeRefused, and nothing
    changed, when it asks for more than the session may do now."""
    allowed = permissions_of(user.role_names)
    if session.scope:
        allowed &= set(session.scope.split())
    if refused := first_not_granted(scope, allowed):
        raise ScopeRefused(refused)
    session.scope = scope_text(scope)


def reauthenticate_session(user: User, session: LoginSession, amr: Sequence[str]) -> IssuedTokens:
    """The user proved who they are again in `session`: a fresh auth_time, and a new pair. The
    refresh token it had is spent, as a refresh spends it, so it never inherits the fresh
    auth_time: sent again, it is reuse, and ends the session."""
    RefreshToken.revoke_family(session.id)
    session.auth_time, session.amr = utc_now(), ",".join(amr)
    return issue_pair(user, session)


def is_recent(auth_time: datetime, amr: Iterable[str], mfa_enabled: bool) -> bool:
    """Step-up (RFC 9470): the person proved who they are within REAUTH_MAX_AGE, with the
    second factor when they have it on."""
    fresh = auth_time >= utc_now() - timedelta(seconds=setting("REAUTH_MAX_AGE"))
    return fresh and (is_multi_factor(amr) or not mfa_enabled)


def end_session(user: User, session_id: str) -> None:
    """End one of the user's own sessions; anyone else's is NotFound, never Forbidden."""
    session = LoginSession.find_live(session_id, user.id, utc_now())
    if session is None:
        raise NotFound(NO_SUCH_SESSION)
    revoke_session(session)


def revoke_session(session: LoginSession) -> None:
    """End `session`: its access tokens and every refresh token of its chain are refused."""
    session.revoked_at = utc_now()
    RefreshToken.revoke_family(session.id)
