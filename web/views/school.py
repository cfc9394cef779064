"""School pages: the published cohorts addressed to the school, accept or decline each with a
reason, and the school's own cohorts as a workbook."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from pooling.i18n import _
from pooling.workbooks import school_workbook
from web.auth.access import access
from web.bridge import engine_proposal
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
    """The school's cohorts of the newest published proposal, as the engine writes them."""
    session = db_session()
    newest = session.scalar(
        school_cohorts_query(current_user).order_by(Cohort.proposal_id.desc()).limit(1)
    )
    if newest is None:
        abort(404)
    scenario, proposal = engine_proposal(session, newest.proposal, for_people=True)
    content = school_workbook(scenario, proposal, newest.school.code)
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": "attachment; filename=hold.xlsx"},
    )
