"""`flask clients add|list|remove`: the admin API's client registration, from the shell."""

import click
from flask.cli import AppGroup

from app.api.clients.business import all_clients, register, remove
from app.errors import InvalidField, NotFound
from app.ops.origin import COMMAND_LINE
from app.security.idp.clients import (
    CLIENT_SCOPES,
    CONFIDENTIAL,
    GRANT_TYPES,
    KINDS,
    ClientRefused,
    lines_of,
)

clients = AppGroup("clients", help="The apps that sign people in through this API.")


@clients.command("add")
@click.argument("name")
@click.option("--type", "kind", type=click.Choice(KINDS), default=CONFIDENTIAL, show_default=True)
@click.option("--redirect-uri", "redirect_uris", multiple=True, help="Repeat for several.")
@click.option("--post-logout-redirect-uri", "logout_uris", multiple=True)
@click.option(
    "--grant", "grants", multiple=True, type=click.Choice(GRANT_TYPES), help="Repeat for several."
)
@click.option(
    "--scope", "scopes", multiple=True, type=click.Choice(CLIENT_SCOPES), help="Repeat for several."
)
@click.option("--first-party", is_flag=True, help="Ours: people are not asked to consent.")
def add(
    name: str,
    kind: str,
    redirect_uris: tuple[str, ...],
    logout_uris: tuple[str, ...],
    grants: tuple[str, ...],
    scopes: tuple[str, ...],
    first_party: bool,
) -> None:
    """Register client NAME and print its client_id and, once, its secret."""
    try:
        client, secret = register(
            COMMAND_LINE,
            name=name,
            type=kind,
            redirect_uris=list(redirect_uris),
            post_logout_redirect_uris=list(logout_uris),
            grant_types=list(grants),
            scopes=list(scopes),
            first_party=first_party,
        )
    except (ClientRefused, InvalidField) as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"client_id: {client.client_id}")
    if secret:
        click.echo(f"client_secret: {secret}  (shown this once)")


@clients.command("list")
def list_clients() -> None:
    """One line per client: client_id, type, name, grants, redirect URIs."""
    for client in all_clients():
        uris = " ".join(lines_of(client.redirect_uris)) or "-"
        click.echo(
            f"{client.client_id}  {client.kind:<12} {client.name}  [{client.grant_types}]  {uris}"
        )


@clients.command("remove")
@click.argument("client_id")
def remove_client(client_id: str) -> None:
    """Remove a client: every token issued to it is refused from now on."""
    try:
        remove(client_id, COMMAND_LINE)
    except NotFound as missing:
        raise click.ClickException(str(missing)) from None
    click.echo(f"Removed {client_id}.")
