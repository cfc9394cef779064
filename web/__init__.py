"""The web product: `create_app(config=None)` builds the Flask application.

Pages for each role (demand, uploads, coordinator and proposals, school, admin), a JSON API
with OpenAPI, one set of security headers, HTML error pages for pages and JSON errors for the
API, Danish by default with English by a switch. Views parse, call `pooling`, store and render;
the engine's work happens in `pooling` and, for solves, in the worker (`web.jobs`).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, session
from flask_wtf.csrf import CSRFProtect

from pooling import i18n
from web import db
from web.config import Config

csrf = CSRFProtect()
TRANSLATIONS = Path(__file__).parent / "translations"


def select_locale() -> str:
    """Danish unless the user chose English with the switch."""
    lang = session.get("lang")
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(Config)
    if config:
        app.config.update(config)
    i18n.add_catalogue_dir(TRANSLATIONS)

    db.init_app(app)
    csrf.init_app(app)

    from web import auth, errors, filters, headers
    from web.api import init_api
    from web.auth.views import bp as auth_bp
    from web.cli import register_commands
    from web.views.admin import bp as admin_bp
    from web.views.coordinator import bp as coordinator_bp
    from web.views.demand import bp as demand_bp
    from web.views.school import bp as school_bp
    from web.views.tokens import bp as tokens_bp
    from web.views.uploads import bp as uploads_bp

    auth.init_app(app)
    filters.init_app(app)
    headers.init_app(app)
    for blueprint in (auth_bp, demand_bp, uploads_bp, coordinator_bp, school_bp, admin_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(tokens_bp)
    init_api(app)
    errors.init_app(app)  # after the API's, so pages keep HTML error pages
    register_commands(app)

    @app.before_request
    def choose_language() -> None:
        g.lang = select_locale()
        i18n.set_language(g.lang)

    from web.auth.access import undeclared_endpoints

    missing = undeclared_endpoints(app)
    if missing:
        raise RuntimeError(f"routes without an access rule: {', '.join(missing)}")

    @app.context_processor
    def languages() -> dict:
        return {"lang": g.get("lang", "da")}

    return app
