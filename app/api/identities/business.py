"""The provider accounts linked to a user: list them, unlink one (never the last way in).
Linking happens on the way back from the provider (app/api/oidc)."""

from app import db
from app.accounts.sensitive import Operation, changed
from app.accounts.ways_in import refuse_to_lose_the_last_way_in
from app.errors import NotFound
from app.models import Identity, User
from app.ops.origin import Origin

NO_SUCH_IDENTITY = "No identity of yours with that id."


def identities_of(user_id: int) -> list[Identity]:
    return Identity.of(user_id)


def unlink(user: User, identity_id: str, origin: Origin) -> None:
    """Forget an identity: that provider account signs in no more, and a later sign-in with it
    creates or links an account again by the usual rules."""
    identity = db.session.get(Identity, identity_id)
    if identity is None or identity.user_id != user.id:
        raise NotFound(NO_SUCH_IDENTITY)
    refuse_to_lose_the_last_way_in(user)
    db.session.delete(identity)
    changed(user, origin, Operation.IDENTITY_UNLINK, provider=identity.provider)
    db.session.commit()
