"""The JSON API (flask-smorest, OpenAPI 3): the pages' data for programs, bearer tokens only.

Parts: `account` (`/api/me`), `requests` (demand roles), `jobs` and `proposals`
(coordinator), `school`; each keeps its schemas beside its routes and guards every route with
`web.auth.access`. The OpenAPI document is `/api/openapi.json` and its readable page
`/api/docs` (`web.api.docs`); both are public, as they hold no data. No session cookie is
read here, so the API needs no CSRF token.
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from web.api.blueprint import BEARER
from web.api.schemas import ErrorSchema
from web.auth.access import PUBLIC, access


class PoolingApi(Api):
    ERROR_SCHEMA = ErrorSchema


api = PoolingApi()


def init_api(app: Flask) -> None:
    from web import csrf
    from web.api import account, docs, jobs, proposals, requests, school

    api.init_app(app)
    api.spec.components.security_scheme(
        BEARER,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made on the page /konto/token or with "
            "`flask --app web create-token EMAIL`.",
        },
    )
    for part in (account, requests, jobs, proposals, school):
        csrf.exempt(part.bp)
        api.register_blueprint(part.bp)
    app.register_blueprint(docs.bp)
    # The OpenAPI document describes the API; it holds no data, so anyone may read it.
    endpoint = "api-docs.openapi_json"
    app.view_functions[endpoint] = access(PUBLIC)(app.view_functions[endpoint])
