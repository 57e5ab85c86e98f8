"""The bearer strategies (bearer.py): access tokens, personal access tokens and clients' own
access tokens, each checked against the database in one query, and STRATEGIES, the table that
picks one for a token."""

from datetime import datetime

from app import db
from app.models import OAuthClient, PersonalToken, User
from app.models.personal_token import TOUCH_INTERVAL, PersonalStanding
from app.security import personal_tokens, tokens
from app.security.bearer import Bearer, BearerKind, BearerStrategy
from app.security.idp.clients import CLIENT_CREDENTIALS, OWN_TOKEN_SCOPES
from app.security.keyring import unverified_typ
from app.security.tokens import CLIENT_TOKEN_TYP, Refusal, TokenClaims, TokenKind
from app.util.datetime_util import utc_now
from app.util.result import Fail, Ok, Result


class PersonalTokens:
    """`pat_...` tokens (personal_tokens.py): a malformed one is refused without a query."""

    kind = BearerKind.PERSONAL

    def recognises(self, token: str) -> bool:
        """Whatever claims to be a personal token (its prefix), well formed or not."""
        return token.startswith(personal_tokens.PREFIX)

    def authenticate(self, token: str, ip: str | None) -> Result[Bearer, Refusal]:
        """The token's user and scopes; a use is noted at most once a minute."""
        if not personal_tokens.well_formed(token):
            return Fail(Refusal.INVALID)
        found = PersonalToken.find_standing(personal_tokens.token_hash(token))
        if found is None:
            return Fail(Refusal.INVALID)
        if found.account.disabled:
            return Fail(Refusal.DISABLED)
        now = utc_now()
        if found.revoked_at is not None:
            return Fail(Refusal.REVOKED)
        if found.expires_at <= now:
            return Fail(Refusal.EXPIRED)
        if ip is not None:
            _note_use(found, now, ip)
        return Ok(
            Bearer(
                kind=self.kind,
                account=found.account,
                token_id=found.token_id,
                session_id=None,
                expires_at=found.expires_at,
                scope=frozenset(found.scopes.split()),
                auth_time=None,  # no sign-in behind it: it never passes step-up
                amr=(),
            )
        )


def _note_use(found: PersonalStanding, now: datetime, ip: str) -> None:
    """Keep the token's last use and address, at most once a minute."""
    due = found.last_used_at is None or found.last_used_at < now - TOUCH_INTERVAL
    if due and PersonalToken.touch(found.token_id, now, ip):
        db.session.commit()  # its own small transaction, before the route's


class AccessTokens:
    """JWT access tokens of a login session (tokens.py): the signature first, then the user,
    the revocation list and the session in one statement."""

    kind = BearerKind.ACCESS

    def recognises(self, token: str) -> bool:
        """Any token no strategy before this one claimed: the signature check decides."""
        return True

    def authenticate(self, token: str, ip: str | None) -> Result[Bearer, Refusal]:
        """The token's user, unless deleted or disabled, nor the token revoked or its session
        ended; `ip` is not kept for access tokens."""
        return tokens.decode(token, TokenKind.ACCESS).on_success(self._standing)

    def _standing(self, claims: TokenClaims) -> Result[Bearer, Refusal]:
        found = User.find_token_standing(claims.public_id, claims.jti, claims.session_id)
        if found is None:
            return Fail(Refusal.INVALID)
        if found.account.disabled:
            return Fail(Refusal.DISABLED)
        if (
            found.blacklisted
            or found.session_scope is None
            or found.account.issued_before_logout_all(claims.issued_at)
        ):
            return Fail(Refusal.REVOKED)
        # A client's session is narrowed by its grant, whatever it holds; another, when asked.
        narrowed = bool(found.session_scope) or found.session_client is not None
        scope = frozenset(found.session_scope.split()) if narrowed else None
        return Ok(
            Bearer(
                kind=self.kind,
                account=found.account,
                token_id=claims.jti,
                session_id=claims.session_id,
                expires_at=claims.expires_at,
                scope=scope,
                auth_time=claims.auth_time,
                amr=tuple(claims.amr),
                client_id=found.session_client,
            )
        )


class ClientTokens:
    """A client's own JWT access tokens (client_credentials, `typ` at+jwt): the signature, then
    the client as it is now and the revocation list in one statement."""

    kind = BearerKind.CLIENT

    def recognises(self, token: str) -> bool:
        """What says it is a client's token in its header; the signature check decides."""
        return unverified_typ(token) == CLIENT_TOKEN_TYP

    def authenticate(self, token: str, ip: str | None) -> Result[Bearer, Refusal]:
        """The client's token, while the client exists, keeps the grant and the scopes it was
        issued with (narrowing a client ends its tokens: tokens_valid_after)."""
        return tokens.decode(token, TokenKind.CLIENT_ACCESS).on_success(self._standing)

    def _standing(self, claims: TokenClaims) -> Result[Bearer, Refusal]:
        client_id = str(claims.extra["client_id"])
        found = OAuthClient.token_standing(client_id, claims.jti)
        if found is None or claims.public_id != client_id:
            return Fail(Refusal.INVALID)
        if (
            found.revoked
            or CLIENT_CREDENTIALS not in found.grant_types.split()
            or claims.issued_at < found.tokens_valid_after
        ):
            return Fail(Refusal.REVOKED)
        return Ok(
            Bearer(
                kind=self.kind,
                account=None,
                token_id=claims.jti,
                session_id=None,
                expires_at=claims.expires_at,
                scope=frozenset(claims.scope.split()),
                auth_time=None,  # no person signed in: it never passes step-up
                amr=(),
                client_id=client_id,
                client_scopes=frozenset(found.scopes.split()) & OWN_TOKEN_SCOPES,
            )
        )


# The first strategy that recognises a token checks it; access tokens last, as the fallback.
STRATEGIES: tuple[BearerStrategy, ...] = (PersonalTokens(), ClientTokens(), AccessTokens())


def strategy_for(token: str) -> BearerStrategy:
    """The strategy that checks `token`: the one place a token's kind is told from its shape."""
    return next(strategy for strategy in STRATEGIES if strategy.recognises(token))


def authenticate(token: str, ip: str | None) -> Result[Bearer, Refusal]:
    """The Bearer of any live bearer token (see BearerStrategy.authenticate), or why not."""
    return strategy_for(token).authenticate(token, ip)
