"""The JSON API (flask-smorest, OpenAPI 3): the pages' data for programs, bearer tokens only."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from web.auth.access import PUBLIC, access

api = Api()


def init_api(app: Flask) -> None:
    api.init_app(app)
    # The OpenAPI document describes the API; it holds no data, so anyone may read it.
    endpoint = "api-docs.openapi_json"
    app.view_functions[endpoint] = access(PUBLIC)(app.view_functions[endpoint])
