"""A federated user's roles as their provider's groups say, at each sign-in through it
(OIDC_<NAME>_ROLES_CLAIM and _ROLE_MAP; app/security/providers/roles.py says which roles the
map owns). Like a role change through PATCH /users/<id>: audited as user_updated, and seen on
the user's next request, as roles are read with every token check.

A step of the caller's transaction: nothing here commits.
"""

from app.accounts.admins import refuse_to_lose_the_last_admin
from app.errors import Conflict
from app.models import User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.running import logger
from app.security.permissions import DEFAULT_ROLES, ROLES, in_order
from app.security.providers.base import ProviderAccount, ProviderDescription
from app.security.providers.roles import mapped_roles


def set_roles_from(
    provider: ProviderDescription, account: ProviderAccount, user: User, origin: Origin
) -> None:
    """Set the roles `provider`'s map owns from the groups it vouched for; none read (no
    ROLES_CLAIM), nothing changes. The last active admin keeps the admin role, as anywhere."""
    if account.groups is None:
        return
    roles = mapped_roles(user.role_names, account.groups, provider.role_map)
    if user.admin and "admin" not in roles and _only_active_admin(user):
        logger().warning("%s keeps admin from %s: the only active admin", user.email, provider.name)
        roles = in_order([*roles, "admin"], ROLES)
    roles = roles or list(DEFAULT_ROLES)
    if roles == user.role_names:
        return
    user.role_names = roles
    audit.record(
        AuditEvent.USER_UPDATED,
        origin,
        subject=user,
        changed={"roles": user.role_names},
        provider=provider.name,
    )


def _only_active_admin(user: User) -> bool:
    """The last-admin rule's question, asked without refusing anything."""
    try:
        refuse_to_lose_the_last_admin(user)
    except Conflict:
        return True
    return False
