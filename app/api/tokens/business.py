"""Your personal access tokens: make one (shown once), list them, revoke one."""

from app import db
from app.accounts import personal_tokens
from app.accounts.sensitive import Operation, changed
from app.models import PersonalToken, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin


def create(
    user: User, name: str, scopes: list[str], days: int, origin: Origin
) -> tuple[PersonalToken, str]:
    """A new personal token of `user`; returns its row and the token, shown this once."""
    record, token = personal_tokens.issue(user, name, scopes, days)
    changed(user, origin, Operation.PERSONAL_TOKEN, name=name, token=record.id)
    db.session.commit()
    return record, token


def tokens_of(user: User) -> list[PersonalToken]:
    return personal_tokens.live_tokens_of(user)


def revoke(user: User, token_id: str, origin: Origin) -> None:
    personal_tokens.revoke(user, token_id)
    audit.record(
        AuditEvent.PERSONAL_TOKEN_REVOKED, origin, actor=user, subject=user, token=token_id
    )
    db.session.commit()
