"""Password hashing (Werkzeug's scrypt) and API tokens (random, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def password_matches(stored_hash: str, password: str) -> bool:
    return check_password_hash(stored_hash, password)


def new_token() -> str:
    return "kp_" + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
