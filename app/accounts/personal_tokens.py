"""Personal access tokens as both their owner and an admin handle them: issue, list, revoke.
Steps of a caller's transaction: nothing here commits."""

from datetime import timedelta
from uuid import uuid4

from app import db
from app.errors import InvalidField, NotFound
from app.models import PersonalToken, User
from app.security.permissions import first_not_granted, permissions_of, scope_text
from app.security.personal_tokens import new_personal_token, token_hash
from app.util.datetime_util import utc_now

NO_SUCH_TOKEN = "No personal token with that id."


def issue(user: User, name: str, scopes: list[str], days: int) -> tuple[PersonalToken, str]:
    """A new token of `user` for `scopes`, which their roles must grant now; returns its row
    and the token itself, which is shown this once."""
    granted = permissions_of(user.role_names)
    if lacking := first_not_granted(scopes, granted):
        held = scope_text(granted)
        raise InvalidField("scopes", f"You do not hold {lacking}; yours are: {held}.")
    token, now = new_personal_token(), utc_now()
    record = PersonalToken(
        id=str(uuid4()),
        user_id=user.id,
        name=name,
        token_hash=token_hash(token),
        scopes=scope_text(scopes),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(record)
    return record, token


def live_tokens_of(user: User) -> list[PersonalToken]:
    """The user's tokens that still work, oldest first; revoked and expired ones are gone."""
    return PersonalToken.live_of(user.id, utc_now())


def revoke(user: User, token_id: str) -> PersonalToken:
    """Revoke one of the user's live tokens; any other id is NotFound."""
    record = db.session.get(PersonalToken, token_id)
    live = record is not None and record.revoked_at is None and record.expires_at > utc_now()
    if record is None or record.user_id != user.id or not live:
        raise NotFound(NO_SUCH_TOKEN)
    record.revoked_at = utc_now()
    return record
