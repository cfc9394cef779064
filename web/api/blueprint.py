"""The blueprint every part of the JSON API is made of, and the API's one error shape.

`ApiBlueprint("requests", ...)` is a flask-smorest blueprint named `api_requests` (the `api`
prefix is what makes the bearer-token loader and the 401 answer apply to it), exempt from
CSRF (it takes no cookies), tagged for the OpenAPI document, and answering every error as
`{"code", "status", "message", "problems"?}`. `bp.access(*roles)` guards a view with
`web.auth.access.access` and documents what that can answer: 401 without a valid token, 403
for another role, and 404 for an id that is not the caller's (`by_id=True`). Nothing here
knows about requests, jobs or cohorts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from flask import abort, jsonify
from flask_smorest import Blueprint
from werkzeug.exceptions import HTTPException

from pooling.i18n import _
from web.auth.access import access

PREFIX = "api_"
MAX_ID = 2**31 - 1
BEARER = "bearerAuth"


class ApiBlueprint(Blueprint):
    def __init__(self, name: str, import_name: str, *, tag: str, description: str) -> None:
        super().__init__(PREFIX + name, import_name, url_prefix="/api", description=description)
        self.tag = tag
        self.register_error_handler(HTTPException, json_error)

    def route(self, rule: str, *, parameters=None, tags=None, **options):
        return super().route(rule, parameters=parameters, tags=tags or [self.tag], **options)

    def access(self, *roles: str, by_id: bool = False) -> Callable:
        """Admit only `roles` (bearer token) and document 401, 403 and, `by_id`, 404."""

        def decorate(view: Callable) -> Callable:
            @wraps(view)
            def bounded(*args: Any, **kwargs: Any):
                # An id no table can hold is not found (and never reaches the database).
                if any(k.endswith("_id") and v > MAX_ID for k, v in kwargs.items()):
                    abort(404)
                return view(*args, **kwargs)

            guarded = access(*roles)(bounded)
            guarded = self.alt_response(401, response="UNAUTHORIZED")(guarded)
            guarded = self.alt_response(403, response="FORBIDDEN")(guarded)
            if by_id:
                guarded = self.alt_response(404, response="NOT_FOUND")(guarded)
            return self.doc(security=[{BEARER: []}], **{"x-roles": sorted(str(r) for r in roles)})(
                guarded
            )

        return decorate


def found_first(lookup: Callable) -> Callable:
    """Look the id up (a `web.scoping` function: 404 if not the caller's) before the body is
    read, so another organisation's id answers 404 whatever is sent."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            lookup(**kwargs)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def _flatten(messages: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str | None, str]]:
    """webargs' nested `{"json": {"field": ["message"]}}` as (column, message) pairs."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _flatten(value, (*path, str(key)))
    elif isinstance(messages, list | tuple):
        for value in messages:
            yield from _flatten(value, path)
    else:
        names = [p for p in path if p not in ("json", "query", "_schema")]
        yield (".".join(names) or None), str(messages)


MESSAGES = {
    401: "Send a valid API token in the header Authorization: Bearer <token>.",
    403: "Your role may not use this operation.",
    404: "Not found among the things you may see.",
    422: "What was sent has problems; nothing was saved.",
}


def json_error(error: HTTPException):
    """Every API error as `{"code", "status", "message", "problems"?}`."""
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    message = data.get("message")
    if not message and code in MESSAGES and error.description == type(error).description:
        # werkzeug's generic description replaced by one that says what to do
        message = _(MESSAGES[code])
    body: dict[str, Any] = {
        "code": code,
        "status": error.name,
        "message": message or error.description,
    }
    if "problems" in data:
        body["problems"] = data["problems"]
    elif "messages" in data:
        body["problems"] = [
            {"row": None, "column": column, "message": message}
            for column, message in _flatten(data["messages"])
        ]
    response = jsonify(body)
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
