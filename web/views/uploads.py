"""Uploading a requests file: upload → check page with every problem by row and column →
confirm. All or nothing: a file with any problem stores no request, and a confirmed file
stores all of its rows in one transaction."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from pooling.i18n import _, ngettext
from pooling.limits import LIMITS
from web.auth.access import DEMAND, access
from web.db import db_session
from web.demand_checks import TEMPLATE_COLUMNS, check_requests, read_request_file, request_to_json
from web.demand_store import add_request, request_from_json
from web.models import DemandRequest, Upload
from web.scoping import own_upload

bp = Blueprint("uploads", __name__, url_prefix="/upload")


@bp.route("/", methods=["GET", "POST"])
@access(*DEMAND)
def upload():
    if request.method == "GET":
        return render_template("uploads/upload.html", error=None, max_mb=_max_mb())
    file = request.files.get("file")
    if file is None or not file.filename:
        error = _("Choose a file to upload.")
        return render_template("uploads/upload.html", error=error, max_mb=_max_mb()), 400
    content = file.read()
    table = read_request_file(file.filename, content)
    session = db_session()
    if isinstance(table, list):
        requests, problems = [], table
    else:
        requests, problems = check_requests(session, current_user.organisation, table)
    row = Upload(
        organisation_id=current_user.organisation_id,
        user_id=current_user.id,
        filename=file.filename[:255],
        content=content,
        status="checked" if not problems else "rejected",
        rows=[request_to_json(r) for r in requests],
        problems=[p.as_dict() for p in problems],
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.commit()
    return redirect(url_for("uploads.check", upload_id=row.id))


def _max_mb() -> int:
    return LIMITS.file_bytes // (1024 * 1024)


@bp.route("/<int:upload_id>", methods=["GET"])
@access(*DEMAND)
def check(upload_id: int):
    upload = own_upload(current_user, upload_id)
    return render_template("uploads/check.html", upload=upload)


@bp.route("/<int:upload_id>/godkend", methods=["POST"])
@access(*DEMAND)
def confirm(upload_id: int):
    upload = own_upload(current_user, upload_id)
    if upload.status != "checked":
        flash(_("This file cannot be confirmed."), "info")
        return redirect(url_for("uploads.check", upload_id=upload.id))
    session = db_session()
    references = {r["request_id"] for r in upload.rows}
    clash = session.scalar(
        select(DemandRequest.reference).where(
            DemandRequest.organisation_id == upload.organisation_id,
            DemandRequest.reference.in_(sorted(references)),
        )
    )
    if clash:
        flash(
            _("Request {reference} was added after the check; upload the file again.").format(
                reference=clash
            ),
            "error",
        )
        return redirect(url_for("uploads.check", upload_id=upload.id))
    for values in upload.rows:
        add_request(
            session,
            upload.organisation_id,
            request_from_json(values),
            user_id=current_user.id,
            action="imported",
            changes={"file": upload.filename},
        )
    upload.status = "confirmed"
    upload.confirmed_at = datetime.now(UTC)
    session.commit()
    flash(
        ngettext(
            "{n} request from {file} is saved.",
            "{n} requests from {file} are saved.",
            len(upload.rows),
        ).format(n=len(upload.rows), file=upload.filename),
        "success",
    )
    return redirect(url_for("demand.index"))


@bp.route("/skabelon.csv", methods=["GET"])
@access(*DEMAND)
def template():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow(
        ["r01", "48586", "4", "8000", "2027-02-01", "2027-03-01", "40", "", "false", "2"]
    )
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=behov-skabelon.csv"},
    )
