"""Roles from a provider: OIDC_<NAME>_ROLE_MAP (`staff:editor,auditors:auditor`) names which of
its groups, in the ID token's OIDC_<NAME>_ROLES_CLAIM, grant which of our roles. The map owns
the roles it names and nothing else: at each sign-in a user holds a mapped role exactly when one
of their groups maps to it; roles it does not name are never granted nor taken by a provider.
Plain Python."""

from collections.abc import Iterable
from typing import Any

from app.security.permissions import ROLES, in_order

RoleMap = tuple[tuple[str, str], ...]  # (group, role) pairs; a group may grant several roles


def parse_role_map(text: str) -> RoleMap:
    """The pairs of `group:role,...`; the role follows the last colon, so a group's name may
    hold colons (urn:…). ValueError naming what is wrong."""
    pairs = []
    for item in (part.strip() for part in text.split(",")):
        group, colon, role = item.rpartition(":")
        if not colon or not group.strip() or role.strip() not in ROLES:
            raise ValueError(f"{item!r} is not group:role with a role among {', '.join(ROLES)}")
        pairs.append((group.strip(), role.strip()))
    return tuple(pairs)


def groups_in(claim: Any) -> tuple[str, ...]:
    """The groups a claim lists: a JSON list of strings (other items ignored), or one string."""
    if isinstance(claim, str):
        return (claim,)
    if isinstance(claim, list):
        return tuple(item for item in claim if isinstance(item, str))
    return ()


def mapped_roles(roles: Iterable[str], groups: Iterable[str], role_map: RoleMap) -> list[str]:
    """`roles` with every role the map names set from `groups`: kept or added where a group
    grants it, taken away where none does; the others as they were. In ROLES order."""
    owned = {role for _, role in role_map}
    held = set(groups)
    granted = {role for group, role in role_map if group in held}
    return in_order({role for role in roles if role not in owned} | granted, ROLES)
