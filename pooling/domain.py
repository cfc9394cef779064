"""Domain types of a scenario (courses, schools, offers, requests) and of a proposal.

Plain frozen dataclasses with units in their names; no framework imports and no I/O.
Validation of user input lives in `pooling.validation`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class OrganisationKind(StrEnum):
    JOBCENTRE = "jobcentre"
    A_KASSE = "a-kasse"
    FIRM = "firm"


class Reason(StrEnum):
    """Why learners of a request could not be placed."""

    NO_OFFER = "NO_OFFER"
    NO_DATE_IN_WINDOW = "NO_DATE_IN_WINDOW"
    TOO_FAR = "TOO_FAR"
    TOO_FEW_PARTICIPANTS = "TOO_FEW_PARTICIPANTS"
    CAPACITY = "CAPACITY"
    NOT_CHOSEN = "NOT_CHOSEN"


@dataclass(frozen=True, slots=True, kw_only=True)
class Course:
    course_code: str
    title: str
    duration_days: float
    min_participants: int
    max_participants: int


@dataclass(frozen=True, slots=True, kw_only=True)
class School:
    school_id: str
    name: str
    postcode: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Offer:
    """A school can start a course on a date: up to `max_parallel` holds."""

    school_id: str
    course_code: str
    start_date: date
    min_participants: int | None = None
    max_participants: int | None = None
    max_parallel: int = 1
    price_dkk: int | None = None
    guaranteed: bool = False
    seats_taken: int = 0

    @property
    def offer_id(self) -> str:
        return f"{self.school_id}/{self.course_code}/{self.start_date.isoformat()}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """`learners` people living at `postcode` who want `course_code` in a start window."""

    request_id: str
    organisation_id: str
    organisation_kind: OrganisationKind
    course_code: str
    learners: int
    postcode: str
    earliest_start: date
    latest_start: date
    max_travel_km: float
    keep_together: bool = False
    priority: int = 2
    max_travel_minutes: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClosedDate:
    """A day a school starts no hold and teaches no course day (besides public holidays)."""

    school_id: str
    day: date


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    courses: tuple[Course, ...]
    schools: tuple[School, ...]
    offers: tuple[Offer, ...]
    requests: tuple[Request, ...]
    closed_dates: tuple[ClosedDate, ...] = ()
    course_by_code: dict[str, Course] = field(init=False, repr=False, compare=False)
    school_by_id: dict[str, School] = field(init=False, repr=False, compare=False)
    _closed: dict[str, frozenset[date]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "course_by_code", {c.course_code: c for c in self.courses})
        object.__setattr__(self, "school_by_id", {s.school_id: s for s in self.schools})
        closed: dict[str, set[date]] = {}
        for c in self.closed_dates:
            closed.setdefault(c.school_id, set()).add(c.day)
        object.__setattr__(self, "_closed", {k: frozenset(v) for k, v in closed.items()})

    def closed_at(self, school_id: str) -> frozenset[date]:
        """The school's own closed dates (public holidays are not listed here)."""
        return self._closed.get(school_id, frozenset())

    def offer_min(self, offer: Offer) -> int:
        """Minimum participants of a hold of `offer` (its own, else the course's)."""
        if offer.min_participants is not None:
            return offer.min_participants
        return self.course_by_code[offer.course_code].min_participants

    def offer_max(self, offer: Offer) -> int:
        """Maximum participants of a hold of `offer` (its own, else the course's)."""
        if offer.max_participants is not None:
            return offer.max_participants
        return self.course_by_code[offer.course_code].max_participants

    @property
    def learners_requested(self) -> int:
        return sum(r.learners for r in self.requests)


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    request_id: str
    learners: int
    travel_km: float
    travel_minutes: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Cohort:
    """An opened hold: an offer's `hold_number`-th hold and its roster."""

    cohort_id: str
    school_id: str
    course_code: str
    start_date: date
    hold_number: int
    participants: int
    seats_taken: int
    min_participants: int
    max_participants: int
    guaranteed: bool
    price_dkk: int
    members: tuple[Member, ...]
    # The last course day: the course's days counted on the school's working days.
    end_date: date | None = None


class FixKind(StrEnum):
    """A change a coordinator can ask for (see `pooling.fixes`)."""

    MORE_TRAVEL = "more_travel"  # the request's km and/or minutes limit raised
    WIDER_WINDOW = "wider_window"  # its earliest or latest start moved
    LARGER_HOLD = "larger_hold"  # an offer's maximum raised, never above the course's own
    SECOND_HOLD = "second_hold"  # an offer's max_parallel + 1
    EMPTY_SEATS = "empty_seats"  # seats paid for to reach the minimum (tompladsordning)
    GUARANTEE = "guarantee"  # an offer's first hold guaranteed to run
    MORE_LEARNERS = "more_learners"  # more learners found for one hold


@dataclass(frozen=True, slots=True, kw_only=True)
class Fix:
    """One change to the scenario, the hold it lets the request join, and whether it was checked.

    Only the fields of its kind are set: new travel limits (`max_travel_km`,
    `max_travel_minutes`), a new window (`earliest_start`, `latest_start`), or a change to the
    offer (`school_id`, `course_code`, `start_date`) of `new_value` (its new maximum or
    max_parallel, the seats paid for, or the learners to find). `price_dkk` is money the change
    costs where it has a price (seats, a hold); `rank_dkk` is what the ranking counted.
    `checked` is true when the engine re-solved the part with the change and placed every
    learner of the request; else `note` says why it was not checked.
    """

    kind: FixKind
    school_id: str | None = None
    course_code: str | None = None
    start_date: date | None = None
    max_travel_km: float | None = None
    max_travel_minutes: float | None = None
    travel_km: float | None = None
    travel_minutes: float | None = None
    earliest_start: date | None = None
    latest_start: date | None = None
    new_value: int | None = None
    old_value: int | None = None
    price_dkk: int = 0
    rank_dkk: int = 0
    checked: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Unplaced:
    request_id: str
    learners: int
    reason: Reason
    detail: str
    fix: str | None
    # The fix as data (for the web and the tests); `fix` is its text in words.
    fix_change: Fix | None = None
    # Where there is no fix, why not, in one sentence.
    no_fix_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    """Cohorts, unplaced request parts, and what the solve achieved and proved."""

    status: str
    method: str
    travel_model: str
    learners_requested: int
    learners_placed: int
    placed_value: int
    placed_bound: int
    cost_dkk: int
    cost_bound_dkk: int
    solve_seconds: float
    parts: int
    parts_optimal: int
    cohorts: tuple[Cohort, ...]
    unplaced: tuple[Unplaced, ...]
    settings: dict[str, object] = field(default_factory=dict)
    # At most this many learners could any plan place (None: not computed, as by greedy).
    learners_bound: int | None = None
    # The cost in parts: hold prices paid (guaranteed holds run anyway and are shown apart),
    # and the notional travel and waiting terms; cost_dkk = hold_prices_dkk + travel + waiting.
    hold_prices_dkk: int = 0
    guaranteed_prices_dkk: int = 0
    travel_cost_dkk: int = 0
    waiting_cost_dkk: int = 0
    waiting_days: int = 0
    # Learners "first come, first served" (the greedy baseline) places on the same scenario.
    greedy_learners_placed: int | None = None

    @property
    def total_travel_km(self) -> float:
        return sum(m.travel_km * m.learners for c in self.cohorts for m in c.members)

    @property
    def cost_gap(self) -> float:
        return 0.0 if self.cost_dkk <= 0 else (self.cost_dkk - self.cost_bound_dkk) / self.cost_dkk
