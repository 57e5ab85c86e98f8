"""Which live login session a refresh token speaks for: the one set of checks every route that
takes a refresh token applies (refresh, the OAuth 2.0 refresh grant, logout with a body token or
a cookie, RFC 7009 revocation, linking a provider from a browser's cookie session).

A refresh token passes when its signature, kind and expiry hold, its user exists and is not
disabled, it was issued after the user's last logout-all, its session is live, and it is the
newest of its chain. What a route does with a refusal is its own business (refresh answers 401,
logout may shrug at a dead token); what counts as refused is decided here alone.

A spent token that comes back, to whichever route, proves a copy exists (RFC 9700, section
4.14.2): its session ends at once, in a commit of its own, so the refusal that follows cannot
roll that back.
"""

from dataclasses import dataclass

from sqlalchemy import Select, and_, select

from app import db
from app.accounts.sessions import revoke_session
from app.models import LoginSession, RefreshToken, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
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


def claimed_session_id(token: str) -> Result[str, Refusal]:
    """The login session a refresh token names, once its signature, kind and expiry hold; no
    database read. A browser session's CSRF value is bound to it, and checked before anything
    is read or changed."""
    return tokens.decode(token, TokenKind.REFRESH).on_success(lambda claims: Ok(claims.family))


def resolve_refresh_session(
    token: str, origin: Origin, owner: User | None = None
) -> Result[RefreshSession, Refusal]:
    """The live session of a refresh token, its user and its claims, read in one statement; or
    why the token is refused. A spent one ends its session first (see above). With `owner`,
    anyone else's token is INVALID, whatever its standing, and left alone."""
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
        _end_reused(found, origin)
        return Fail(Refusal.REVOKED)
    return Ok(found)


def spend(found: RefreshSession, origin: Origin) -> bool:
    """Spend the token for a successor: True once. A request that spent it in the meantime
    makes this a reuse, which ends the session; then False."""
    if RefreshToken.spend(found.claims.jti):  # one atomic UPDATE settles a race
        return True
    _end_reused(found, origin)
    return False


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
