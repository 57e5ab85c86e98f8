"""The User model: password hashing and lookups."""

from datetime import UTC

import pytest

from app import db
from app.models import User


@pytest.fixture
def user(app):
    with app.app_context():
        user = User(email="ada@example.com", password="correct-horse-9")
        db.session.add(user)
        db.session.commit()
        yield user


def test_password_is_write_only_and_hashed(user):
    with pytest.raises(AttributeError, match="write-only"):
        _ = user.password
    assert user.password_hash.startswith("$2b$")
    assert "correct-horse-9" not in user.password_hash


def test_check_password(user):
    assert user.check_password("correct-horse-9")
    assert not user.check_password("correct-horse-8")
    assert not user.check_password("x" * 100)  # past bcrypt's limit: no match, no error


def test_find_by_email_ignores_case_and_spaces(user):
    assert User.find_by_email(" ADA@example.COM ") is user
    assert User.find_by_email("bob@example.com") is None


def test_find_by_public_id(user):
    assert User.find_by_public_id(user.public_id) is user
    assert User.find_by_public_id("not-a-public-id") is None


def test_registered_on_reads_back_as_aware_utc(user):
    db.session.expire_all()
    assert db.session.get(User, user.id).registered_on.tzinfo == UTC


def test_repr_shows_no_hash(user):
    assert "$2b$" not in repr(user)
