"""The worker: claims pending solve jobs and runs `pooling.propose()` for each.

Progress goes to the job row as parts finish; a heartbeat thread writes every few seconds
while a part is long; a cancel asked for on the page stops the job at the next progress
report. The proposal and its rows are stored in one transaction; a failed solve stores
nothing and never touches the demand. Run it with `flask --app web worker`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from pooling.service import ProposeOptions, propose
from web.bridge import scenario_for_area, store_proposal
from web.jobs.queue import claim_next, now, reap_stale
from web.models import JobStatus, Organisation, SolveJob

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 5.0


class JobCancelled(Exception):
    """The coordinator asked the job to stop."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def options_of(job: SolveJob) -> ProposeOptions:
    o = job.options or {}
    return ProposeOptions(
        method=o.get("method", "cpsat"),
        time_limit_s=float(o.get("time_limit_s", 30.0)),
        seed=int(o.get("seed", 0)),
        workers=int(o.get("workers", 2)),
        gap_limit=float(o.get("gap_limit", 0.0)),
        travel=o.get("travel", "road"),
    )


def run_job(sessions: sessionmaker, job_id: int) -> None:
    """Solve one claimed job and store its proposal, or record why not."""
    with sessions() as session:
        job = session.get(SolveJob, job_id)
        organisation = session.get(Organisation, job.organisation_id)
        scenario = scenario_for_area(session, organisation.amk or "")
        job.learners_requested = scenario.learners_requested
        session.commit()
        options = options_of(job)

    stop_beating = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(sessions, job_id, stop_beating), daemon=True)
    beat.start()
    try:
        with sessions() as progress_session:

            def report(progress) -> None:
                row = progress_session.get(SolveJob, job_id)
                progress_session.refresh(row)
                row.parts_done, row.parts_total = progress.parts_done, progress.parts_total
                row.learners_placed = progress.placed_learners
                row.placed_value, row.placed_bound = progress.placed_value, progress.placed_bound
                row.cost_dkk, row.cost_bound_dkk = progress.cost, progress.cost_bound
                row.heartbeat_at = now()
                cancel = row.cancel_requested
                progress_session.commit()
                if cancel:
                    raise JobCancelled

            proposal = propose(scenario, options, progress=report)
        with sessions() as session:
            job = session.get(SolveJob, job_id)
            stored = store_proposal(session, job, proposal)
            session.flush()
            job.proposal_id = stored.id
            job.status, job.finished_at = JobStatus.FINISHED, now()
            job.learners_placed = proposal.learners_placed
            job.placed_value, job.placed_bound = proposal.placed_value, proposal.placed_bound
            job.parts_done = job.parts_total = proposal.parts
            job.cost_dkk, job.cost_bound_dkk = proposal.cost_dkk, proposal.cost_bound_dkk
            session.commit()
    except JobCancelled:
        _end(sessions, job_id, JobStatus.CANCELLED, None)
    except Exception as error:  # a failed solve is recorded on the job, demand untouched
        log.exception("solve job %s failed", job_id)
        _end(sessions, job_id, JobStatus.ERROR, f"{type(error).__name__}: {error}"[:2000])
    finally:
        stop_beating.set()
        beat.join(timeout=HEARTBEAT_SECONDS * 2)


def _end(sessions: sessionmaker, job_id: int, status: str, error: str | None) -> None:
    with sessions() as session:
        job = session.get(SolveJob, job_id)
        job.status, job.finished_at, job.error = status, now(), error
        session.commit()


def _heartbeat(sessions: sessionmaker, job_id: int, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        with sessions() as session:
            job = session.get(SolveJob, job_id)
            if job is None or job.status != JobStatus.RUNNING:
                return
            job.heartbeat_at = now()
            session.commit()


def work(
    sessions: sessionmaker,
    stale_after: timedelta,
    once: bool = False,
    poll_seconds: float = 1.0,
) -> int:
    """Claim and run jobs until stopped (or, with `once`, until none is pending); jobs run."""
    name, done = worker_name(), 0
    while True:
        with sessions() as session:
            reap_stale(session, stale_after)
            job = claim_next(session, name)
            job_id = job.id if job else None
        if job_id is not None:
            run_job(sessions, job_id)
            done += 1
            continue
        if once:
            return done
        time.sleep(poll_seconds)


def session_factory(engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False, class_=Session)
