"""The coordinator's API for demand and runs: the demand of the office's area, solve jobs to
create, follow and cancel. A job is a row the worker claims (`web.jobs.queue`); nothing is
solved in a request. Ids go through `web.scoping`: another office's job answers 404.
"""

from __future__ import annotations

from collections import Counter

from flask import current_app
from flask_login import current_user
from marshmallow import Schema, fields, validate

from geo import load_places
from web.api.blueprint import ApiBlueprint
from web.api.schemas import UtcDateTime
from web.db import db_session
from web.jobs.queue import create_job, no_worker_running, reap_stale, request_cancel
from web.models import DemandRequest, JobStatus, Role, SolveJob
from web.scoping import jobs_query, own_job, requests_query

bp = ApiBlueprint(
    "jobs",
    __name__,
    tag="Coordinator: demand and runs",
    description="The demand of the coordinator's area, and solve jobs that make proposals.",
)
COORDINATOR = Role.COORDINATOR


class DemandRowSchema(Schema):
    course_code = fields.String(required=True)
    course_title = fields.String(required=True)
    month = fields.String(required=True, metadata={"description": "Start month, YYYY-MM"})
    requests = fields.Integer(required=True)
    learners = fields.Integer(required=True)


class MunicipalityDemandSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    learners = fields.Integer(required=True)


class DemandSchema(Schema):
    requests = fields.Integer(required=True, metadata={"description": "Active requests"})
    learners = fields.Integer(required=True)
    by_course_and_month = fields.List(fields.Nested(DemandRowSchema), required=True)
    by_municipality = fields.List(fields.Nested(MunicipalityDemandSchema), required=True)


class JobInSchema(Schema):
    time_limit_s = fields.Float(
        load_default=30.0,
        validate=validate.Range(min=1, max=600),
        metadata={"description": "Seconds the solver may use", "example": 30},
    )
    seed = fields.Integer(
        load_default=0,
        strict=True,
        validate=validate.Range(0, 2**31 - 1),
        metadata={"description": "Same seed, same proposal (one worker)", "example": 1},
    )
    method = fields.String(
        load_default="cpsat",
        validate=validate.OneOf(["cpsat", "greedy"]),
        metadata={"example": "greedy"},
    )


class JobSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(
        required=True,
        metadata={"enum": ["pending", "running", "finished", "error", "cancelled"]},
    )
    options = fields.Dict(required=True)
    created_at = UtcDateTime(required=True)
    started_at = UtcDateTime(allow_none=True, required=True)
    heartbeat_at = UtcDateTime(allow_none=True, required=True)
    finished_at = UtcDateTime(allow_none=True, required=True)
    cancel_requested = fields.Boolean(required=True)
    parts_done = fields.Integer(required=True)
    parts_total = fields.Integer(required=True)
    percent = fields.Integer(required=True)
    learners_requested = fields.Integer(required=True)
    learners_placed = fields.Integer(required=True)
    placed_value = fields.Integer(required=True)
    placed_bound = fields.Integer(required=True)
    error = fields.String(allow_none=True, required=True)
    proposal_id = fields.Integer(allow_none=True, required=True)
    no_worker = fields.Boolean(
        required=True,
        metadata={"description": "True when the job waits and no worker has been seen"},
    )
    terminal = fields.Boolean(
        required=True, metadata={"description": "Finished, error or cancelled"}
    )


def _active_requests() -> list[DemandRequest]:
    return (
        db_session()
        .scalars(requests_query(current_user).where(DemandRequest.withdrawn.is_(False)))
        .all()
    )


@bp.route("/demand", methods=["GET"])
@bp.access(COORDINATOR)
@bp.response(200, DemandSchema)
def area_demand():
    """Active demand in your area: by course and start month, and by municipality."""
    requests = _active_requests()
    cells: Counter = Counter()
    counts: Counter = Counter()
    titles: dict[str, str] = {}
    places = load_places()
    municipalities: Counter = Counter()
    names: dict[str, str] = {}
    for r in requests:
        key = (r.course_code, r.earliest_start.strftime("%Y-%m"))
        cells[key] += r.learners
        counts[key] += 1
        titles[r.course_code] = r.course.title
        m = places.municipality_of_postcode(r.postcode)
        if m is not None:
            municipalities[m.code] += r.learners
            names[m.code] = m.name
    return {
        "requests": len(requests),
        "learners": sum(r.learners for r in requests),
        "by_course_and_month": [
            {
                "course_code": code,
                "course_title": titles[code],
                "month": month,
                "requests": counts[(code, month)],
                "learners": learners,
            }
            for (code, month), learners in sorted(cells.items())
        ],
        "by_municipality": [
            {"code": code, "name": names[code], "learners": learners}
            for code, learners in sorted(municipalities.items())
        ],
    }


def _job(job: SolveJob) -> dict:
    """A job with what its page shows: percent done, whether it has ended, whether a worker
    seems to be running."""
    session = db_session()
    no_worker = no_worker_running(session, job)
    extra = ("percent", "no_worker", "terminal")
    values = {name: getattr(job, name) for name in JobSchema().fields if name not in extra}
    values["percent"] = int(100 * job.parts_done / job.parts_total) if job.parts_total else 0
    values["no_worker"] = no_worker
    values["terminal"] = job.status in JobStatus.TERMINAL
    return values


@bp.route("/jobs", methods=["GET"])
@bp.access(COORDINATOR)
@bp.response(200, JobSchema(many=True))
def list_jobs():
    """Your office's latest 50 runs, newest first."""
    session = db_session()
    reap_stale(session, current_app.config["JOB_STALE_AFTER"])
    jobs = session.scalars(jobs_query(current_user).order_by(SolveJob.id.desc()).limit(50)).all()
    return [_job(j) for j in jobs]


@bp.route("/jobs", methods=["POST"])
@bp.access(COORDINATOR)
@bp.arguments(JobInSchema)
@bp.response(202, JobSchema)
def create_solve_job(data: dict):
    """Ask for a proposal for your area; a worker runs it. Follow it with GET /api/jobs/{id}."""
    job = create_job(
        db_session(),
        current_user.organisation_id,
        current_user.id,
        {
            "time_limit_s": data["time_limit_s"],
            "seed": data["seed"],
            "method": data["method"],
            "workers": 1 if data["seed"] else 2,
        },
    )
    return _job(job)


@bp.route("/jobs/<int:job_id>", methods=["GET"])
@bp.access(COORDINATOR, by_id=True)
@bp.response(200, JobSchema)
def get_job(job_id: int):
    """A run's progress: parts done, learners placed, bound; poll every 2 s or slower and
    stop when `terminal` is true."""
    job = own_job(current_user, job_id)
    session = db_session()
    reap_stale(session, current_app.config["JOB_STALE_AFTER"])
    session.refresh(job)
    return _job(job)


@bp.route("/jobs/<int:job_id>/cancel", methods=["POST"])
@bp.access(COORDINATOR, by_id=True)
@bp.response(200, JobSchema)
def cancel_job(job_id: int):
    """Stop a run: a waiting one at once, a running one at its next progress report."""
    job = own_job(current_user, job_id)
    request_cancel(db_session(), job)
    return _job(job)
