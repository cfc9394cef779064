"""Who may use a route: every view declares it with `@access(...)`, checked before it runs.

`@access(Role.JOBCENTRE, ...)` admits signed-in users with one of those roles;
`@access(PUBLIC)` admits everyone (sign-in page, health check). A signed-out visitor is sent
to sign in (pages) or answered 401 (API); a signed-in user of another role gets 403.
Whether a given id is the user's own is not decided here but in `web.scoping`, which answers
404 for anything that is not. `undeclared_endpoints(app)` lists routes without a rule; the app
refuses to start with any.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, redirect, request, url_for
from flask_login import current_user

from web.models import Role

PUBLIC = "public"
ALL_ROLES = frozenset(Role)
DEMAND = (Role.JOBCENTRE, Role.A_KASSE, Role.FIRM)


def is_api_request() -> bool:
    """A request to the JSON API, whose blueprints are all named `api...`: bearer tokens only."""
    return (request.blueprint or "").startswith("api")


def access(*roles: Role | str) -> Callable:
    """Declare who may use the decorated view (roles, or PUBLIC)."""
    allowed = frozenset(roles)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any):
            if PUBLIC not in allowed:
                if not current_user.is_authenticated:
                    if is_api_request():
                        abort(401)
                    return redirect(url_for("auth.sign_in", next=request.full_path))
                if current_user.role not in allowed:
                    abort(403)
            return view(*args, **kwargs)

        guarded.access_rule = allowed  # type: ignore[attr-defined]
        return guarded

    return decorate


def rule_of(app: Flask, endpoint: str) -> frozenset[str] | None:
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def undeclared_endpoints(app: Flask) -> list[str]:
    """Endpoints that declare no access rule (static files excepted)."""
    return sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and not rule.endpoint.endswith(".static")
        and rule_of(app, rule.endpoint) is None
    )
