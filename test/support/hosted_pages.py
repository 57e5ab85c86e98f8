"""Driving the hosted sign-in pages as a script would, without a browser: read the page's one
form (its action and hidden inputs), fill in the fields, post it; over https, so the test
client keeps and sends the `__Host-` cookies (it sends Secure cookies over https only)."""

from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

SITE = "https://localhost"


class Forms(HTMLParser):
    """Each form of a page: its action and its inputs' values by name."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action"), "fields": {}})
        elif tag == "input" and self.forms and attributes.get("name"):
            if attributes.get("type") != "radio" or "checked" in attributes:
                self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""


def forms_of(response: TestResponse) -> list[dict[str, Any]]:
    parser = Forms()
    parser.feed(response.get_data(as_text=True))
    return parser.forms


def the_form(response: TestResponse) -> dict[str, Any]:
    """The page's one form; a page with none or several fails the test."""
    forms = forms_of(response)
    assert len(forms) == 1, forms
    return forms[0]


class HostedClient:
    """The test client on the site's https address."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(path, base_url=SITE, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.post(path, base_url=SITE, **kwargs)

    def submit(self, page: TestResponse, **fields: str) -> TestResponse:
        """Post the page's form with its hidden inputs and `fields`."""
        form = the_form(page)
        return self.post(form["action"], data={**form["fields"], **fields})

    def cookie(self, name: str) -> Any:
        return self.client.get_cookie(name, domain="localhost")

    def sign_in(self, email: str, password: str, path: str = "/signin") -> TestResponse:
        """GET the sign-in page and post its form."""
        return self.submit(self.get(path), email=email, password=password)
