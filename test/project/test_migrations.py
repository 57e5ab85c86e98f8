"""The Alembic migrations build exactly the schema the models describe."""

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import db
from app.models import CollectionCount
from app.models.columns import render_item


def _drop_everything() -> None:
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_upgrade_creates_the_models_schema(app):
    with app.app_context():
        _drop_everything()
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_item": render_item}
            )
            assert compare_metadata(context, db.metadata) == []


def test_downgrade_removes_every_table(app):
    with app.app_context():
        _drop_everything()
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}


def test_upgrade_counts_the_widgets_already_there(app):
    insert = text(
        "INSERT INTO widget (name, info_url, created_at, deadline) "
        "VALUES (:name, 'https://x.io', :now, :now)"
    )
    with app.app_context():
        _drop_everything()
        upgrade(revision="0003")
        with db.engine.begin() as connection:
            for name in ("a", "b"):
                connection.execute(insert, {"name": name, "now": datetime(2030, 1, 1, tzinfo=UTC)})
        upgrade()
        assert db.session.scalar(CollectionCount.total_of("widget")) == 2
