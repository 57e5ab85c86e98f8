"""flask add-user, flask prune-tokens, and the flask shell context."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app import db
from app.models import BlacklistedToken, RefreshToken, User, expiring
from app.models.expiring import ExpiringRows, SingleUseRows
from app.util.datetime_util import utc_now


def test_add_user_prompts_twice_and_stores_a_user(app, runner):
    result = runner.invoke(args=["add-user", "Ada@Example.com"], input="correct-horse-9\n" * 2)
    assert result.exit_code == 0, result.output
    assert "Added user ada@example.com" in result.output
    with app.app_context():
        user = User.find_by_email("ada@example.com")
        assert user.check_password("correct-horse-9")
        assert user.admin is False
        assert user.email_verified is True  # the operator vouches for the address


def test_add_user_admin_flag(app, runner):
    result = runner.invoke(
        args=["add-user", "root@example.com", "--admin"], input="pw-long-enough\n" * 2
    )
    assert "Added admin root@example.com" in result.output
    with app.app_context():
        assert User.find_by_email("root@example.com").admin is True


def test_add_user_refuses_a_duplicate(runner):
    runner.invoke(args=["add-user", "ada@example.com"], input="correct-horse-9\n" * 2)
    result = runner.invoke(args=["add-user", "ADA@example.com"], input="correct-horse-9\n" * 2)
    assert result.exit_code == 1
    assert "ada@example.com is already registered" in result.output


def test_add_user_applies_the_password_policy(runner):
    result = runner.invoke(args=["add-user", "ada@example.com"], input="short\nshort\n")
    assert result.exit_code == 2
    assert "Password must be at least 8 characters long." in result.output


def test_add_user_refuses_mismatched_confirmation(app, runner):
    result = runner.invoke(args=["add-user", "ada@example.com"], input="correct-horse-9\nother\n")
    assert result.exit_code != 0
    with app.app_context():
        assert User.find_by_email("ada@example.com") is None


def test_add_user_refuses_an_invalid_email(runner):
    result = runner.invoke(args=["add-user", "not-an-address"], input="correct-horse-9\n" * 2)
    assert result.exit_code == 2
    assert "Example: ada@example.com." in result.output


def test_prune_tokens_removes_only_expired_records(app, runner):
    now = utc_now()
    with app.app_context():
        BlacklistedToken.revoke("expired-jti", now - timedelta(minutes=1))
        BlacklistedToken.revoke("live-jti", now + timedelta(minutes=1))
        db.session.commit()
    result = runner.invoke(args=["prune-tokens"])
    assert "Removed 1 expired rows from token_blacklist." in result.output
    with app.app_context():
        assert db.session.scalars(db.select(BlacklistedToken.jti)).all() == ["live-jti"]


@pytest.mark.parametrize("mixin", [ExpiringRows, SingleUseRows])
def test_prune_tokens_prunes_a_table_no_list_names(app, runner, monkeypatch, mixin):
    """A new feature's table of expiring rows is pruned once it mixes the rows in."""
    monkeypatch.setattr(expiring, "EXPIRING", list(expiring.EXPIRING))  # forgotten afterwards

    class Base(DeclarativeBase):  # its own metadata: not the app's, nor its migrations
        pass

    class Scratch(mixin, Base):
        __tablename__ = "scratch"
        id: Mapped[int] = mapped_column(primary_key=True)

    now = utc_now()
    with app.app_context():
        Base.metadata.create_all(db.engine)
        db.session.add(Scratch(id=1, expires_at=now - timedelta(minutes=1)))
        db.session.add(Scratch(id=2, expires_at=now + timedelta(minutes=1)))
        db.session.commit()
    assert "Removed 1 expired rows from scratch." in runner.invoke(args=["prune-tokens"]).output
    with app.app_context():
        assert db.session.scalars(db.select(Scratch.id)).all() == [2]
        db.session.rollback()  # end the read first: dropping the table would wait for it
        Base.metadata.drop_all(db.engine)  # the app's drop_all does not know the table


def test_shell_context_has_the_models(app):
    with app.app_context():
        context = app.make_shell_context()
    assert context["db"] is db
    assert context["User"] is User
    assert context["BlacklistedToken"] is BlacklistedToken


def test_prune_tokens_removes_expired_refresh_tokens(app, client, runner, time_machine):
    credentials = {"email": "ada@example.com", "password": "correct-horse-9"}
    time_machine.move_to(utc_now() - timedelta(days=1))
    client.post("/api/v1/auth/register", json=credentials)  # its refresh token expired since
    time_machine.move_to(utc_now() + timedelta(days=1))
    client.post("/api/v1/auth/login", json=credentials)  # live
    result = runner.invoke(args=["prune-tokens"])
    assert "Removed 1 expired rows from refresh_token." in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(RefreshToken)) == 1


WIDGET = {"name": "solar-panel", "info_url": "https://x.io", "deadline": "2099-01-01"}


def test_set_admin_lets_existing_tokens_write_at_once(client, runner, create_account):
    account = create_account()
    result = runner.invoke(args=["set-admin", account.email.upper()])
    assert result.exit_code == 0
    assert f"{account.email} is now an admin." in result.output
    response = client.post("/api/v1/widgets", json=WIDGET, headers=account.headers)
    assert response.status_code == 201


def test_set_admin_revoke_stops_existing_admin_tokens_at_once(client, runner, create_account):
    admin, _colleague = create_account(admin=True), create_account(admin=True)
    result = runner.invoke(args=["set-admin", admin.email, "--revoke"])
    assert f"{admin.email} is no longer an admin." in result.output
    response = client.post("/api/v1/widgets", json=WIDGET, headers=admin.headers)
    assert response.status_code == 403


def test_set_admin_of_unknown_email_fails(runner):
    result = runner.invoke(args=["set-admin", "Nobody@example.com"])
    assert result.exit_code == 1
    assert "nobody@example.com is not registered" in result.output


def test_disable_user_refuses_the_users_tokens_at_once(client, runner, create_account):
    account = create_account()
    result = runner.invoke(args=["disable-user", account.email])
    assert (result.exit_code, result.output.strip()) == (0, f"{account.email} is disabled.")
    response = client.get("/api/v1/auth/user", headers=account.headers)
    assert (response.status_code, response.json["message"]) == (401, "Account disabled.")


def test_disable_user_enable_lets_the_user_log_in_again(client, runner, create_account):
    account = create_account()
    runner.invoke(args=["disable-user", account.email])
    assert runner.invoke(args=["disable-user", account.email, "--enable"]).exit_code == 0
    body = {"email": account.email, "password": account.password}
    assert client.post("/api/v1/auth/login", json=body).status_code == 200


def test_the_cli_cannot_remove_the_last_admin_either(runner, create_account):
    admin = create_account(admin=True)
    for args in (["set-admin", admin.email, "--revoke"], ["disable-user", admin.email]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert "You are the only administrator; appoint another first." in result.output
