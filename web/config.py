"""Settings of the web application, read from the environment, with safe defaults.

`DATABASE_URL` chooses the database (SQLite file `instance/pooling.sqlite3` by default,
PostgreSQL by a `postgresql://` URL); `SECRET_KEY` signs sessions (a random key per start when
it is not set, which signs everyone out on restart). This module holds no code of the views.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from pooling.limits import LIMITS

INSTANCE_DIR = Path(os.environ.get("POOLING_INSTANCE", Path.cwd() / "instance"))


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'pooling.sqlite3'}"


def normalise_database_url(url: str) -> str:
    """PostgreSQL URLs go through psycopg 3 whatever scheme they are written with."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    DATABASE_URL = normalise_database_url(os.environ.get("DATABASE_URL") or default_database_url())
    # Sessions: cookies only over HTTPS unless told otherwise (the local demo runs on http).
    SESSION_COOKIE_SECURE = os.environ.get("POOLING_INSECURE_COOKIES") != "1"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "pooling_session"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    # A session ends after 30 idle minutes, and after 10 hours whatever happens.
    SESSION_IDLE = timedelta(minutes=30)
    SESSION_ABSOLUTE = timedelta(hours=10)
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE
    # CSRF tokens live as long as the session, so a slow form is not refused.
    WTF_CSRF_TIME_LIMIT = None
    # Uploads: the reading path's own limit for a file, and room for the form around it.
    MAX_CONTENT_LENGTH = LIMITS.file_bytes + 256 * 1024
    # flask-smorest / OpenAPI
    API_TITLE = "Kursuspulje API"
    API_VERSION = "1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = None
    # Solve jobs: a running job whose worker has not reported for this long is marked stopped.
    JOB_STALE_AFTER = timedelta(minutes=2)
    JOB_TIME_LIMIT_S = 30.0
