"""Permissions, and the roles that grant them. A route needs a permission; a user holds roles;
a token may hold fewer permissions than its user (its scope), never more."""

from collections.abc import Iterable

PERMISSIONS = (
    "widgets:read",
    "widgets:write",
    "users:read",
    "users:write",
    "audit:read",
    "tokens:introspect",
    "clients:write",
)
PERMISSION_DESCRIPTIONS = {
    "widgets:read": "List and read widgets",
    "widgets:write": "Create, change and delete widgets",
    "users:read": "List and read accounts, and their personal tokens",
    "users:write": "Change, disable, delete and log out accounts",
    "audit:read": "Read the audit trail",
    "tokens:introspect": "Ask whether a token is live (POST /auth/introspect)",
    "clients:write": "Register, change and remove the apps that sign people in here",
}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "user": frozenset({"widgets:read"}),
    "editor": frozenset({"widgets:read", "widgets:write"}),
    "auditor": frozenset({"widgets:read", "users:read", "audit:read"}),
    "admin": frozenset(PERMISSIONS),
}
# Who holds one of these reads or changes other people's accounts: REQUIRE_MFA_FOR_ADMINS
# holds them to two-factor, whatever their role is called.
OTHER_PEOPLES_DATA = frozenset({"users:read", "users:write", "audit:read", "clients:write"})
ROLES = tuple(ROLE_PERMISSIONS)  # in this order wherever roles are listed
DEFAULT_ROLES = ("user",)


def roles_with_admin(roles: Iterable[str], admin: bool) -> list[str]:
    """`roles` with the admin role added or taken away; a user keeps at least DEFAULT_ROLES."""
    kept = [role for role in roles if role != "admin"] + (["admin"] if admin else [])
    return kept or list(DEFAULT_ROLES)


def permissions_of(roles: Iterable[str]) -> frozenset[str]:
    """What these roles allow together; unknown names allow nothing."""
    return frozenset().union(*(ROLE_PERMISSIONS.get(role, frozenset()) for role in roles))


def requested_scope(text: str) -> list[str]:
    """The permissions a scope names (RFC 6749, 3.3: space-separated), each once, in the order
    given; ValueError naming the first that is no permission of ours."""
    names = list(dict.fromkeys(text.split()))
    unknown = [name for name in names if name not in PERMISSIONS]
    if unknown:
        raise ValueError(f"Unknown scope {unknown[0][:40]!r}.")
    return names


def first_not_granted(requested: Iterable[str], granted: Iterable[str]) -> str | None:
    """The first requested permission that `granted` leaves out, if any."""
    held = set(granted)
    return next((name for name in requested if name not in held), None)


def in_order(names: Iterable[str], order: tuple[str, ...]) -> list[str]:
    """`names` without repeats, in the canonical `order` (ROLES or PERMISSIONS)."""
    wanted = set(names)
    return [name for name in order if name in wanted]


def scope_text(permissions: Iterable[str]) -> str:
    """A scope as OAuth 2.0 writes it (RFC 6749, 3.3): space-separated, here in a fixed order."""
    return " ".join(in_order(permissions, PERMISSIONS))
