"""A client generated from the live openapi.json by openapi-python-client, used as a person
would use it: register, log in, read the account, manage a widget as an admin, refresh, change
the password, log out. Nothing but the generated code talks to the server.

The client is generated into the test's temporary folder on every run and never committed.
"""

import importlib
import os
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest

pytestmark = pytest.mark.slow  # generates a client, against `flask run`

PASSWORD = "correct-horse-9"
NEW_PASSWORD = "new-horse-battery-7"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def api_client(live_server, tmp_path_factory):
    """The `api_client` package, generated from what the live server publishes."""
    folder = tmp_path_factory.mktemp("generated")
    config = folder / "config.yml"
    config.write_text("package_name_override: api_client\nproject_name_override: api-client\n")
    command = [str(BIN / "openapi-python-client"), "generate", "--meta", "none"]
    command += ["--url", f"{live_server.url}/api/v1/openapi.json", "--config", str(config)]
    command += ["--output-path", str(folder / "api_client")]
    env = os.environ | {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # its ruff
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=120)
    sys.path.insert(0, str(folder))
    yield importlib.import_module("api_client")
    sys.path.remove(str(folder))


def test_generated_client_runs_the_whole_account_and_widget_flow(api_client, live_server):
    from api_client import AuthenticatedClient, Client
    from api_client.api.account import post_password
    from api_client.api.auth import (
        get_current_user,
        post_login_user,
        post_logout_user,
        post_refresh_tokens,
        post_register_user,
    )
    from api_client.api.widgets import (
        delete_widget_item,
        get_widget_item,
        get_widget_list,
        post_widget_list,
        put_widget_item,
    )
    from api_client.models import (
        PostLoginUserBody,
        PostLogoutUserBody,
        PostPasswordBody,
        PostRefreshTokensBody,
        PostRegisterUserBody,
        PostWidgetListBody,
        PutWidgetItemBody,
        Status,
        TokenResponse,
        User,
        Widget,
        WidgetPage,
    )

    base_url = f"{live_server.url}/api/v1"
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    email, name = f"{uuid4().hex[:10]}@example.com", f"lamp-{uuid4().hex[:6]}"

    def signed_in(tokens: TokenResponse) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url=base_url, token=tokens.access_token, raise_on_unexpected_status=True
        )

    registered = post_register_user.sync(
        client=anonymous, body=PostRegisterUserBody(email=email, password=PASSWORD)
    )
    assert isinstance(registered, TokenResponse) and registered.token_type == "bearer"
    live_server.flask("set-admin", email)  # an operator makes them an admin

    tokens = post_login_user.sync(
        client=anonymous, body=PostLoginUserBody(email=email, password=PASSWORD)
    )
    assert isinstance(tokens, TokenResponse)
    me = get_current_user.sync(client=signed_in(tokens))
    assert isinstance(me, User) and (me.email, me.admin) == (email, True)

    admin = signed_in(tokens)
    body = PostWidgetListBody(name=name, info_url="https://example.com", deadline="2099-01-01")
    created = post_widget_list.sync_detailed(client=admin, body=body)
    assert created.status_code == 201 and created.headers["Location"].endswith(f"/{name}")
    page = get_widget_list.sync(client=admin)
    assert isinstance(page, WidgetPage) and name in [widget.name for widget in page.items]
    replacement = PutWidgetItemBody(info_url="https://example.org", deadline="2099-02-02")
    updated = put_widget_item.sync(name, client=admin, body=replacement)
    assert isinstance(updated, Widget) and updated.info_url == "https://example.org"
    assert delete_widget_item.sync_detailed(name, client=admin).status_code == 204
    assert get_widget_item.sync_detailed(name, client=admin).status_code == 404

    refreshed = post_refresh_tokens.sync(
        client=anonymous, body=PostRefreshTokensBody(refresh_token=tokens.refresh_token)
    )
    assert isinstance(refreshed, TokenResponse) and refreshed.access_token != tokens.access_token

    changed = post_password.sync(
        client=signed_in(refreshed),
        body=PostPasswordBody(current_password=PASSWORD, new_password=NEW_PASSWORD),
    )
    assert isinstance(changed, TokenResponse)
    assert get_current_user.sync_detailed(client=signed_in(refreshed)).status_code == 401

    current = signed_in(changed)
    logout = PostLogoutUserBody(refresh_token=changed.refresh_token)
    assert isinstance(post_logout_user.sync(client=current, body=logout), Status)
    refused = get_current_user.sync_detailed(client=current)
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer ")
