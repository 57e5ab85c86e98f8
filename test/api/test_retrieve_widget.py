"""GET /api/v1/widgets/<name>"""

from datetime import timedelta

from app import db
from app.api.widgets.dto import widget_model, widget_owner_model
from app.models import User, Widget


def test_retrieve_widget_shows_every_field(client, create_account, create_widgets, clock):
    create_widgets("solar-panel")
    response = client.get("/api/v1/widgets/solar-panel", headers=create_account().headers)
    assert response.status_code == 200
    widget = response.json
    assert widget["name"] == "solar-panel"
    assert widget["info_url"] == "https://x.io"
    assert widget["created_at"] == "2030-05-13T12:00:00+00:00"
    assert widget["deadline"] == "2030-05-23T12:00:00+00:00"
    assert widget["deadline_passed"] is False
    assert widget["time_remaining"] == "10 days, 00:00:00"
    assert widget["owner"]["email"].endswith("@example.com")
    assert widget["link"] == "/api/v1/widgets/solar-panel"


def test_name_lookup_ignores_case(client, create_account, create_widgets):
    create_widgets("solar-panel")
    response = client.get("/api/v1/widgets/SOLAR-Panel", headers=create_account().headers)
    assert response.status_code == 200
    assert response.json["name"] == "solar-panel"


def test_deadline_passed_when_the_clock_moves_past_it(
    client, create_account, create_widgets, clock
):
    create_widgets("solar-panel")
    clock.shift(timedelta(days=10, seconds=1))
    widget = client.get("/api/v1/widgets/solar-panel", headers=create_account().headers).json
    assert widget["deadline_passed"] is True
    assert widget["time_remaining"] is None


def test_widget_of_a_deleted_owner_has_no_owner(app, client, create_account, create_widgets):
    create_widgets("solar-panel")
    with app.app_context():
        owner = db.session.scalar(db.select(Widget)).owner
        db.session.execute(db.delete(User).where(User.id == owner.id))
        db.session.commit()
    widget = client.get("/api/v1/widgets/solar-panel", headers=create_account().headers).json
    assert widget["owner"] is None


def test_missing_widget_is_404_naming_it(client, create_account):
    response = client.get("/api/v1/widgets/nothing-here", headers=create_account().headers)
    assert response.status_code == 404
    assert response.json == {"status": "fail", "message": "nothing-here not found in database."}


def test_retrieve_without_token_is_401_in_the_users_realm(client, create_widgets):
    create_widgets("solar-panel")
    response = client.get("/api/v1/widgets/solar-panel")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="registered_users@mydomain.com"'


def test_widget_has_exactly_the_documented_fields(client, create_account, create_widgets):
    create_widgets("solar-panel")
    widget = client.get("/api/v1/widgets/solar-panel", headers=create_account().headers).json
    assert set(widget) == set(widget_model)
    assert set(widget["owner"]) == set(widget_owner_model)
