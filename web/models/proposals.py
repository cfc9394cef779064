"""Solve jobs, the proposals they make, their cohorts, members and unplaced requests, and
the schools' decisions on cohorts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.base import Base, utcnow
from web.models.catalogue import Course, School
from web.models.demand import DemandRequest


class JobStatus:
    PENDING = "pending"
    RUNNING = "running"
    FINISHED = "finished"
    ERROR = "error"
    CANCELLED = "cancelled"
    TERMINAL = frozenset({"finished", "error", "cancelled"})


class SolveJob(Base):
    """A coordinator's request for a proposal; a worker claims it and reports progress."""

    __tablename__ = "solve_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.PENDING, index=True)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    worker: Mapped[str | None] = mapped_column(String(100))
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    parts_done: Mapped[int] = mapped_column(default=0)
    parts_total: Mapped[int] = mapped_column(default=0)
    learners_requested: Mapped[int] = mapped_column(default=0)
    learners_placed: Mapped[int] = mapped_column(default=0)
    placed_value: Mapped[int] = mapped_column(default=0)
    placed_bound: Mapped[int] = mapped_column(default=0)
    cost_dkk: Mapped[int] = mapped_column(default=0, server_default="0")
    cost_bound_dkk: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))


class Proposal(Base):
    """A verified proposal with its settings, seed, status, bounds and gap."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20))
    travel_model: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int] = mapped_column(default=0)
    time_limit_s: Mapped[float] = mapped_column(default=30.0)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    learners_requested: Mapped[int]
    learners_placed: Mapped[int]
    placed_value: Mapped[int]
    placed_bound: Mapped[int]
    # At most this many learners could any plan place (None when no bound was computed).
    learners_bound: Mapped[int | None]
    cost_dkk: Mapped[int]
    cost_bound_dkk: Mapped[int]
    # The cost in parts: hold prices paid, guaranteed holds' prices (they run anyway), and the
    # notional travel and waiting terms; cost_dkk = hold prices + travel + waiting.
    hold_prices_dkk: Mapped[int] = mapped_column(default=0, server_default="0")
    guaranteed_prices_dkk: Mapped[int] = mapped_column(default=0, server_default="0")
    travel_cost_dkk: Mapped[int] = mapped_column(default=0, server_default="0")
    waiting_cost_dkk: Mapped[int] = mapped_column(default=0, server_default="0")
    waiting_days: Mapped[int] = mapped_column(default=0, server_default="0")
    # Learners first come, first served would place on the same demand.
    greedy_learners_placed: Mapped[int | None]
    gap: Mapped[float]
    solve_seconds: Mapped[float]
    parts: Mapped[int]
    parts_optimal: Mapped[int]

    @property
    def more_learners(self) -> int | None:
        """How many more learners any plan could place at most (None: not computed)."""
        if self.learners_bound is None:
            return None
        return max(0, self.learners_bound - self.learners_placed)

    # The proposal as `proposal.json` writes it, for downloads that match the CLI's.
    document: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime | None]
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    cohorts: Mapped[list[Cohort]] = relationship(
        back_populates="proposal", order_by="Cohort.start_date, Cohort.id"
    )
    unplaced: Mapped[list[UnplacedRequest]] = relationship(
        back_populates="proposal", order_by="UnplacedRequest.id"
    )


class Cohort(Base):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    cohort_key: Mapped[str] = mapped_column(String(200))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    course_code: Mapped[str] = mapped_column(ForeignKey("courses.course_code"))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    hold_number: Mapped[int]
    participants: Mapped[int]
    seats_taken: Mapped[int]
    min_participants: Mapped[int]
    max_participants: Mapped[int]
    guaranteed: Mapped[bool]
    price_dkk: Mapped[int]

    proposal: Mapped[Proposal] = relationship(back_populates="cohorts")
    school: Mapped[School] = relationship()
    course: Mapped[Course] = relationship()
    members: Mapped[list[CohortMember]] = relationship(
        back_populates="cohort", order_by="CohortMember.id"
    )
    decision: Mapped[SchoolDecision | None] = relationship(back_populates="cohort")


class CohortMember(Base):
    __tablename__ = "cohort_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    learners: Mapped[int]
    travel_km: Mapped[float]
    travel_minutes: Mapped[float]

    cohort: Mapped[Cohort] = relationship(back_populates="members")
    request: Mapped[DemandRequest] = relationship()


class UnplacedRequest(Base):
    __tablename__ = "unplaced_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    learners: Mapped[int]
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    fix: Mapped[str | None] = mapped_column(Text)
    no_fix_reason: Mapped[str | None] = mapped_column(Text)

    proposal: Mapped[Proposal] = relationship(back_populates="unplaced")
    request: Mapped[DemandRequest] = relationship()


class SchoolDecision(Base):
    """A school's answer to a published cohort: accepted or declined, with a reason."""

    __tablename__ = "school_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="decision")
