"""The solve-job queue in the database: `pending → running → finished | error | cancelled`.

A job row is committed before any worker can see it; a worker claims only a pending row (one
transaction, `FOR UPDATE SKIP LOCKED` on PostgreSQL, the write lock on SQLite); a running job
reports a heartbeat, and one whose worker has gone quiet for too long is marked stopped by
`reap_stale`. Nothing here solves.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import JobStatus, SolveJob

STOPPED_MESSAGE = "The worker stopped without finishing the job."


def now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite gives back naive datetimes; everything is stored in UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def create_job(session: Session, organisation_id: int, user_id: int, options: dict) -> SolveJob:
    job = SolveJob(
        organisation_id=organisation_id,
        created_by=user_id,
        status=JobStatus.PENDING,
        options=options,
        created_at=now(),
    )
    session.add(job)
    session.commit()
    return job


def claim_next(session: Session, worker: str) -> SolveJob | None:
    """Claim the oldest pending job for `worker`, or None."""
    job = session.scalar(
        select(SolveJob)
        .where(SolveJob.status == JobStatus.PENDING)
        .order_by(SolveJob.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if job is None:
        session.rollback()
        return None
    if job.cancel_requested:
        job.status, job.finished_at = JobStatus.CANCELLED, now()
        session.commit()
        return None
    job.status = JobStatus.RUNNING
    job.worker = worker
    job.started_at = job.heartbeat_at = now()
    session.commit()
    return job


def request_cancel(session: Session, job: SolveJob) -> None:
    """Ask for `job` to stop; a pending job is cancelled at once."""
    if job.status in JobStatus.TERMINAL:
        return
    job.cancel_requested = True
    if job.status == JobStatus.PENDING:
        job.status, job.finished_at = JobStatus.CANCELLED, now()
    session.commit()


def reap_stale(session: Session, stale_after: timedelta) -> int:
    """Mark running jobs without a heartbeat for `stale_after` as stopped; how many."""
    limit = now() - stale_after
    running = session.scalars(select(SolveJob).where(SolveJob.status == JobStatus.RUNNING)).all()
    count = 0
    for job in running:
        beat = _aware(job.heartbeat_at) or _aware(job.started_at)
        if beat is None or beat < limit:
            job.status, job.finished_at, job.error = JobStatus.ERROR, now(), STOPPED_MESSAGE
            count += 1
    session.commit()
    return count


def pending_age(session: Session) -> timedelta | None:
    """How long the oldest pending job has waited, or None."""
    oldest = session.scalar(
        select(SolveJob.created_at)
        .where(SolveJob.status == JobStatus.PENDING)
        .order_by(SolveJob.id)
        .limit(1)
    )
    return None if oldest is None else now() - _aware(oldest)


def last_worker_beat(session: Session) -> datetime | None:
    return _aware(
        session.scalar(
            select(SolveJob.heartbeat_at).order_by(SolveJob.heartbeat_at.desc()).limit(1)
        )
    )


def no_worker_running(session: Session, job: SolveJob) -> bool:
    """A job has waited over 10 s and no worker has reported for 30 s: say how to start one."""
    if job.status != JobStatus.PENDING:
        return False
    waiting = pending_age(session)
    beat = last_worker_beat(session)
    return (
        waiting is not None
        and waiting.total_seconds() > 10
        and (beat is None or (now() - beat).total_seconds() > 30)
    )
