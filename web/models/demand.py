"""Demand: the organisations' course requests, who changed what and when, and uploads."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.accounts import Organisation
from web.models.base import Base, utcnow
from web.models.catalogue import Course


class DemandRequest(Base):
    """A request for one course for `learners` people at a postcode, in a start window.

    `reference` is the organisation's own name for it (unique within the organisation); the
    engine knows it by the database id.
    """

    __tablename__ = "requests"
    __table_args__ = (UniqueConstraint("organisation_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    reference: Mapped[str] = mapped_column(String(60))
    course_code: Mapped[str] = mapped_column(ForeignKey("courses.course_code"), index=True)
    learners: Mapped[int]
    postcode: Mapped[str] = mapped_column(String(4))
    earliest_start: Mapped[date]
    latest_start: Mapped[date]
    max_travel_km: Mapped[float]
    max_travel_minutes: Mapped[float | None]
    keep_together: Mapped[bool] = mapped_column(default=False)
    priority: Mapped[int] = mapped_column(default=2)
    withdrawn: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()
    organisation: Mapped[Organisation] = relationship()
    changes: Mapped[list[RequestChange]] = relationship(
        back_populates="request", order_by="RequestChange.id"
    )


class RequestChange(Base):
    """One change of a request: who, when, what (`created`, `updated`, `withdrawn`, `imported`)."""

    __tablename__ = "request_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[DemandRequest] = relationship(back_populates="changes")


class Upload(Base):
    """An uploaded requests file waiting on its check page: its rows or its problems.

    Nothing becomes a request until the upload is confirmed, and then all rows at once.
    """

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default="checked")
    rows: Mapped[list] = mapped_column(JSON, default=list)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
