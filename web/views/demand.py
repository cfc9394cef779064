"""Demand pages for jobcentres, a-kasser and firms: their requests, a form to enter, edit or
withdraw one, and where each request is proposed to go or why not."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from pooling.cpr import looks_like_cpr
from pooling.i18n import _
from pooling.reading import Table
from pooling.workbooks import organisation_workbook
from web.auth.access import DEMAND, access
from web.bridge import engine_proposal
from web.db import db_session
from web.demand_checks import TEMPLATE_COLUMNS, check_requests, request_values
from web.demand_store import add_request, request_fields
from web.models import Course, DemandRequest, Proposal, RequestChange
from web.outcomes import latest_outcomes
from web.scoping import own_request, requests_query

bp = Blueprint("demand", __name__, url_prefix="/behov")
PAGE_SIZE = 100

FIELDS = TEMPLATE_COLUMNS
# What to do when a required field is left empty (the form's own words, not the file's).
EMPTY = {
    "request_id": "Enter your own reference for the request",
    "course_code": "Enter the AMU number or pick the course from the list",
    "learners": "Enter the number of learners",
    "postcode": "Enter the postcode where the learners live",
    "earliest_start": "Enter the earliest start date",
    "latest_start": "Enter the latest start date",
    "max_travel_km": "Enter the longest journey in km one way",
}
LABELS = {
    "request_id": "Your reference",
    "course_code": "AMU course (number or title)",
    "learners": "Learners",
    "postcode": "Postcode where the learners live",
    "earliest_start": "Earliest start",
    "latest_start": "Latest start",
    "max_travel_km": "Maximum travel, km one way",
    "max_travel_minutes": "Maximum travel, minutes one way (optional)",
    "keep_together": "Keep the learners together in one cohort",
    "priority": "Priority",
}


@bp.route("/", methods=["GET"])
@access(*DEMAND)
def index():
    session = db_session()
    query = requests_query(current_user)
    search = (request.args.get("q") or "").strip()[:100]
    if search:
        like = f"%{search}%"
        query = query.where(
            DemandRequest.reference.ilike(like)
            | DemandRequest.course_code.ilike(like)
            | DemandRequest.postcode.ilike(like)
        )
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, request.args.get("side", 1, type=int)), pages)
    requests = session.scalars(
        query.options(selectinload(DemandRequest.course))
        .order_by(DemandRequest.withdrawn, DemandRequest.earliest_start, DemandRequest.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    outcomes = latest_outcomes(session, [r.id for r in requests])
    return render_template(
        "demand/index.html",
        requests=requests,
        outcomes=outcomes,
        total=total,
        page=page,
        pages=pages,
        search=search,
    )


@bp.route("/forslag.xlsx", methods=["GET"])
@access(*DEMAND)
def workbook():
    """Where each of the organisation's requests goes in the newest published proposal that
    holds any of them, or why not and what would help."""
    session = db_session()
    ids = select(DemandRequest.id).where(
        DemandRequest.organisation_id == current_user.organisation_id
    )
    newest = max(
        (o.proposal_id for o in latest_outcomes(session, list(session.scalars(ids))).values()),
        default=None,
    )
    if newest is None:
        abort(404)
    scenario, proposal = engine_proposal(session, session.get(Proposal, newest), for_people=True)
    content = organisation_workbook(scenario, proposal, current_user.organisation.name)
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": "attachment; filename=behov-forslag.xlsx"},
    )


def _course_code_of(text: str) -> str:
    """'48586', 'AMU 48586' or '48586 <dash> Title' give '48586'; a title alone is looked up."""
    text = (text or "").strip()
    head = text.replace("\u2013", "-").split(" - ")[0].strip()
    if head.upper().startswith("AMU"):
        head = head[3:].strip()
    if head.isascii() and head.isdigit():
        return head
    match = db_session().scalars(select(Course.course_code).where(Course.title.ilike(text))).first()
    return match or text


def _form_values(source) -> dict[str, str]:
    values = {f: (source.get(f) or "").strip() for f in FIELDS}
    values["keep_together"] = "true" if source.get("keep_together") else "false"
    for f in ("earliest_start", "latest_start"):
        values[f] = _iso_date(values[f])
    if values["course_code"]:
        values["course_code"] = _course_code_of(values["course_code"])
    if not values["priority"]:
        values["priority"] = "2"
    return values


def _iso_date(text: str) -> str:
    """Dates from the form: yyyy-mm-dd (date picker) or dd-mm-yyyy (typed)."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def _courses() -> list[Course]:
    return db_session().scalars(select(Course).order_by(Course.course_code)).all()


def _render_form(values, errors, existing=None, status=200):
    return (
        render_template(
            "demand/form.html",
            values=values,
            errors=errors,
            labels=LABELS,
            existing=existing,
            courses=_courses(),
        ),
        status,
    )


def _check(values: dict[str, str], existing: DemandRequest | None):
    table = Table(
        _("the form"),
        tuple(FIELDS),
        (tuple(values[f] for f in FIELDS),),
    )
    org = current_user.organisation
    requests, problems = check_requests(db_session(), org, table, existing.id if existing else None)
    errors: dict[str, str] = {}
    for field, message in EMPTY.items():
        if not values[field]:
            errors[field] = _(message)
    for p in problems:
        errors.setdefault(p.column or "request_id", p.message)
    errors = {f: errors[f] for f in FIELDS if f in errors}  # in the order of the form
    for field in FIELDS:
        if looks_like_cpr(values[field]):
            values[field] = ""  # a CPR number is never shown back
    return (requests[0] if requests else None), errors


@bp.route("/ny", methods=["GET", "POST"])
@access(*DEMAND)
def new():
    if request.method == "GET":
        today = date.today()
        values = {f: "" for f in FIELDS}
        values.update(
            priority="2", keep_together="true" if current_user.role == "firm" else "false"
        )
        values["earliest_start"] = today.isoformat()
        return _render_form(values, {})
    values = _form_values(request.form)
    checked, errors = _check(values, None)
    if errors:
        return _render_form(values, errors, status=400)
    session = db_session()
    row = add_request(
        session, current_user.organisation_id, checked, user_id=current_user.id, action="created"
    )
    session.commit()
    flash(_("Request {reference} is saved.").format(reference=row.reference), "success")
    return redirect(url_for("demand.detail", request_id=row.id))


@bp.route("/<int:request_id>", methods=["GET"])
@access(*DEMAND)
def detail(request_id: int):
    row = own_request(current_user, request_id)
    outcome = latest_outcomes(db_session(), [row.id]).get(row.id)
    return render_template("demand/detail.html", r=row, outcome=outcome)


@bp.route("/<int:request_id>/ret", methods=["GET", "POST"])
@access(*DEMAND)
def edit(request_id: int):
    row = own_request(current_user, request_id)
    if row.withdrawn:
        flash(_("A withdrawn request cannot be changed."), "info")
        return redirect(url_for("demand.detail", request_id=row.id))
    if request.method == "GET":
        return _render_form(request_values(row), {}, existing=row)
    values = _form_values(request.form)
    checked, errors = _check(values, row)
    if errors:
        return _render_form(values, errors, existing=row, status=400)
    before = request_values(row)
    for key, value in request_fields(checked).items():
        setattr(row, key, value)
    after = request_values(row)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    row.updated_at = datetime.now(UTC)
    session = db_session()
    session.add(
        RequestChange(request_id=row.id, user_id=current_user.id, action="updated", changes=changed)
    )
    session.commit()
    flash(_("Request {reference} is updated.").format(reference=row.reference), "success")
    return redirect(url_for("demand.detail", request_id=row.id))


@bp.route("/<int:request_id>/traek-tilbage", methods=["POST"])
@access(*DEMAND)
def withdraw(request_id: int):
    row = own_request(current_user, request_id)
    if not row.withdrawn:
        row.withdrawn = True
        row.updated_at = datetime.now(UTC)
        session = db_session()
        session.add(
            RequestChange(
                request_id=row.id, user_id=current_user.id, action="withdrawn", changes={}
            )
        )
        session.commit()
        flash(_("Request {reference} is withdrawn.").format(reference=row.reference), "success")
    return redirect(url_for("demand.index"))
