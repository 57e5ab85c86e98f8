"""GET /api/v1/users: every account, a page at a time, by email, for admins only."""

import pytest

URL = "/api/v1/users"


@pytest.fixture
def admin(create_account):
    return create_account(admin=True, email="admin@example.com")


def test_users_come_by_email_with_the_page_headers(client, admin, create_account):
    for name in ("carol", "bob", "ada"):
        create_account(email=f"{name}@example.com")
    response = client.get(URL, query_string={"per_page": 5}, headers=admin.headers)
    assert response.status_code == 200
    page = response.json
    assert [user["email"] for user in page["items"]] == [
        "ada@example.com",
        "admin@example.com",
        "bob@example.com",
        "carol@example.com",
    ]
    assert page["total_items"] == 4
    assert response.headers["Total-Count"] == "4"
    assert '</api/v1/users?page=1&per_page=5>; rel="self"' in response.headers["Link"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_user_as_admins_see_it(client, admin):
    (user,) = client.get(URL, headers=admin.headers).json["items"]
    assert set(user) == {
        "email",
        "public_id",
        "admin",
        "roles",
        "disabled",
        "email_verified",
        "registered_on",
        "last_login_at",
    }
    assert user["last_login_at"] is None and user["roles"] == ["user", "admin"]


def test_pages_split_the_list(client, admin, create_account):
    for n in range(6):
        create_account(email=f"user{n}@example.com")
    second = client.get(URL, query_string={"page": 2, "per_page": 5}, headers=admin.headers).json
    assert [user["email"] for user in second["items"]] == ["user4@example.com", "user5@example.com"]
    assert (second["has_prev"], second["has_next"], second["total_pages"]) == (True, False, 2)


def test_q_matches_part_of_the_address_in_any_case(client, admin, create_account):
    create_account(email="ada.lovelace@example.com")
    create_account(email="grace@example.org")
    page = client.get(URL, query_string={"q": "LOVE"}, headers=admin.headers).json
    assert [user["email"] for user in page["items"]] == ["ada.lovelace@example.com"]
    assert page["total_items"] == 1


def test_following_the_links_of_a_filtered_list_stays_in_it(client, admin, create_account):
    for n in range(7):
        create_account(email=f"lovelace{n}@example.com")
        create_account(email=f"other{n}@example.com")
    first = client.get(URL, query_string={"q": "love", "per_page": 5}, headers=admin.headers)
    links = first.json["links"]
    assert all("q=love" in url for url in links.values())
    assert all("q=love" in part for part in first.headers["Link"].split(", "))
    second = client.get(links["next"], headers=admin.headers).json
    assert [user["email"] for user in second["items"]] == [
        "lovelace5@example.com",
        "lovelace6@example.com",
    ]
    assert second["links"]["prev"] == links["self"]


@pytest.mark.parametrize("q", ["%", "_", "'", '"', "\\", "a%b", "' OR 1=1 --"])
def test_q_wildcards_and_quotes_are_plain_letters(client, admin, create_account, q):
    create_account(email="plain@example.com")
    page = client.get(URL, query_string={"q": q}, headers=admin.headers).json
    assert page["items"] == []


def test_q_finds_a_literal_underscore(client, admin, create_account):
    create_account(email="under_score@example.com")
    create_account(email="underXscore@example.com")
    page = client.get(URL, query_string={"q": "r_s"}, headers=admin.headers).json
    assert [user["email"] for user in page["items"]] == ["under_score@example.com"]


def test_a_q_of_10000_characters_is_400(client, admin):
    response = client.get(URL, query_string={"q": "a" * 10_000}, headers=admin.headers)
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["q"]


@pytest.mark.parametrize("query", [{"page": 0}, {"page": "x"}, {"per_page": 7}])
def test_bad_page_parameters_are_400(client, admin, query):
    assert client.get(URL, query_string=query, headers=admin.headers).status_code == 400


def test_users_are_counted_as_they_come_and_go(client, admin, create_account):
    other = create_account()
    client.delete(f"{URL}/{other.public_id}", headers=admin.headers)
    assert client.get(URL, headers=admin.headers).json["total_items"] == 1


def test_a_user_who_is_not_an_admin_gets_403(client, create_account):
    response = client.get(URL, headers=create_account().headers)
    assert response.status_code == 403
    assert (
        'realm="admin_users@mydomain.com", error="insufficient_scope"'
        in (response.headers["WWW-Authenticate"])
    )


def test_without_a_token_it_is_401(client):
    assert client.get(URL).status_code == 401
