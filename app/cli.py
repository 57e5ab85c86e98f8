"""Admin tasks for the `flask` command, and the names `flask shell` has ready."""

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app import db
from app.accounts.fields import email_address, new_password
from app.accounts.sign_up_policy import SignUpRefused
from app.api.audit.business import prune_events
from app.api.auth.business import create_user, prune_expired_tokens
from app.api.invitations.business import invite as invite_to_register
from app.api.users.business import reset_mfa, update_user
from app.clients_cli import clients
from app.errors import Conflict, EmailTaken, InvalidField
from app.mail.outbox import deliver_due_messages
from app.models import BlacklistedToken, User, Widget
from app.ops.origin import COMMAND_LINE
from app.security.keyring import (
    ASYMMETRIC,
    generate_private_key,
    private_pem,
    public_jwk,
    public_pem,
)
from app.security.permissions import DEFAULT_ROLES, ROLES
from app.security.sealing import new_data_key


@click.command("add-user")
@click.argument("email")
@click.option("--admin", is_flag=True, help="Allow this user to create and change widgets.")
@with_appcontext
def add_user(email: str, admin: bool) -> None:
    """Create a user; the password is asked twice, never taken from the command line."""
    email = _checked(email_address, email)
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, _checked(new_password, password), admin=admin)
    except EmailTaken as error:
        raise click.ClickException(str(error)) from None
    except InvalidField as error:  # the password is too easy to guess
        raise click.BadParameter(str(error), param_hint="password") from None
    role = "admin" if user.admin else "user"
    click.echo(f"Added {role} {user.email} (public_id {user.public_id}).")


@click.command("set-admin")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take admin rights away instead.")
@with_appcontext
def set_admin(email: str, revoke: bool) -> None:
    """Promote a user to admin (or demote with --revoke); their next request sees it."""
    user = _update(email, admin=not revoke)
    click.echo(f"{user.email} is {'no longer' if revoke else 'now'} an admin.")


@click.command("set-roles")
@click.argument("email")
@click.argument("roles", nargs=-1, required=True, type=click.Choice(ROLES))
@with_appcontext
def set_roles(email: str, roles: tuple[str, ...]) -> None:
    """Give a user exactly these roles (user, editor, auditor, admin); their next request sees
    them."""
    user = _update(email, roles=list(roles))
    click.echo(f"{user.email} now has the roles: {', '.join(user.role_names)}.")


@click.command("invite")
@click.argument("email")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLES),
    help="Repeat for several; default user.",
)
@with_appcontext
def invite(email: str, roles: tuple[str, ...]) -> None:
    """Invite EMAIL to register (with these roles): the invitation is mailed, as from the API,
    and printed here, to hand over another way if need be."""
    try:
        invitation, token = invite_to_register(
            _checked(email_address, email), list(roles or DEFAULT_ROLES), COMMAND_LINE
        )
    except (SignUpRefused, EmailTaken) as error:
        raise click.ClickException(str(error)) from None
    link = current_app.config["INVITATION_URL"].replace("{token}", token)
    granted, until = ", ".join(invitation.role_names), f"{invitation.expires_at:%Y-%m-%d %H:%M}"
    click.echo(f"Invited {invitation.email} as {granted}, until {until} UTC.")
    click.echo(f"Link: {link}" if link else f"Token (for POST /api/v1/auth/register): {token}")


@click.command("disable-user")
@click.argument("email")
@click.option("--enable", is_flag=True, help="Let the user in again instead.")
@with_appcontext
def disable_user(email: str, enable: bool) -> None:
    """Disable an account (or enable it with --enable): its tokens are refused at once."""
    user = _update(email, disabled=not enable)
    click.echo(f"{user.email} is {'enabled' if enable else 'disabled'}.")


def _update(email: str, **changes: Any) -> User:
    """PATCH /users/<id>'s business code, for the user registered with `email`."""
    user = _registered(email)
    try:
        return update_user(user, origin=COMMAND_LINE, **changes)
    except Conflict as error:  # the last admin
        raise click.ClickException(str(error)) from None


@click.command("mfa-reset")
@click.argument("email")
@with_appcontext
def mfa_reset(email: str) -> None:
    """Turn a user's two-factor authentication off (a lost phone); they get an email about it."""
    user = _registered(email)
    if reset_mfa(user, COMMAND_LINE):
        click.echo(f"Two-factor authentication is off for {user.email}.")
    else:
        click.echo(f"Two-factor authentication was not on for {user.email}; nothing changed.")


@click.command("prune-tokens")
@with_appcontext
def prune_tokens() -> None:
    """Delete records of tokens that have expired anyway; nothing depends on this running."""
    for table, removed in prune_expired_tokens().items():
        click.echo(f"Removed {removed} expired rows from {table}.")


@click.command("prune-audit")
@click.option("--older-than", "days", type=click.IntRange(min=1), required=True, help="DAYS")
@with_appcontext
def prune_audit(days: int) -> None:
    """Delete audit events older than DAYS days."""
    click.echo(f"Removed {prune_events(days)} audit events older than {days} days.")


@click.command("send-mail")
@click.option("--watch", is_flag=True, help="Keep running, every MAIL_POLL_SECONDS.")
@with_appcontext
def send_mail(watch: bool) -> None:
    """Deliver the outbox: from cron, or with --watch as a process of its own."""
    while True:
        sent, failed = deliver_due_messages()
        if sent or failed or not watch:
            click.echo(f"Sent {sent} message{'' if sent == 1 else 's'}, {failed} failed.")
        if not watch:
            return
        db.session.remove()  # do not hold a connection between rounds
        time.sleep(current_app.config["MAIL_POLL_SECONDS"])


@click.group("keys")
def keys() -> None:
    """Signing keys for EdDSA, ES256 or RS256 tokens.

    A plugin command (pyproject.toml, flask.commands), so it runs before the app can start:
    with JWT_ALGORITHM=EdDSA set and no key yet, the app itself would refuse to load.
    """


@keys.command("generate")
@click.option("--algorithm", type=click.Choice(ASYMMETRIC), default="EdDSA", show_default=True)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def generate_key(algorithm: str, path: Path) -> None:
    """Write a new private key to PATH (owner-only) and its public half to PATH.pub."""
    key = generate_private_key(algorithm)
    try:  # O_EXCL: never overwrite a key in use; 0600 from the first byte written
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(private_pem(key))
        Path(f"{path}.pub").write_bytes(public_pem(key))
    except FileExistsError:
        raise click.ClickException(f"{path} exists; choose a new file for a new key") from None
    kid = public_jwk(key.public_key(), algorithm)["kid"]
    click.echo(f"Wrote {path} (private, mode 600) and {path}.pub; kid {kid}.")


@keys.command("data-key")
def data_key() -> None:
    """Print a new key for DATA_ENCRYPTION_KEYS; put it first, keep the old ones after it."""
    click.echo(new_data_key())


def _registered(email: str) -> User:
    user = User.find_by_email(email)
    if user is None:
        raise click.ClickException(f"{email.strip().lower()} is not registered")
    return user


def _checked(parse: Callable[[str], str], value: str) -> str:
    """Apply an API input rule, turning its refusal into a clean CLI error."""
    try:
        return parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def register_commands(app: Flask) -> None:
    """Attach the commands and the shell context to `app`."""
    app.cli.add_command(add_user)
    app.cli.add_command(set_admin)
    app.cli.add_command(set_roles)
    app.cli.add_command(disable_user)
    app.cli.add_command(invite)
    app.cli.add_command(prune_tokens)
    app.cli.add_command(send_mail)
    app.cli.add_command(prune_audit)
    app.cli.add_command(mfa_reset)
    app.cli.add_command(clients)
    app.shell_context_processor(
        lambda: {"db": db, "User": User, "BlacklistedToken": BlacklistedToken, "Widget": Widget}
    )
