"""GET, PATCH and DELETE /api/v1/users/<public_id>, and POST .../logout-all, for admins."""

import pytest

URL = "/api/v1/users"
ONLY_ADMIN = "You are the only administrator; appoint another first."


@pytest.fixture
def admin(create_account):
    return create_account(admin=True)


def patch(client, admin, account, body, **options):
    return client.patch(
        f"{URL}/{account.public_id}", headers=admin.headers, **{"json": body} | options
    )


def test_an_admin_reads_a_user(client, admin, create_account):
    account = create_account()
    response = client.get(f"{URL}/{account.public_id}", headers=admin.headers)
    assert response.status_code == 200
    assert (response.json["email"], response.json["disabled"]) == (account.email, False)


@pytest.mark.parametrize("public_id", ["no-such-id", "0" * 36, "x" * 5000, "1; DROP TABLE x"])
def test_unknown_or_misshapen_ids_are_404(client, admin, public_id):
    response = client.get(f"{URL}/{public_id}", headers=admin.headers)
    assert response.status_code == 404
    assert response.json == {"status": "fail", "message": "No user with that id."}


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_changing_an_unknown_user_is_404(client, admin, method):
    response = client.open(
        f"{URL}/nobody", method=method, json={"admin": True}, headers=admin.headers
    )
    assert response.status_code == 404


def test_promote_and_demote_with_json_booleans(client, admin, create_account):
    account = create_account()
    assert patch(client, admin, account, {"admin": True}).json["admin"] is True
    assert patch(client, admin, account, {"admin": False}).json["admin"] is False


def test_a_form_says_true_and_false_in_words(client, admin, create_account):
    account = create_account()
    response = patch(client, admin, account, None, data={"disabled": "True"})
    assert response.json["disabled"] is True


@pytest.mark.parametrize("value", [1, 0, "1", "yes", "", None, [], {"a": 1}])
def test_anything_but_a_boolean_is_400(client, admin, create_account, value):
    response = patch(client, admin, create_account(), {"admin": value})
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["admin"]


def test_a_patch_with_nothing_to_change_is_400(client, admin, create_account):
    response = patch(client, admin, create_account(), {"name": "x"})
    assert (response.status_code, response.json["message"]) == (
        400,
        "Send roles, admin or disabled.",
    )


@pytest.mark.parametrize("body", [{"admin": False}, {"disabled": True}])
def test_the_last_admin_cannot_be_demoted_or_disabled(client, admin, body):
    response = patch(client, admin, admin, body)
    assert (response.status_code, response.json["message"]) == (409, ONLY_ADMIN)


def test_a_disabled_admin_does_not_count_as_the_other_admin(client, admin, create_account):
    other = create_account(admin=True)
    patch(client, admin, other, {"disabled": True})
    assert patch(client, admin, admin, {"admin": False}).status_code == 409


def test_with_two_admins_one_may_step_down(client, admin, create_account):
    create_account(admin=True)
    assert patch(client, admin, admin, {"admin": False}).status_code == 200


def test_delete_is_204_and_the_users_tokens_die(client, admin, create_account):
    account = create_account()
    response = client.delete(f"{URL}/{account.public_id}", headers=admin.headers)
    assert (response.status_code, response.data) == (204, b"")
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 401


def test_the_last_admin_cannot_be_deleted(client, admin):
    response = client.delete(f"{URL}/{admin.public_id}", headers=admin.headers)
    assert (response.status_code, response.json["message"]) == (409, ONLY_ADMIN)


def test_logout_all_refuses_every_token_of_the_user(client, admin, create_account):
    account = create_account()
    response = client.post(f"{URL}/{account.public_id}/logout-all", headers=admin.headers)
    assert response.json == {"status": "success", "message": "user logged out everywhere"}
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 401
    assert client.get("/api/v1/auth/user", headers=admin.headers).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", ""), ("patch", ""), ("delete", ""), ("post", "/logout-all")],
)
def test_a_user_who_is_not_an_admin_gets_403(client, create_account, method, path):
    account, target = create_account(), create_account()
    response = client.open(
        f"{URL}/{target.public_id}{path}",
        method=method,
        json={"admin": True},
        headers=account.headers,
    )
    assert response.status_code == 403
