"""Tests of solve jobs: queue, worker, progress, cancel, stale jobs, failures and the
proposal the worker stores (the same as the command line's for the same seed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from pooling.export import proposal_to_dict
from pooling.service import ProposeOptions, propose
from web.bridge import scenario_for_area
from web.jobs import worker as worker_module
from web.jobs.queue import STOPPED_MESSAGE, claim_next, create_job, reap_stale, request_cancel
from web.jobs.worker import work
from web.models import (
    Cohort,
    DemandRequest,
    JobStatus,
    Proposal,
    SolveJob,
    UnplacedRequest,
    User,
)

OPTIONS = {"time_limit_s": 10, "seed": 3, "workers": 1}


def _coordinator(session) -> User:
    return session.scalar(select(User).where(User.email == "coordinator@demo.example"))


def _queue(sessions, options=OPTIONS) -> int:
    with sessions() as session:
        user = _coordinator(session)
        return create_job(session, user.organisation_id, user.id, dict(options)).id


def test_worker_stores_the_same_proposal_as_the_engine(app, sample, sessions):
    """Tests that a job's stored proposal equals propose() on the same scenario and seed."""
    job_id = _queue(sessions)
    assert work(sessions, app.config["JOB_STALE_AFTER"], once=True) == 1
    with sessions() as session:
        job = session.get(SolveJob, job_id)
        assert job.status == JobStatus.FINISHED, job.error
        stored = session.get(Proposal, job.proposal_id)
        scenario = scenario_for_area(session, "AMK Midt-Nord")
    direct = proposal_to_dict(propose(scenario, ProposeOptions(time_limit_s=10, seed=3, workers=1)))
    for key in ("learners_requested", "learners_placed", "objective", "cohorts", "placed_value"):
        assert stored.document["summary"][key] == direct["summary"][key], key
    assert stored.document["cohorts"] == direct["cohorts"]
    assert stored.document["unplaced"] == direct["unplaced"]
    assert stored.learners_placed == direct["summary"]["learners_placed"] == 94
    assert job.parts_done == job.parts_total == stored.parts
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Cohort)) == len(direct["cohorts"])
        assert session.scalar(select(func.count()).select_from(UnplacedRequest)) == len(
            direct["unplaced"]
        )


def test_only_pending_jobs_are_claimed_once(app, sample, sessions):
    """Tests that a claimed job is not claimed again and a second claim finds nothing."""
    _queue(sessions)
    with sessions() as session:
        first = claim_next(session, "w1")
        assert first is not None and first.status == JobStatus.RUNNING
    with sessions() as session:
        assert claim_next(session, "w2") is None


def test_cancel_a_pending_job(app, sample, sessions):
    """Tests that a pending job cancelled is never run."""
    job_id = _queue(sessions)
    with sessions() as session:
        request_cancel(session, session.get(SolveJob, job_id))
    assert work(sessions, app.config["JOB_STALE_AFTER"], once=True) == 0
    with sessions() as session:
        assert session.get(SolveJob, job_id).status == JobStatus.CANCELLED


def test_cancel_a_running_job(app, sample, sessions, monkeypatch):
    """Tests that a cancel asked for while solving stops the job and stores no proposal."""
    job_id = _queue(sessions)
    real = worker_module.propose

    def propose_then_cancel(scenario, options, progress=None):
        with sessions() as session:
            session.get(SolveJob, job_id).cancel_requested = True
            session.commit()
        return real(scenario, options, progress=progress)

    monkeypatch.setattr(worker_module, "propose", propose_then_cancel)
    work(sessions, app.config["JOB_STALE_AFTER"], once=True)
    with sessions() as session:
        job = session.get(SolveJob, job_id)
        assert job.status == JobStatus.CANCELLED and job.proposal_id is None
        assert session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_a_failed_solve_leaves_demand_untouched(app, sample, sessions, monkeypatch):
    """Tests that an error in the solve is recorded on the job and changes no request."""
    with sessions() as session:
        before = [(r.id, r.learners, r.withdrawn) for r in session.scalars(select(DemandRequest))]
    job_id = _queue(sessions)

    def broken(*args, **kwargs):
        raise RuntimeError("the solver crashed")

    monkeypatch.setattr(worker_module, "propose", broken)
    work(sessions, app.config["JOB_STALE_AFTER"], once=True)
    with sessions() as session:
        job = session.get(SolveJob, job_id)
        assert job.status == JobStatus.ERROR and "the solver crashed" in job.error
        after = [(r.id, r.learners, r.withdrawn) for r in session.scalars(select(DemandRequest))]
        assert after == before
        assert session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_stale_running_job_is_marked_stopped(app, sample, sessions):
    """Tests that a running job without a heartbeat for too long is marked as stopped."""
    job_id = _queue(sessions)
    with sessions() as session:
        job = claim_next(session, "gone")
        job.heartbeat_at = datetime.now(UTC) - timedelta(minutes=10)
        session.commit()
        assert reap_stale(session, timedelta(minutes=2)) == 1
        job = session.get(SolveJob, job_id)
        assert job.status == JobStatus.ERROR and job.error == STOPPED_MESSAGE


def test_progress_page_through_the_run(app, sample, sessions, signed_in):
    """Tests the coordinator's run: queued page, polling fragment, finished, proposal, publish."""
    client = signed_in("coordinator")
    response = client.post("/koordinator/koersler", data={"time_limit_s": "10", "seed": "3"})
    assert response.status_code == 302
    job_path = response.headers["Location"]
    page = client.get(job_path).get_data(as_text=True)
    assert 'hx-get="' in page and 'http-equiv="refresh"' in page
    work(sessions, app.config["JOB_STALE_AFTER"], once=True)
    fragment = client.get(job_path + "/status")
    assert fragment.status_code == 286  # htmx stops polling at a terminal status
    page = client.get(job_path).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page
    with sessions() as session:
        proposal_id = session.scalar(select(Proposal.id))
    assert f"/koordinator/forslag/{proposal_id}" in page
    review = client.get(f"/koordinator/forslag/{proposal_id}").get_data(as_text=True)
    assert "94" in review and "Aarhus Tech" in review
    assert client.post(f"/koordinator/forslag/{proposal_id}/offentliggoer").status_code == 302
    with sessions() as session:
        assert session.get(Proposal, proposal_id).published_at is not None


def test_no_worker_is_said(app, sample, sessions, signed_in):
    """Tests that a job waiting with no worker alive says how to start one."""
    job_id = _queue(sessions)
    with sessions() as session:
        session.get(SolveJob, job_id).created_at = datetime.now(UTC) - timedelta(minutes=1)
        session.commit()
    page = signed_in("coordinator").get(f"/koordinator/koersler/{job_id}").get_data(as_text=True)
    assert "flask --app web worker" in page


def test_polling_slows_down_as_a_run_ages(app, sample, sessions, signed_in):
    """Tests that the progress page polls every 2 s at first and every 10 s for an old run."""
    job_id = _queue(sessions)
    client = signed_in("coordinator")
    assert 'hx-trigger="every 2s"' in client.get(f"/koordinator/koersler/{job_id}").get_data(
        as_text=True
    )
    with sessions() as session:
        session.get(SolveJob, job_id).created_at = datetime.now(UTC) - timedelta(minutes=10)
        session.commit()
    page = client.get(f"/koordinator/koersler/{job_id}").get_data(as_text=True)
    assert 'hx-trigger="every 10s"' in page and 'content="10"' in page
