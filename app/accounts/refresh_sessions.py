"""Which live login session a refresh token speaks for: the one set of checks every route that
takes a refresh token applies (refresh, the OAuth 2.0 refresh grant, logout with a body token or
a cookie, RFC 7009 revocation, linking a provider from a browser's cookie session).

A refresh token passes when its signature, kind and expiry hold, its user exists and is not
disabled, it was issued after the user's last logout-all, its session is live, and it is the
newest of its chain. What a route does with a refusal is its own business (refresh answers 401,
logout may shrug at a dead token); what counts as refused is decided here alone.

A spent token that comes back, to whichever route, proves a copy exists (RFC 9700, section
4.14.2): its session ends at once, in a commit of its own, so the refusal that follows cannot
roll that back. One exception, for refreshing only: within REFRESH_REUSE_GRACE seconds of its
spending, while its successor is unspent, it gets that same successor again, so two tabs that
refresh at once, or a client retrying a refresh whose answer it lost, converge on one chain
(Auth0's reuse interval, Okta's grace period).
"""

from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

from sqlalchemy import Select, and_, select

from app import db
from app.accounts.sessions import IssuedTokens, issue_pair, reissue_pair, revoke_session
from app.models import LoginSession, RefreshToken, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.running import setting
from app.security import tokens
from app.security.tokens import Refusal, TokenClaims, TokenKind
from app.util.datetime_util import utc_now
from app.util.result import Fail, Ok, Result


@dataclass(frozen=True)
class RefreshSession:
    """A live refresh token: what it says, and its user and session as rows of the caller's
    transaction, ready to change."""

    claims: TokenClaims
    user: User
    session: LoginSession
    # For a token spent within the grace window: the successor it gets again.
    kept: RefreshToken | None = None


def claimed_session_id(token: str) -> Result[str, Refusal]:
    """The login session a refresh token names, once its signature, kind and expiry hold; no
    database read. A browser session's CSRF value is bound to it, and checked before anything
    is read or changed."""
    return tokens.decode(token, TokenKind.REFRESH).on_success(lambda claims: Ok(claims.family))


def resolve_refresh_session(
    token: str, origin: Origin, owner: User | None = None, *, grace: bool = False
) -> Result[RefreshSession, Refusal]:
    """The live session of a refresh token, its user and its claims, read in one statement; or
    why the token is refused. A spent one ends its session first, unless `grace` (a refresh)
    and it is within the grace window (see above). With `owner`, anyone else's token is
    INVALID, whatever its standing, and left alone."""
    decoded = tokens.decode(token, TokenKind.REFRESH)
    if isinstance(decoded, Fail):
        return decoded
    claims = decoded.value
    if owner is not None and claims.public_id != owner.public_id:
        return Fail(Refusal.INVALID)
    row = db.session.execute(_standing(claims)).one_or_none()
    if row is None:
        return Fail(Refusal.INVALID)  # the user is gone
    user, session, stored = row
    if user.disabled:
        return Fail(Refusal.DISABLED)
    live = session is not None and session.revoked_at is None and session.expires_at > utc_now()
    if not live or user.issued_before_logout_all(claims.issued_at):
        return Fail(Refusal.REVOKED)
    found = RefreshSession(claims, user, session)
    if stored is None or stored.revoked_at is not None:
        kept = _kept_successor(claims.jti) if grace and stored is not None else None
        if kept is None:
            _end_reused(found, origin)
            return Fail(Refusal.REVOKED)
        return Ok(RefreshSession(claims, user, session, kept))
    return Ok(found)


def rotate(found: RefreshSession, origin: Origin) -> IssuedTokens | None:
    """The pair that follows the token: with a new successor, the token spent for it; or the
    successor it got within the grace window (also when a racing request spent it a moment
    ago). None when it is a reuse, which ends the session."""
    successor = found.kept
    if successor is None:
        jti = str(uuid4())
        if RefreshToken.spend(found.claims.jti, jti):  # one atomic UPDATE settles a race
            return issue_pair(found.user, found.session, jti)
        successor = _kept_successor(found.claims.jti)
    if successor is None:
        _end_reused(found, origin)
        return None
    return reissue_pair(found.user, found.session, successor)


def _kept_successor(jti: str) -> RefreshToken | None:
    """The unspent successor of `jti`, if `jti` was spent within the grace window."""
    grace = setting("REFRESH_REUSE_GRACE")
    if not grace:
        return None
    return RefreshToken.unspent_successor(jti, utc_now() - timedelta(seconds=grace))


def _end_reused(found: RefreshSession, origin: Origin) -> None:
    """A copy of a spent token exists: end its whole chain, and say so in the audit trail."""
    revoke_session(found.session)
    audit.record(
        AuditEvent.REFRESH_REUSE_DETECTED, origin, subject=found.user, session=found.session.id
    )
    db.session.commit()


def _standing(claims: TokenClaims) -> Select[User, LoginSession, RefreshToken]:
    """The token's user, with its session (if it is the user's) and its stored row, if any."""
    return (
        select(User, LoginSession, RefreshToken)
        .select_from(User)
        .outerjoin(
            LoginSession,
            and_(LoginSession.id == claims.family, LoginSession.user_id == User.id),
        )
        .outerjoin(RefreshToken, RefreshToken.jti == claims.jti)
        .where(User.public_id == claims.public_id)
    )
