"""A database restart between requests does not break the next one (pool_pre_ping)."""

import psycopg
import pytest
from conftest import require_postgres_url
from sqlalchemy.engine import make_url


@pytest.fixture
def database_url():
    """Only a database server can drop our connections under us."""
    return require_postgres_url()


def drop_every_other_connection(database_url: str) -> int:
    """What a restart does to our pool: the server ends each of its connections."""
    url = make_url(database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as admin:
        ended = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return ended[0]


def test_next_request_after_connections_drop_succeeds(client, create_account, database_url):
    account = create_account()
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 200
    assert drop_every_other_connection(database_url) >= 1
    response = client.get("/api/v1/auth/user", headers=account.headers)
    assert response.status_code == 200
    assert response.json["email"] == account.email
