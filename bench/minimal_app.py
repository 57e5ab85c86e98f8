"""The fair ceiling: a hand-written app that does only the irreducible work of GET /auth/user
(verify the HS256 token with PyJWT: signature, exp, iss, aud; one indexed SELECT of the user by
public_id on a connection it keeps open; a JSON answer) and of GET /health (one SELECT 1), on
the same database as the app and served by gunicorn the same way. The connection autocommits,
so each SELECT is the one round trip it sends to PostgreSQL: no BEGIN, no COMMIT. No
revocation, session or disabled check, no error envelope: what is left of our figure beside
this one is the price of everything the API does besides.
"""

import os
from typing import Any

import jwt
from flask import Flask, request
from sqlalchemy import create_engine

URL = os.environ["DATABASE_URL"]
SECRET_KEY = os.environ["SECRET_KEY"]
CLAIMS = {"issuer": "flask-jwt-api", "audience": "flask-jwt-api"}
MARK = "?" if URL.startswith("sqlite") else "%s"  # the driver's own parameter style
USER_BY_PUBLIC_ID = (
    "SELECT email, public_id, admin, email_verified, registered_on "
    f"FROM site_user WHERE public_id = {MARK}"
)

app = Flask(__name__)
_kept: dict[str, Any] = {}  # this worker's one DBAPI connection, opened on first use


def connection() -> Any:
    if "connection" not in _kept:
        _kept["connection"] = create_engine(URL, isolation_level="AUTOCOMMIT").raw_connection()
    return _kept["connection"]


@app.get("/api/v1/auth/user")
def auth_user() -> tuple[dict[str, Any], int]:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"], **CLAIMS)
    except jwt.PyJWTError:
        return {"message": "invalid token"}, 401
    cursor = connection().cursor()
    cursor.execute(USER_BY_PUBLIC_ID, (claims["sub"],))
    row = cursor.fetchone()
    if row is None:
        return {"message": "no such user"}, 401
    email, public_id, admin, verified, registered_on = row
    body = {"email": email, "public_id": public_id, "admin": bool(admin)}
    return body | {"email_verified": bool(verified), "registered_on": str(registered_on)}, 200


@app.get("/api/v1/health")
def health() -> dict[str, str]:
    cursor = connection().cursor()
    cursor.execute("SELECT 1")
    cursor.fetchone()
    return {"status": "ok"}
