"""School pages: the published cohorts addressed to the school, accept or decline each with a
reason, and the school's own cohorts as a workbook."""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, datetime

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from openpyxl import Workbook

from pooling.i18n import _
from web.auth.access import access
from web.db import db_session
from web.models import Cohort, Role, SchoolDecision
from web.scoping import school_cohort, school_cohorts_query

bp = Blueprint("school", __name__, url_prefix="/skole")
SCHOOL = Role.SCHOOL


def senders(cohort: Cohort) -> list[tuple[str, int]]:
    """The organisations sending learners to `cohort`, with how many each."""
    count: Counter = Counter()
    for m in cohort.members:
        count[m.request.organisation.name] += m.learners
    return sorted(count.items())


@bp.route("/", methods=["GET"])
@access(SCHOOL)
def inbox():
    cohorts = (
        db_session()
        .scalars(school_cohorts_query(current_user).order_by(Cohort.start_date, Cohort.id))
        .all()
    )
    return render_template("school/inbox.html", cohorts=cohorts, senders=senders)


@bp.route("/hold/<int:cohort_id>", methods=["GET"])
@access(SCHOOL)
def cohort(cohort_id: int):
    found = school_cohort(current_user, cohort_id)
    return render_template("school/cohort.html", c=found, senders=senders(found), error=None)


@bp.route("/hold/<int:cohort_id>/svar", methods=["POST"])
@access(SCHOOL)
def decide(cohort_id: int):
    found = school_cohort(current_user, cohort_id)
    decision = request.form.get("decision")
    reason = (request.form.get("reason") or "").strip()[:2000]
    error = None
    if decision not in ("accepted", "declined"):
        error = _("Choose whether you accept or decline the cohort.")
    elif decision == "declined" and not reason:
        error = _("Enter why you decline the cohort.")
    if error:
        return render_template(
            "school/cohort.html", c=found, senders=senders(found), error=error
        ), 400
    session = db_session()
    row = found.decision or SchoolDecision(cohort_id=found.id, decided_by=current_user.id)
    row.decision, row.reason = decision, reason
    row.decided_by, row.decided_at = current_user.id, datetime.now(UTC)
    session.add(row)
    session.commit()
    message = (
        _("You accepted the cohort.") if decision == "accepted" else _("You declined the cohort.")
    )
    flash(message, "success")
    return redirect(url_for("school.inbox"))


@bp.route("/hold.xlsx", methods=["GET"])
@access(SCHOOL)
def workbook():
    cohorts = (
        db_session()
        .scalars(school_cohorts_query(current_user).order_by(Cohort.start_date, Cohort.id))
        .all()
    )
    book = Workbook()
    sheet = book.active
    sheet.title = _("Cohorts")[:31]
    header = [
        _("AMU number"),
        _("Course"),
        _("Start date"),
        _("Participants"),
        _("Seats already taken"),
        _("Minimum"),
        _("Maximum"),
        _("Price DKK"),
        _("Sending organisation"),
        _("Learners"),
        _("Answer"),
    ]
    sheet.append(header)
    for c in cohorts:
        answer = "" if c.decision is None else c.decision.decision
        for name, learners in senders(c):
            sheet.append(
                [
                    c.course_code,
                    _safe(c.course.title),
                    c.start_date,
                    c.participants,
                    c.seats_taken,
                    c.min_participants,
                    c.max_participants,
                    c.price_dkk,
                    _safe(name),
                    learners,
                    answer,
                ]
            )
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "DD-MM-YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, width in zip(
        "ABCDEFGHIJK", (10, 40, 12, 12, 12, 10, 10, 12, 32, 10, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        out.getvalue(),
        mimetype=mimetype,
        headers={"Content-Disposition": "attachment; filename=hold.xlsx"},
    )


def _safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
