"""Coordinator pages: the demand of the office's area (table and map), solve jobs with their
progress, proposals to review, download and publish to the schools."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from geo import load_places
from pooling.i18n import _
from pooling.workbooks import coordinator_workbook
from web.auth.access import access
from web.bridge import engine_proposal
from web.db import db_session
from web.jobs.queue import create_job, no_worker_running, reap_stale, request_cancel
from web.models import Course, DemandRequest, JobStatus, Proposal, Role
from web.scoping import jobs_query, own_job, own_proposal, proposals_query, requests_query

bp = Blueprint("coordinator", __name__, url_prefix="/koordinator")
COORDINATOR = Role.COORDINATOR


def _active_requests():
    """(course code, earliest start, learners, postcode) of the area's active requests."""
    query = (
        requests_query(current_user)
        .where(DemandRequest.withdrawn.is_(False))
        .with_only_columns(
            DemandRequest.course_code,
            DemandRequest.earliest_start,
            DemandRequest.learners,
            DemandRequest.postcode,
        )
    )
    return db_session().execute(query).all()


@bp.route("/", methods=["GET"])
@access(COORDINATOR)
def overview():
    requests = _active_requests()
    by_course: dict[str, Counter] = defaultdict(Counter)
    months: set[str] = set()
    for course_code, earliest_start, learners, _postcode in requests:
        month = earliest_start.strftime("%m-%Y")
        months.add(month)
        by_course[course_code][month] += learners
    codes = sorted(by_course)
    titles = dict(
        db_session()
        .execute(select(Course.course_code, Course.title).where(Course.course_code.in_(codes)))
        .all()
    )
    ordered_months = sorted(months, key=lambda m: (m[3:], m[:2]))
    rows = sorted(by_course.items(), key=lambda item: -sum(item[1].values()))
    jobs = db_session().scalars(jobs_query(current_user).order_by(_job_id_desc()).limit(5)).all()
    return render_template(
        "coordinator/overview.html",
        rows=rows,
        titles=titles,
        months=ordered_months,
        learners=sum(r[2] for r in requests),
        request_count=len(requests),
        jobs=jobs,
    )


def _job_id_desc():
    from web.models import SolveJob

    return SolveJob.id.desc()


GEOJSON = Path(__file__).resolve().parents[2] / "fixtures" / "reference" / "municipalities.geojson"


@bp.route("/kort/kommuner.geojson", methods=["GET"])
@access(COORDINATOR)
def municipalities():
    """The 98 municipalities' outlines (sources in fixtures/reference/SOURCES.md)."""
    response = Response(GEOJSON.read_bytes(), mimetype="application/geo+json")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@bp.route("/kort/behov.json", methods=["GET"])
@access(COORDINATOR)
def demand_by_municipality():
    places = load_places()
    learners: Counter = Counter()
    for _course, _start, count, postcode in _active_requests():
        m = places.municipality_of_postcode(postcode)
        if m is not None:
            learners[m.code] += count
    return jsonify({"learners_by_municipality": learners})


@bp.route("/koersler", methods=["GET", "POST"])
@access(COORDINATOR)
def jobs():
    session = db_session()
    if request.method == "POST":
        try:
            time_limit = min(600.0, max(1.0, float(request.form.get("time_limit_s", "30"))))
            seed = int(request.form.get("seed", "0") or 0)
        except ValueError:
            flash(_("Enter the time limit in seconds and the seed as a whole number."), "error")
            return redirect(url_for("coordinator.jobs"))
        method = "greedy" if request.form.get("method") == "greedy" else "cpsat"
        job = create_job(
            session,
            current_user.organisation_id,
            current_user.id,
            {
                "time_limit_s": time_limit,
                "seed": seed,
                "method": method,
                "workers": 1 if seed else 2,
            },
        )
        return redirect(url_for("coordinator.job", job_id=job.id))
    reap_stale(session, current_app.config["JOB_STALE_AFTER"])
    jobs = session.scalars(jobs_query(current_user).order_by(_job_id_desc()).limit(50)).all()
    return render_template("coordinator/jobs.html", jobs=jobs)


def _job_context(job):
    session = db_session()
    reap_stale(session, current_app.config["JOB_STALE_AFTER"])
    session.refresh(job)
    no_worker = no_worker_running(session, job)
    percent = int(100 * job.parts_done / job.parts_total) if job.parts_total else 0
    return {
        "job": job,
        "no_worker": no_worker,
        "percent": percent,
        "terminal": job.status in JobStatus.TERMINAL,
        "poll_seconds": poll_seconds(job),
    }


def poll_seconds(job) -> int:
    """How often the page asks for progress: every 2 s at first, less often as a run ages."""
    created = job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=UTC)
    age = (datetime.now(UTC) - created).total_seconds()
    return 2 if age < 60 else 5 if age < 300 else 10


@bp.route("/koersler/<int:job_id>", methods=["GET"])
@access(COORDINATOR)
def job(job_id: int):
    found = own_job(current_user, job_id)
    return render_template("coordinator/job.html", **_job_context(found))


@bp.route("/koersler/<int:job_id>/status", methods=["GET"])
@access(COORDINATOR)
def job_status(job_id: int):
    """The progress fragment the job page polls (htmx); 286 stops the polling when done."""
    found = own_job(current_user, job_id)
    context = _job_context(found)
    html = render_template("coordinator/_progress.html", **context)
    return html, 286 if context["terminal"] else 200


@bp.route("/koersler/<int:job_id>/annuller", methods=["POST"])
@access(COORDINATOR)
def cancel(job_id: int):
    found = own_job(current_user, job_id)
    request_cancel(db_session(), found)
    flash(_("The run is being stopped."), "info")
    return redirect(url_for("coordinator.job", job_id=found.id))


@bp.route("/forslag", methods=["GET"])
@access(COORDINATOR)
def proposals():
    rows = db_session().scalars(proposals_query(current_user).order_by(Proposal.id.desc())).all()
    return render_template("coordinator/proposals.html", proposals=rows)


@bp.route("/forslag/<int:proposal_id>", methods=["GET"])
@access(COORDINATOR)
def proposal(proposal_id: int):
    row = own_proposal(current_user, proposal_id)
    by_school = defaultdict(list)
    for c in row.cohorts:
        by_school[c.school].append(c)
    schools = sorted(by_school, key=lambda s: s.name)
    return render_template("coordinator/proposal.html", p=row, by_school=by_school, schools=schools)


@bp.route("/forslag/<int:proposal_id>/kort.json", methods=["GET"])
@access(COORDINATOR)
def proposal_map(proposal_id: int):
    row = own_proposal(current_user, proposal_id)
    places = load_places()
    schools = {}
    learners: Counter = Counter()
    for c in row.cohorts:
        s = c.school
        lat, lon = s.lat, s.lon
        if lat is None:
            pc = places.postcode(s.postcode)
            lat, lon = (pc.lat, pc.lon) if pc else (None, None)
        entry = schools.setdefault(
            s.id, {"name": s.name, "lat": lat, "lon": lon, "cohorts": 0, "learners": 0}
        )
        entry["cohorts"] += 1
        entry["learners"] += c.participants
        for m in c.members:
            mun = places.municipality_of_postcode(m.request.postcode)
            if mun is not None:
                learners[mun.code] += m.learners
    return jsonify({"schools": list(schools.values()), "learners_by_municipality": learners})


@bp.route("/forslag/<int:proposal_id>/forslag.json", methods=["GET"])
@access(COORDINATOR)
def download_json(proposal_id: int):
    row = own_proposal(current_user, proposal_id)
    body = json.dumps(row.document, ensure_ascii=False, indent=2)
    return _attachment(body.encode(), "application/json", f"forslag-{row.id}.json")


@bp.route("/forslag/<int:proposal_id>/forslag.csv", methods=["GET"])
@access(COORDINATOR)
def download_csv(proposal_id: int):
    row = own_proposal(current_user, proposal_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "hold",
            "skole",
            "amu_nr",
            "kursus",
            "startdato",
            "deltagere",
            "organisation",
            "reference",
            "kursister",
            "km",
        ]
    )
    for c in row.cohorts:
        for m in c.members:
            writer.writerow(
                [
                    c.cohort_key,
                    _text(c.school.name),
                    c.course_code,
                    _text(c.course.title),
                    c.start_date.strftime("%d-%m-%Y"),
                    c.participants,
                    _text(m.request.organisation.name),
                    _text(m.request.reference),
                    m.learners,
                    f"{m.travel_km:.1f}".replace(".", ","),
                ]
            )
    return _attachment(("\ufeff" + out.getvalue()).encode(), "text/csv", f"forslag-{row.id}.csv")


def _text(value: str) -> str:
    """Text a spreadsheet would run as a formula is written as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.route("/forslag/<int:proposal_id>/forslag.xlsx", methods=["GET"])
@access(COORDINATOR)
def download_xlsx(proposal_id: int):
    row = own_proposal(current_user, proposal_id)
    scenario, proposal = engine_proposal(db_session(), row, for_people=True)
    content = coordinator_workbook(scenario, proposal)
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _attachment(content, mimetype, f"forslag-{row.id}.xlsx")


def _attachment(content: bytes, mimetype: str, name: str) -> Response:
    return Response(
        content, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={name}"}
    )


@bp.route("/forslag/<int:proposal_id>/offentliggoer", methods=["POST"])
@access(COORDINATOR)
def publish(proposal_id: int):
    row = own_proposal(current_user, proposal_id)
    if row.published_at is None:
        row.published_at = datetime.now(UTC)
        row.published_by = current_user.id
        db_session().commit()
        flash(_("The proposal is published: the schools can now see their cohorts."), "success")
    return redirect(url_for("coordinator.proposal", proposal_id=row.id))
