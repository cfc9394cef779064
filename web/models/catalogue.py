"""What schools offer: courses, schools (each may have its organisation) and offers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.models.base import Base


class Course(Base):
    __tablename__ = "courses"

    course_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    duration_days: Mapped[float]
    min_participants: Mapped[int]
    max_participants: Mapped[int]


class School(Base):
    """A school site; `code` is the `school_id` of the files."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(4))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)


class Offer(Base):
    __tablename__ = "offers"
    __table_args__ = (UniqueConstraint("school_id", "course_code", "start_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    course_code: Mapped[str] = mapped_column(ForeignKey("courses.course_code"), index=True)
    start_date: Mapped[date]
    min_participants: Mapped[int | None]
    max_participants: Mapped[int | None]
    max_parallel: Mapped[int] = mapped_column(default=1)
    price_dkk: Mapped[int | None]
    guaranteed: Mapped[bool] = mapped_column(default=False)
    seats_taken: Mapped[int] = mapped_column(default=0)

    school: Mapped[School] = relationship()
    course: Mapped[Course] = relationship()
