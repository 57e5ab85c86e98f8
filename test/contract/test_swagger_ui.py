"""Swagger UI in a real browser: a person registers, authorizes, and uses the API from the page."""

import json
import time
from uuid import uuid4

import pyotp
import pytest
from conftest import SCREENSHOTS

pytestmark = pytest.mark.slow  # drives Chromium

PASSWORD = "correct-horse-9"


# Every Content-Security-Policy violation of the page, as the browser reports it to the page.
COLLECT_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} refused ${event.blockedURI}`);
});
"""


@pytest.fixture
def page(browser, live_server, request):
    """Swagger UI, opened fresh; screenshots go to SCREENSHOTS/<test name>-<step>.png. Each walk
    ends by asking the page for the CSP violations it saw: there must be none."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    refusals = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(COLLECT_CSP_VIOLATIONS)
    page.goto(f"{live_server.url}/api/v1/ui")
    page.wait_for_selector("#operations-tag-auth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.snap = lambda step: page.screenshot(
        path=SCREENSHOTS / f"{request.node.name}-{step}.png", full_page=False
    )
    yield page
    violations = page.evaluate("window.cspViolations")
    page.close()
    assert (violations, refusals) == ([], [])


def open_operation(page, operation_id: str):
    """Expand an operation's tag (the page starts collapsed) and the operation, and press
    "Try it out", as a person would."""
    operation = page.locator(f"#operations-{operation_id}")
    if not operation.count():
        tag = operation_id.split("-", 1)[0]
        page.locator(f"#operations-tag-{tag}").click()
        operation.wait_for()
    if "is-open" not in (operation.get_attribute("class") or ""):
        operation.locator(".opblock-summary").click()
    try_out = operation.locator(".try-out__btn")
    if try_out.inner_text().strip() == "Try it out":  # once open, the button says "Cancel"
        try_out.click()
    operation.scroll_into_view_if_needed()
    return operation


def execute(operation, **fields: str) -> tuple[int, dict]:
    """Fill the fields (parameters, or a form body's properties), press Execute, and read the
    live response's status and body."""
    for name, value in fields.items():
        row = operation.locator(f'tr[data-param-name="{name}"], tr[data-property-name="{name}"]')
        if row.locator("select").count():  # booleans are a drop-down
            row.locator("select").select_option(value)
        else:
            row.locator("input:not([type=checkbox])").fill(value)  # optional ones have both
    clear = operation.locator(".btn-clear")
    if clear.count():
        clear.click()
    operation.locator(".execute").click()
    response = operation.locator(".live-responses-table .response")
    response.wait_for()
    status = int(response.locator(".response-col_status").inner_text().strip())
    body = operation.locator(".live-responses-table .response-col_description pre").first
    text = body.inner_text().strip() if body.count() else ""
    return status, json.loads(text) if text.startswith("{") else {}


def authorize(page, token: str) -> None:
    """Authorize → paste the token alone into the Bearer box → Authorize → Close."""
    page.locator(".auth-wrapper .authorize").click()
    bearer = page.locator(".modal-ux .auth-container", has_text="(http, Bearer)")
    if bearer.locator("input").count() == 0:
        bearer.locator(".auth-btn-wrapper button", has_text="Logout").click()  # swap the token
    bearer.locator("input").fill(token)
    page.snap("authorize-dialog")
    bearer.locator(".auth-btn-wrapper .authorize").click()
    bearer.locator(".auth-btn-wrapper .btn-done").click()


def sign_in_with_password(page, email: str, password: str, scopes: list[str]) -> None:
    """Authorize → the OAuth2 box: email, password, some scopes → Authorize → Close: Swagger UI
    gets the token from /auth/token itself."""
    page.locator(".auth-wrapper .authorize").click()
    oauth = page.locator(".modal-ux .auth-container", has_text="(OAuth2, password)")
    oauth.locator("#oauth_username").fill(email)
    oauth.locator("#oauth_password").fill(password)
    oauth.locator("#client_id").fill("swagger-ui")
    for scope in scopes:
        oauth.locator(f'label[for="{scope}-password-checkbox-OAuth2"]').click()
    page.snap("oauth2-dialog")
    oauth.locator(".auth-btn-wrapper .authorize").click()
    oauth.locator(".auth-btn-wrapper button", has_text="Logout").wait_for()
    oauth.locator(".auth-btn-wrapper .btn-done").click()


def lock_states(page) -> set[str]:
    """How the padlocks of the protected operations are drawn: #locked or #unlocked."""
    icons = page.locator(".opblock .authorization__btn svg use")
    return {icons.nth(i).get_attribute("href") for i in range(icons.count())}


def shown_ids(page, selector: str) -> list[str]:
    """The ids of the elements `selector` finds, in page order."""
    found = page.locator(selector)
    return [found.nth(i).get_attribute("id") or "" for i in range(found.count())]


def test_the_page_starts_collapsed_in_reading_order_with_a_filter(page):
    """A person sees the tags in the order they use them, nothing expanded, and a filter box;
    an operation opens and works from there."""
    tags = shown_ids(page, ".opblock-tag-section h3.opblock-tag")
    assert tags[:3] == [
        "operations-tag-auth",
        "operations-tag-account",
        "operations-tag-login_codes",
    ]
    assert tags[-2:] == ["operations-tag-keys", "operations-tag-health"]
    assert page.locator(".opblock").count() == 0  # every tag collapsed
    page.snap("collapsed")

    page.locator("#operations-tag-auth").click()
    page.locator("#operations-auth-post_register_user").wait_for()
    operations = shown_ids(page, ".opblock")
    assert operations[:3] == [
        "operations-auth-post_register_user",
        "operations-auth-post_login_user",
        "operations-auth-post_refresh_tokens",
    ]
    assert page.locator(".opblock.is-open").count() == 0  # operations collapsed too
    page.locator("#operations-tag-auth").click()  # closed again

    page.locator("input.operation-filter-input").fill("passkeys")
    page.wait_for_function("document.querySelectorAll('h3.opblock-tag').length === 1")
    assert shown_ids(page, "h3.opblock-tag") == ["operations-tag-passkeys"]
    page.snap("filtered")
    page.locator("input.operation-filter-input").fill("")
    page.wait_for_function("document.querySelectorAll('h3.opblock-tag').length > 10")

    email = f"{uuid4().hex[:10]}@example.com"
    register = open_operation(page, "auth-post_register_user")
    assert "Register a new account and log it in." in register.inner_text()
    status, body = execute(register, email=email, password=PASSWORD)
    assert (status, body["message"]) == (201, "successfully registered")


def test_register_authorize_and_use_the_token(page):
    email = f"{uuid4().hex[:10]}@example.com"
    status, body = execute(
        open_operation(page, "auth-post_register_user"), email=email, password=PASSWORD
    )
    assert status == 201
    page.snap("registered")
    assert lock_states(page) == {"#unlocked"}

    authorize(page, body["access_token"])
    assert lock_states(page) == {"#locked"}

    status, me = execute(open_operation(page, "auth-get_current_user"))
    page.snap("auth-user")
    assert status == 200
    assert me["email"] == email

    assert execute(open_operation(page, "auth-post_logout_user"))[0] == 200
    status, refused = execute(open_operation(page, "auth-get_current_user"))
    page.snap("after-logout")
    assert status == 401
    assert refused == {"status": "fail", "message": "Token blacklisted. Please log in again."}


def test_admin_creates_lists_and_deletes_a_widget(page, live_server):
    email = f"admin-{uuid4().hex[:8]}@example.com"
    live_server.flask("add-user", email, "--admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    status, body = execute(
        open_operation(page, "auth-post_login_user"), email=email, password=PASSWORD
    )
    assert status == 200
    authorize(page, body["access_token"])

    name = f"widget-{uuid4().hex[:6]}"
    created = execute(
        open_operation(page, "widgets-post_widget_list"),
        name=name,
        info_url="https://example.com/info",
        deadline="2099-05-13",
    )
    page.snap("widget-created")
    assert created == (201, {"status": "success", "message": f"New widget added: {name}."})

    status, listing = execute(open_operation(page, "widgets-get_widget_list"))
    page.snap("widget-list")
    assert status == 200
    assert name in [item["name"] for item in listing["items"]]

    status, _ = execute(open_operation(page, "widgets-delete_widget_item"), name=name)
    page.snap("widget-deleted")
    assert status == 204


def test_change_the_password_then_delete_the_account(page):
    email = f"{uuid4().hex[:10]}@example.com"
    register = open_operation(page, "auth-post_register_user")
    _, body = execute(register, email=email, password=PASSWORD)
    authorize(page, body["access_token"])

    new_password = "new-horse-battery-7"
    change = open_operation(page, "account-post_password")
    status, changed = execute(change, current_password=PASSWORD, new_password=new_password)
    page.snap("password-changed")
    assert (status, changed["message"]) == (200, "password changed")

    authorize(page, changed["access_token"])
    status, _ = execute(open_operation(page, "auth-delete_current_user"), password=new_password)
    page.snap("account-deleted")
    assert status == 204
    assert execute(open_operation(page, "auth-get_current_user"))[0] == 401


def admin_and_user(live_server) -> tuple[str, str]:
    """Two new accounts, made with the CLI as an operator would: an admin and a plain user."""
    admin, user = (f"{role}-{uuid4().hex[:8]}@example.com" for role in ("admin", "user"))
    live_server.flask("add-user", admin, "--admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    live_server.flask("add-user", user, input=f"{PASSWORD}\n{PASSWORD}\n")
    return admin, user


def test_admin_disables_a_user_whose_token_is_then_refused(page, live_server):
    admin, user = admin_and_user(live_server)
    login = open_operation(page, "auth-post_login_user")
    user_token = execute(login, email=user, password=PASSWORD)[1]["access_token"]
    authorize(page, execute(login, email=admin, password=PASSWORD)[1]["access_token"])

    status, found = execute(open_operation(page, "users-get_user_list"), q=user)
    assert (status, [item["email"] for item in found["items"]]) == (200, [user])
    target = found["items"][0]["public_id"]
    status, changed = execute(
        open_operation(page, "users-patch_user_item"), public_id=target, disabled="true"
    )
    page.snap("user-disabled")
    assert (status, changed["disabled"]) == (200, True)

    authorize(page, user_token)
    status, refused = execute(open_operation(page, "auth-get_current_user"))
    page.snap("disabled-token-refused")
    assert (status, refused["message"]) == (401, "Account disabled.")


def curl_command(operation) -> str:
    """The curl line Swagger UI shows for the request it just sent."""
    return operation.locator(".curl-command .curl").first.inner_text()


def test_every_lock_sends_the_pasted_token_as_a_bearer_token(page, live_server):
    admin, other = admin_and_user(live_server)
    login = open_operation(page, "auth-post_login_user")
    token = execute(login, email=admin, password=PASSWORD)[1]["access_token"]
    authorize(page, token)
    assert lock_states(page) == {"#locked"}
    _, found = execute(open_operation(page, "users-get_user_list"), q=other)
    someone = found["items"][0]["public_id"]
    name = f"lamp-{uuid4().hex[:6]}"
    widget = {"name": name, "info_url": "https://x.io", "deadline": "2099-01-01"}

    # Every operation behind a padlock, with the answer each gives an admin; the ones that end
    # the token come last, and the wrong passwords keep it alive.
    for operation_id, fields, expected in [
        ("auth-get_current_user", {}, 200),
        ("sessions-get_session_list", {}, 200),
        ("widgets-post_widget_list", widget, 201),
        ("widgets-get_widget_list", {}, 200),
        ("widgets-get_widget_item", {"name": name}, 200),
        ("widgets-put_widget_item", widget, 200),
        ("widgets-delete_widget_item", {"name": name}, 204),
        ("users-get_user_list", {}, 200),
        ("users-get_user_item", {"public_id": someone}, 200),
        ("users-patch_user_item", {"public_id": someone, "disabled": "true"}, 200),
        ("users-delete_user_two_factor", {"public_id": someone}, 204),  # off already
        ("users-post_user_logout_all", {"public_id": someone}, 200),
        ("users-delete_user_item", {"public_id": someone}, 204),
        ("audit-get_audit_list", {}, 200),
        ("mfa-post_totp_factor", {}, 200),  # started, not on until confirmed
        ("mfa-post_totp_confirm", {"code": "000000"}, 400),
        ("mfa-post_recovery_codes", {"code": "000000"}, 400),  # off: no code is valid
        ("mfa-delete_totp_factor", {"password": "not-my-password", "code": "000000"}, 400),
        ("mfa-post_reauthenticate", {"password": "not-my-password"}, 400),
        ("account-post_verify_email_resend", {}, 202),
        ("account-post_password", {"current_password": "wrong", "new_password": "x"}, 400),
        ("sessions-delete_session_item", {"session_id": "no-such-session"}, 404),
        ("auth-delete_current_user", {"password": "not-my-password"}, 400),
        ("auth-post_logout_everywhere", {}, 200),
    ]:
        operation = open_operation(page, operation_id)
        status, _ = execute(operation, **fields)
        assert (operation_id, status) == (operation_id, expected)
        assert f"Authorization: Bearer {token}" in curl_command(operation)

    token = execute(login, email=admin, password=PASSWORD)[1]["access_token"]
    authorize(page, token)
    logout = open_operation(page, "auth-post_logout_user")
    assert execute(logout)[0] == 200
    assert f"Authorization: Bearer {token}" in curl_command(logout)
    page.snap("every-lock-used")


def test_turn_two_factor_on_and_sign_in_with_a_code(page):
    email = f"{uuid4().hex[:10]}@example.com"
    _, body = execute(
        open_operation(page, "auth-post_register_user"), email=email, password=PASSWORD
    )
    authorize(page, body["access_token"])
    status, enrolment = execute(open_operation(page, "mfa-post_totp_factor"))
    assert status == 200
    authenticator = pyotp.TOTP(enrolment["secret"])
    status, confirmed = execute(
        open_operation(page, "mfa-post_totp_confirm"), code=authenticator.now()
    )
    page.snap("two-factor-on")
    assert (status, len(confirmed["recovery_codes"])) == (200, 10)

    status, first = execute(
        open_operation(page, "auth-post_login_user"), email=email, password=PASSWORD
    )
    assert (status, first["error"]) == (401, "mfa_required")
    next_code = authenticator.at(time.time() + 30)  # one step ahead: the confirmation's is spent
    status, signed_in = execute(
        open_operation(page, "mfa-post_login_second_step"),
        mfa_token=first["mfa_token"],
        code=next_code,
    )
    page.snap("signed-in-with-a-code")
    assert status == 200
    authorize(page, signed_in["access_token"])
    status, me = execute(open_operation(page, "auth-get_current_user"))
    assert (status, me["email"]) == (200, email)


def test_log_in_with_email_and_password_in_the_authorize_dialog(page, live_server):
    """The OAuth 2.0 password flow: the dialog offers the scopes, and the token it gets holds
    the ones ticked."""
    admin = f"admin-{uuid4().hex[:8]}@example.com"
    live_server.flask("add-user", admin, "--admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    sign_in_with_password(page, admin, PASSWORD, ["widgets:read"])
    status, me = execute(open_operation(page, "auth-get_current_user"))
    page.snap("signed-in")
    assert (status, me["email"]) == (200, admin)
    status, listing = execute(open_operation(page, "widgets-get_widget_list"))
    assert status == 200
    widget = {
        "name": f"lamp-{uuid4().hex[:6]}",
        "info_url": "https://x.io",
        "deadline": "2099-01-01",
    }
    status, refused = execute(open_operation(page, "widgets-post_widget_list"), **widget)
    page.snap("narrow-scope-refused")
    assert (status, refused["message"]) == (403, "Your token's scope does not include this")
