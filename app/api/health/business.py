"""Asking each part the service needs whether it answers."""

from functools import cache

import redis
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.persistence.reads import read
from app.running import setting

REDIS_SCHEMES = ("redis://", "rediss://")
SELECT_ONE = text("SELECT 1")


def check_parts() -> dict[str, str]:
    """ "ok" or "unavailable" for the database and, when the rate limits use it, Redis."""
    checks = {"database": _database()}
    if setting("RATELIMIT_STORAGE_URI").startswith(REDIS_SCHEMES):
        checks["redis"] = _redis(setting("RATELIMIT_STORAGE_URI"))
    return checks


def _database() -> str:
    """One statement on the request's read connection: no ORM session is needed to ask."""
    try:
        read(SELECT_ONE)
    except SQLAlchemyError:
        return "unavailable"
    return "ok"


def _redis(url: str) -> str:
    try:
        _redis_client(url).ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


@cache
def _redis_client(url: str) -> redis.Redis:
    """One client (and connection pool) per URL and process: monitors ask every few seconds."""
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
