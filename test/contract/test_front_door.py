"""`/` and `/api/v1` lead a person to Swagger UI (API.md, "Product policy"), and only they."""

import pytest


@pytest.mark.parametrize("path", ["/", "/api/v1/", "/api/v1"])
def test_the_first_addresses_redirect_to_swagger_ui(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/api/v1/ui"


def test_following_the_redirect_reaches_swagger_ui(client):
    response = client.get("/", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/api/v1/ui"
    assert "swagger-ui" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/index.html", "/api", "/api/v1/ui/nothing", "/api/v2/"])
def test_other_unknown_paths_stay_404_envelopes(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json["status"] == "fail"


def test_the_front_door_takes_no_writes(client):
    response = client.post("/")
    assert response.status_code == 405
    assert response.json["message"] == "The method is not allowed for the requested URL."
