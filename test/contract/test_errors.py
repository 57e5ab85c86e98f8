"""Every error, from every route, is the JSON envelope of docs/API.md."""

import pytest


@pytest.mark.parametrize("path", ["/nowhere", "/api/v1/nowhere", "/api/v1/auth/nothing"])
def test_unknown_url_is_404_envelope(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json
    assert response.json["status"] == "fail"
    assert "did you mean" not in response.json["message"]


def test_wrong_method_is_405_envelope_with_allow(client):
    response = client.get("/api/v1/auth/login")
    assert response.status_code == 405
    assert response.json == {
        "status": "fail",
        "message": "The method is not allowed for the requested URL.",
    }
    assert "POST" in response.headers["Allow"]


def test_body_over_max_content_length_is_413_envelope(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post(
        "/api/v1/auth/register", data={"email": "a@b.io", "password": "x" * 2000}
    )
    assert response.status_code == 413
    assert response.json["status"] == "fail"
    assert response.json["message"].startswith("The data value transmitted exceeds")


def test_unexpected_exception_is_500_without_details(client, monkeypatch):
    def explode(*_args):
        raise RuntimeError("secret detail: SELECT password_hash FROM site_user")

    monkeypatch.setattr("app.api.auth.business.log_in", explode)
    response = client.post("/api/v1/auth/login", json={"email": "a@b.io", "password": "x"})
    assert response.status_code == 500
    assert response.json == {
        "status": "fail",
        "message": "Internal server error",
        "request_id": response.headers["X-Request-ID"],  # for the user to quote
    }


def test_every_response_is_json_content_type(client):
    response = client.put("/api/v1/auth/user")
    assert response.status_code == 405
    assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("accept", ["*/*", "text/html", "text/plain", "application/xml"])
def test_json_whatever_the_client_accepts(client, create_account, accept):
    """JSON is the one representation: an answer and an error are JSON for any Accept."""
    headers = create_account().headers | {"Accept": accept}
    answer = client.get("/api/v1/auth/user", headers=headers)
    error = client.get("/api/v1/auth/user", headers={"Accept": accept})
    assert (answer.status_code, error.status_code) == (200, 401)
    for response in (answer, error):
        assert response.headers["Content-Type"] == "application/json"
        assert response.get_data(as_text=True).endswith("}\n")
    assert answer.json["email"] and error.json["status"] == "fail"
