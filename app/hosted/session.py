"""The hosted session as the authorize step sees it: who is signed in at the provider in this
browser, and how to send someone to sign in (again).

    hosted = signed_in()                      # None: not signed in (or the session ended)
    if hosted is None or not hosted.proved_within(max_age):
        return redirect(signin_url(request.full_path, login_hint=hint, fresh=hosted is not None))

`signed_in()` checks the cookie live, in one query, against the login session it is tied to
(revoked, expired, cut off by a security event, or the account disabled: None). The pages'
Content-Security-Policy is widened for the client with app/hosted/headers.py:
`widen_form_action_for_next(app, origins_of)` once at start-up (the sign-in pages going on to
an authorize URL), `allow_form_targets(origin)` on the authorize step's own pages (consent).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import url_for

from app.accounts.sessions import PASSWORD_ONLY
from app.hosted.cookies import SESSION, read_cookie
from app.models import LoginSession, User
from app.security.digests import secret_digest
from app.util.datetime_util import utc_now

FRESH = "login"  # signin_url(fresh=True) sends prompt=login: show the form even when signed in


@dataclass(frozen=True)
class HostedSignIn:
    """A live hosted session: whose, which login session (the ID token's `sid`), and when and
    how the person last proved who they are (`auth_time`, RFC 8176 `amr`)."""

    user: User
    session_id: str
    auth_time: datetime
    amr: tuple[str, ...]

    def proved_within(self, max_age: int) -> bool:
        """Whether the sign-in is at most `max_age` seconds old (OpenID Connect `max_age`)."""
        return self.auth_time >= utc_now() - timedelta(seconds=max_age)


def signed_in() -> HostedSignIn | None:
    """The live hosted session this request's cookie holds, or None."""
    secret = read_cookie(SESSION)
    if secret is None:
        return None
    found = LoginSession.find_hosted(secret_digest(secret), utc_now())
    if found is None:
        return None
    session, user = found
    amr = tuple(session.amr.split(",")) if session.amr else PASSWORD_ONLY
    return HostedSignIn(user, session.id, session.auth_time or session.created_at, amr)


def signin_url(next_path: str, *, login_hint: str | None = None, fresh: bool = False) -> str:
    """The sign-in page, which sends the person on to `next_path` (a path on this site, such
    as `/api/v1/oauth/authorize?...`) once signed in; `login_hint` fills in the email;
    `fresh` (prompt=login, or max_age passed) asks for a new sign-in even of someone signed
    in, whose new session then replaces the old."""
    query: dict[str, Any] = {"next": next_path, "login_hint": login_hint}
    query["prompt"] = FRESH if fresh else None
    return url_for("hosted.signin_form", **{k: v for k, v in query.items() if v is not None})
