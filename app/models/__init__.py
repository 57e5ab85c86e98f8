"""The database tables."""

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.models.audit_event import AuditEvent
from app.models.collection_count import CollectionCount
from app.models.device_code import DeviceCode
from app.models.email_code import EmailCode
from app.models.identity import Identity, OidcSignInCode, OidcState
from app.models.invitation import Invitation
from app.models.login_session import LoginSession
from app.models.login_throttle import LoginThrottle
from app.models.oauth_client import OAuthClient
from app.models.oauth_grant import AuthorizationCode, Consent
from app.models.outbox import OutboxMessage
from app.models.passkey import Passkey, WebAuthnChallenge
from app.models.personal_token import PersonalToken
from app.models.refresh_token import RefreshToken
from app.models.token_blacklist import BlacklistedToken
from app.models.two_factor import MfaChallenge, RecoveryCode, TotpFactor
from app.models.user import User
from app.models.widget import Widget

__all__ = [
    "AuditEvent",
    "AuthorizationCode",
    "BlacklistedToken",
    "CollectionCount",
    "Consent",
    "DeviceCode",
    "EmailCode",
    "Identity",
    "Invitation",
    "LoginSession",
    "LoginThrottle",
    "MfaChallenge",
    "OAuthClient",
    "OidcSignInCode",
    "OidcState",
    "OutboxMessage",
    "Passkey",
    "PersonalToken",
    "RecoveryCode",
    "RefreshToken",
    "TotpFactor",
    "User",
    "WebAuthnChallenge",
    "Widget",
]


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """SQLite ignores ON DELETE clauses unless each connection asks for foreign keys."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
