"""What is stored of a random secret a person or an app holds (a token, a code, a client's
secret, a cookie's secret): its SHA-256, so the table leaks nothing usable."""

from hashlib import sha256


def secret_digest(secret: str) -> str:
    """SHA-256, hex: 256 random bits need no salt and no slow hash."""
    return sha256(secret.encode()).hexdigest()
