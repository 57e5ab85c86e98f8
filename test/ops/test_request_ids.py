"""X-Request-ID: the client's when sane, a new one otherwise, on every response."""

import pytest


def test_every_response_has_a_request_id(client):
    for response in (client.get("/api/v1/health"), client.get("/nowhere")):
        assert len(response.headers["X-Request-ID"]) == 32


def test_a_sane_request_id_from_the_client_is_kept(client):
    response = client.get("/api/v1/health", headers={"X-Request-ID": "front-end.42_a-b"})
    assert response.headers["X-Request-ID"] == "front-end.42_a-b"


@pytest.mark.parametrize("offered", ["x" * 65, "a b", "<script>", "ünï", "id;drop"])
def test_an_unsafe_request_id_is_replaced(client, offered):
    response = client.get("/api/v1/health", headers={"X-Request-ID": offered})
    assert response.headers["X-Request-ID"] != offered
    assert len(response.headers["X-Request-ID"]) == 32
