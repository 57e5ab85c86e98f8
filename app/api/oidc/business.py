"""Sign in with a provider (OpenID Connect, or GitHub's OAuth 2.0: registry.py's kinds): the trip
to the provider, the way back, and the one-time code the front end exchanges for tokens. A
signed-in user links an identity the same way.

An identity is (provider, subject). A first sign-in needs an address the provider vouches for
(email_verified). It creates a user without a password, where the sign-up policy lets it
(app/accounts/sign_up_policy.py), unless the address belongs to a user already: then ours must
be verified too before the identity is linked; otherwise the person signs in and links from
their account (a sensitive operation: full session, step-up). Each sign-in sets the roles the
provider's ROLE_MAP owns (app/accounts/provider_roles.py).
Tokens never travel in a URL: the front end gets a code that works once, for OIDC_CODE_SECONDS.
"""

from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256
from hmac import compare_digest
from secrets import token_urlsafe
from uuid import uuid4

from app import db
from app.accounts import invitations, sign_up_policy
from app.accounts.fields import email_address
from app.accounts.provider_roles import set_roles_from
from app.accounts.refresh_sessions import resolve_refresh_session
from app.accounts.sensitive import Operation, changed
from app.accounts.sessions import is_recent
from app.accounts.sign_in import SignInOutcome, complete_sign_in
from app.accounts.sign_up_policy import SignUpRefused
from app.config import return_pages
from app.errors import DomainError, InvalidField, NotFound
from app.models import Identity, LoginSession, OidcSignInCode, OidcState, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.persistence.unique import insert_unique
from app.running import extension, logger, setting
from app.security.providers import registry
from app.security.providers.base import (
    ProviderAccount,
    ProviderDescription,
    ProviderRefused,
    SignInProvider,
)
from app.util.datetime_util import utc_now
from app.util.result import Fail

FEDERATED = "fed"  # the amr of a sign-in a provider vouched for
NO_SUCH_PROVIDER = "No sign-in provider of that name."
INVALID_CODE = "That code is invalid, used or expired; sign in with the provider again."
CODE_LENGTH = 43  # token_urlsafe(32)
UNKNOWN_RETURN_PAGE = "return_to must be the URL, before its #, of one of OIDC_RETURN_URLS."


class SignInRefused(DomainError):
    """The way back from the provider ends here; `error` is what the front end's `page` (the
    sign-in's, once known) gets."""

    def __init__(self, error: str, page: str | None = None) -> None:
        super().__init__(error)
        self.error, self.page = error, page


def providers() -> list[ProviderDescription]:
    """The configured providers, in the order OIDC_PROVIDERS lists them."""
    return list(extension("oidc_providers").values())


def return_page(return_to: str | None) -> str:
    """The page of OIDC_RETURN_URLS a sign-in ends on: the one whose URL before its `#` is
    `return_to`, or the first; a 400 on `return_to` for any other."""
    pages = return_pages(setting("OIDC_RETURN_URLS"), setting("OIDC_RETURN_URL"))
    if return_to is None:
        return next(iter(pages), "")  # none without providers: there is no sign-in to end
    for page in pages:
        if page.split("#", 1)[0] == return_to:
            return page
    raise InvalidField("return_to", UNKNOWN_RETURN_PAGE)


def return_url(code: str | None = None, error: str | None = None, page: str | None = None) -> str:
    """The sign-in's page (default the first) with the one-time code in its fragment, or
    `#error=` and why."""
    page = page or return_page(None)
    if code is not None:
        return str(page.replace("{code}", code))
    return f"{page.split('#', 1)[0]}#error={error}"


@dataclass(frozen=True)
class Linking:
    """A signed-in user adding a provider's account, from one of their sessions: the trip
    links only while that session lives."""

    user: User
    session_id: str


def start(
    name: str, redirect_uri: str, browser_key: str, linking: Linking | None, page: str
) -> str:
    """The provider's authorization URL for this browser; SignInRefused when the provider
    cannot be reached. Its state, nonce and PKCE verifier are stored for OIDC_STATE_SECONDS,
    bound to the browser's key; `linking` is a signed-in user adding this provider's account."""
    client = _client(name)
    state, nonce, verifier = token_urlsafe(32), token_urlsafe(32), token_urlsafe(64)
    try:
        url = client.authorization_url(redirect_uri, state, nonce, verifier)
    except ProviderRefused as refused:
        raise _refused(name, refused) from None
    db.session.add(
        OidcState(
            state=state,
            provider=name,
            nonce=nonce,
            code_verifier=verifier,
            browser_hash=_digest(browser_key),
            link_user_id=linking.user.id if linking else None,
            link_session_id=linking.session_id if linking else None,
            return_page=page,
            expires_at=utc_now() + timedelta(seconds=setting("OIDC_STATE_SECONDS")),
        )
    )
    db.session.commit()
    return url


def cookie_session_linking(refresh_cookie: str | None, origin: Origin) -> Linking | None:
    """The user of a browser's live cookie session, who links by navigating to authorize: a
    browser cannot send a bearer token with a navigation, and the refresh cookie is SameSite=
    Strict, so it comes only with a navigation from our own site. The token must pass every
    check of a refresh (refresh_sessions.py; a spent copy speaks for nobody), and is not spent.

    Linking is a sensitive operation: a session narrowed by a scope, or whose sign-in is not
    recent, is refused with `step_up_required`, and the page signs in again first; an address
    not verified yet with `verify_email_first` (no way in is added before the address is
    proved, or whoever registered someone else's address would keep it after a reset)."""
    if refresh_cookie is None:
        return None
    result = resolve_refresh_session(refresh_cookie, origin)
    if isinstance(result, Fail):
        return None
    user, session = result.value.user, result.value.session
    auth_time = session.auth_time or session.created_at
    if session.scope or not is_recent(auth_time, session.amr.split(","), user.mfa_enabled):
        raise SignInRefused("step_up_required")
    if not user.email_verified:
        raise SignInRefused("verify_email_first")
    return Linking(user, session.id)


def finish(
    name: str,
    answer: dict[str, str],
    browser_key: str,
    redirect_uri: str,
    origin: Origin,
) -> str:
    """The provider's answer (`code` and `state`, or `error`): check it, find or create the user,
    and return the sign-in's page with the one-time code for the front end. SignInRefused says
    why not."""
    _client(name)  # an unknown provider is refused before the state is spent
    stored = OidcState.spend(answer.get("state", ""), utc_now())
    db.session.commit()  # spent even when what follows refuses: a state works once
    # Not another provider's state, nor one started in another browser: a forged sign-in.
    ours = (
        stored is not None
        and stored.provider == name
        and compare_digest(stored.browser_hash, _digest(browser_key))
    )
    page = stored.return_page if ours and stored else None
    if "error" in answer or "code" not in answer:  # some providers leave the state out here
        denied = answer.get("error") == "access_denied"
        raise SignInRefused("access_denied" if denied else "provider_error", page)
    if not ours or stored is None:
        raise SignInRefused("invalid_state")
    try:
        code = _one_time_code(name, answer["code"], stored, redirect_uri, origin)
    except SignInRefused as refused:
        raise SignInRefused(refused.error, page) from None
    return return_url(code=code, page=page)


def _one_time_code(
    name: str, provider_code: str, stored: OidcState, redirect_uri: str, origin: Origin
) -> str:
    """The provider's code exchanged for its account, that account's user found, made or
    linked, and a one-time code for the front end to exchange for tokens."""
    client = _client(name)
    try:
        account = client.account(provider_code, stored.code_verifier, redirect_uri, stored.nonce)
    except ProviderRefused as refused:
        raise _refused(name, refused) from None
    if stored.link_user_id is not None:
        user = _link(name, account, stored, origin)
    else:
        user = _user_of(name, account, origin)
        set_roles_from(extension("oidc_providers")[name], account, user, origin)
    if user.disabled:
        db.session.rollback()
        raise SignInRefused("account_disabled")
    code = token_urlsafe(32)
    expires_at = utc_now() + timedelta(seconds=setting("OIDC_CODE_SECONDS"))
    db.session.add(OidcSignInCode(code_hash=_digest(code), user_id=user.id, expires_at=expires_at))
    db.session.commit()
    return code


def exchange(code: str, origin: Origin) -> SignInOutcome:
    """Sign in with a one-time code from the callback (with two-factor on, the login goes on
    at POST /auth/login/mfa)."""
    used = OidcSignInCode.spend(_digest(code), utc_now()) if len(code) == CODE_LENGTH else None
    user = db.session.get(User, used.user_id) if used else None
    if user is None:  # unknown, spent, expired, ended by a security event, or its user gone
        raise InvalidField("code", INVALID_CODE)
    return complete_sign_in(user, origin, [FEDERATED], method="oidc")


def _user_of(name: str, account: ProviderAccount, origin: Origin) -> User:
    """The user this provider's account signs in: found by identity, linked by an address both
    sides verified, or new."""
    email = _address(account.email)
    identity = Identity.find(name, account.subject)
    if identity is not None:
        identity.email = email
        user = db.session.get(User, identity.user_id)
        assert user is not None  # the identity's row goes with its user's
        audit.record(AuditEvent.OIDC_LOGIN, origin, actor=user, subject=user, provider=name)
        return user
    if email is None:
        raise SignInRefused("email_missing")  # every account has an address
    if not account.email_verified:
        # An account made from an address nobody proved could be pre-hijacked: its owner
        # would reset the password later and share the account with whoever made it.
        raise SignInRefused("email_unverified")
    existing = User.find_by_email(email)
    if existing is not None:
        if not existing.email_verified:
            raise SignInRefused("link_required")
        _add_identity(existing, name, account)
        changed(existing, origin, Operation.IDENTITY_LINK, provider=name, reason="verified email")
        audit.record(AuditEvent.OIDC_LOGIN, origin, actor=existing, subject=existing, provider=name)
        return existing
    user = _signed_up(email, origin)
    _add_identity(user, name, account)
    audit.record(
        AuditEvent.OIDC_LOGIN, origin, actor=user, subject=user, provider=name, created=True
    )
    return user


def _signed_up(email: str, origin: Origin) -> User:
    """A new user of an address the provider vouched for, if the sign-up policy lets it in
    (with the address's invitation, which it uses up: its roles)."""
    try:
        invited = sign_up_policy.admit_federated(email)
        user = User(email=email, password=None)
        user.email_verified = True
        insert_unique(user, SignInRefused("link_required"))  # a racing sign-up took the address
        if invited is not None:
            invitations.accept(invited, user, origin)
        else:
            invitations.forget_for(user)
    except SignUpRefused as refused:
        db.session.rollback()
        raise SignInRefused(refused.error) from None
    return user


def _link(name: str, account: ProviderAccount, trip: OidcState, origin: Origin) -> User:
    """Add this provider's account to the signed-in user who started the trip, while the
    session they started it from lives: ending a stolen session ends its trips too."""
    user_id, session_id = trip.link_user_id or 0, trip.link_session_id or ""
    if LoginSession.find_live(session_id, user_id, utc_now()) is None:
        raise SignInRefused("invalid_state")
    user = db.session.get(User, user_id)
    identity = Identity.find(name, account.subject)
    if user is None or (identity is not None and identity.user_id != user_id):
        raise SignInRefused("identity_taken")
    if identity is None:
        _add_identity(user, name, account)
        changed(user, origin, Operation.IDENTITY_LINK, provider=name, reason="signed in")
    return user


def _add_identity(user: User, name: str, account: ProviderAccount) -> None:
    identity = Identity(
        id=str(uuid4()),
        user_id=user.id,
        provider=name,
        subject=account.subject,
        email=_address(account.email),
        linked_at=utc_now(),
    )
    insert_unique(identity, SignInRefused("identity_taken"))


def _address(email: str | None) -> str | None:
    """The provider's address as our accounts keep it; None when it has none we can use."""
    try:
        return email_address(email)
    except ValueError:
        return None


def _refused(name: str, refused: ProviderRefused) -> SignInRefused:
    """What the front end is told, once the log says why."""
    logger().warning("sign-in with %s refused: %s", name, refused)
    return SignInRefused(refused.error)


def _client(name: str) -> SignInProvider:
    provider = extension("oidc_providers").get(name)
    if provider is None:
        raise NotFound(NO_SUCH_PROVIDER)
    return registry.client(provider, setting("OIDC_HTTP_TIMEOUT"))


def _digest(secret: str) -> str:
    return sha256(secret.encode()).hexdigest()
