"""Error answers: HTML pages for pages, JSON for the API (`/api/...`), never a traceback."""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from pooling.i18n import _

TITLES = {
    400: "The request could not be understood",
    401: "Sign in to continue",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "This action is not possible here",
    413: "The file is too large",
    500: "Sorry, something went wrong",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if _wants_json():
            body = {"code": code, "status": error.name, "message": error.description}
            return jsonify(body), code
        title = _(TITLES.get(code, error.name))
        return render_template("error.html", code=code, title=title), code

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        title = _("The form had expired. Go back, reload the page and try again.")
        return render_template("error.html", code=400, title=title), 400

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error", exc_info=error)
        session = g.get("db_session")
        if session is not None:
            session.rollback()  # a failed statement must not break the error page too
        return http_error(InternalServerError())
