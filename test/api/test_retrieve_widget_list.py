"""GET /api/v1/widgets?page=&per_page="""

import pytest

from app.api.paging_dto import page_links_model
from app.api.widgets.dto import widget_page_model

URL = "/api/v1/widgets"
NAMES = [f"widget-{number:02}" for number in range(23)]


def link(page: int, per_page: int = 10) -> str:
    return f"/api/v1/widgets?page={page}&per_page={per_page}"


@pytest.fixture
def headers(create_account, create_widgets):
    create_widgets(*reversed(NAMES))  # stored out of order; listed by name
    return create_account().headers


def test_first_page(client, headers):
    response = client.get(URL, headers=headers)
    assert response.status_code == 200
    page = response.json
    assert [item["name"] for item in page["items"]] == NAMES[:10]
    assert page["links"] == {"self": link(1), "first": link(1), "next": link(2), "last": link(3)}
    assert (page["has_prev"], page["has_next"], page["page"]) == (False, True, 1)
    assert (page["total_pages"], page["items_per_page"], page["total_items"]) == (3, 10, 23)


def test_middle_page_has_prev_and_next(client, headers):
    page = client.get(URL, query_string={"page": 2}, headers=headers).json
    assert [item["name"] for item in page["items"]] == NAMES[10:20]
    assert page["links"]["prev"] == link(1)
    assert page["links"]["next"] == link(3)
    assert page["has_prev"] and page["has_next"]


def test_last_page_is_partial_without_next(client, headers):
    page = client.get(URL, query_string={"page": 3}, headers=headers).json
    assert [item["name"] for item in page["items"]] == NAMES[20:]
    assert "next" not in page["links"]
    assert (page["has_prev"], page["has_next"]) == (True, False)


def test_page_past_the_end_is_empty_not_an_error(client, headers):
    response = client.get(URL, query_string={"page": 9}, headers=headers)
    assert response.status_code == 200
    assert response.json["items"] == []
    assert response.json["links"]["prev"] == link(3)
    assert "next" not in response.json["links"]


def test_page_number_beyond_any_offset_is_an_empty_page(client, headers):
    response = client.get(URL, query_string={"page": 10**30}, headers=headers)
    assert response.status_code == 200
    assert response.json["items"] == []


def test_link_and_total_count_headers(client, headers):
    response = client.get(URL, query_string={"page": 2, "per_page": 5}, headers=headers)
    assert response.headers["Total-Count"] == "23"
    assert response.headers["Link"] == ", ".join(
        [
            f'<{link(2, 5)}>; rel="self"',
            f'<{link(1, 5)}>; rel="first"',
            f'<{link(1, 5)}>; rel="prev"',
            f'<{link(3, 5)}>; rel="next"',
            f'<{link(5, 5)}>; rel="last"',
        ]
    )


@pytest.mark.parametrize(("per_page", "count", "pages"), [(5, 5, 5), (10, 10, 3), (25, 23, 1)])
def test_per_page_choices(client, headers, per_page, count, pages):
    page = client.get(URL, query_string={"per_page": per_page}, headers=headers).json
    assert len(page["items"]) == count
    assert page["total_pages"] == pages


def test_empty_collection_has_one_empty_page(client, create_account):
    page = client.get(URL, headers=create_account().headers).json
    assert page["items"] == []
    assert (page["total_pages"], page["total_items"], page["has_next"]) == (1, 0, False)
    assert page["links"] == {"self": link(1), "first": link(1), "last": link(1)}


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"page": 0}, {"page"}),
        ({"page": -1}, {"page"}),
        ({"page": "two"}, {"page"}),
        ({"per_page": 7}, {"per_page"}),
        ({"per_page": 1000}, {"per_page"}),
        ({"page": "x", "per_page": "y"}, {"page", "per_page"}),
    ],
)
def test_bad_paging_is_400_naming_the_field(client, create_account, query, fields):
    response = client.get(URL, query_string=query, headers=create_account().headers)
    assert response.status_code == 400
    assert response.json["message"] == "Input payload validation failed"
    assert set(response.json["errors"]) == fields


def test_list_without_token_is_401(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="registered_users@mydomain.com"'


def test_page_has_exactly_the_documented_fields(client, headers):
    page = client.get(URL, query_string={"page": 2}, headers=headers).json
    assert set(page) == set(widget_page_model)
    assert set(page["links"]) == set(page_links_model)
