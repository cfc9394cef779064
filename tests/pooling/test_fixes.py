"""Tests that every fix shown is checked, realistic, and places its request when applied.

Each fix is applied to the scenario's records as a coordinator would type it, and the
scenario (or, for a region, the fix's course alone: parts never cross courses) is solved
again from the records with the engine; the request must then be placed in full. Run on the
shipped sample, on small generated scenarios, and on one region-size scenario (slow).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from pooling.domain import Fix, FixKind, Proposal, Reason
from pooling.generate import generate_tables
from pooling.reading import read_tables, tables_from_records
from pooling.service import ProposeOptions, propose
from pooling.settings import Settings
from pooling.validation import validate_tables

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "ostjylland-2027q1"
OPTIONS = ProposeOptions(time_limit_s=30, workers=1)
SEEDS = (3, 5)

Records = dict[str, list[dict[str, str]]]


def sample_records() -> Records:
    return {
        name: [dict(zip(table.header, row, strict=False)) for row in table.rows]
        for name, table in read_tables(SAMPLE).items()
    }


_GENERATED: dict[tuple[str, int], Records] = {}


def generated(size: str, seed: int) -> Records:
    if (size, seed) not in _GENERATED:
        _GENERATED[size, seed] = generate_tables(size, seed)
    return copy.deepcopy(_GENERATED[size, seed])


def solve(recs: Records, options: ProposeOptions = OPTIONS) -> Proposal:
    return propose(validate_tables(tables_from_records(recs)), options)


def apply_fix(recs: Records, request_id: str, fix: Fix) -> None:
    """Change the records as the fix says (one change)."""
    request = next(r for r in recs["requests"] if r["request_id"] == request_id)
    if fix.kind is FixKind.MORE_TRAVEL:
        request["max_travel_km"] = f"{fix.max_travel_km:g}"
        if fix.max_travel_minutes is not None:
            request["max_travel_minutes"] = f"{fix.max_travel_minutes:g}"
        return
    if fix.kind is FixKind.WIDER_WINDOW:
        request["earliest_start"] = fix.earliest_start.isoformat()
        request["latest_start"] = fix.latest_start.isoformat()
        return
    offer = next(
        o
        for o in recs["offers"]
        if o["school_id"] == fix.school_id
        and o["course_code"] == fix.course_code
        and o["start_date"] == fix.start_date.isoformat()
    )
    if fix.kind is FixKind.LARGER_HOLD:
        offer["max_participants"] = str(fix.new_value)
    elif fix.kind is FixKind.SECOND_HOLD:
        offer["max_parallel"] = str(fix.new_value)
    elif fix.kind is FixKind.EMPTY_SEATS:
        # Seats paid for are seats taken: they count towards the minimum and fill the hold.
        offer["seats_taken"] = str(int(offer.get("seats_taken") or 0) + fix.new_value)
    elif fix.kind is FixKind.GUARANTEE:
        offer["guaranteed"] = "true"
    else:
        school = next(s for s in recs["schools"] if s["school_id"] == fix.school_id)
        # Learners for that hold only: living at the school, wanting exactly that start.
        recs["requests"].append(
            {
                **request,
                "request_id": "added",
                "learners": str(fix.new_value),
                "postcode": school["postcode"],
                "earliest_start": fix.start_date.isoformat(),
                "latest_start": fix.start_date.isoformat(),
                "max_travel_km": "0.1",
                "max_travel_minutes": "",
                "organisation_kind": "jobcentre",
                "keep_together": "false",
            }
        )


def only_course(recs: Records, course_code: str) -> Records:
    """The records of one course: a part never links two courses."""
    return {
        "courses": [c for c in recs["courses"] if c["course_code"] == course_code],
        "schools": recs["schools"],
        "offers": [o for o in recs["offers"] if o["course_code"] == course_code],
        "requests": [r for r in recs["requests"] if r["course_code"] == course_code],
    }


def assert_fixes_are_sound(proposal: Proposal, recs: Records) -> None:
    """Every fix checked and within the course's maximum; every other item says why."""
    courses = {c["course_code"]: int(c["max_participants"]) for c in recs["courses"]}
    for item in proposal.unplaced:
        if item.fix is None:
            assert item.no_fix_reason, item
            continue
        fix = item.fix_change
        assert fix is not None and fix.checked, item
        if fix.kind is FixKind.LARGER_HOLD:
            assert fix.new_value <= courses[fix.course_code], item


def assert_fixes_place(recs: Records, proposal: Proposal, per_kind: int, by_course: bool) -> int:
    """Applies up to `per_kind` fixes of each kind and re-solves; returns how many."""
    taken: dict[FixKind, int] = {}
    applied = 0
    for item in proposal.unplaced:
        fix = item.fix_change
        if fix is None or taken.get(fix.kind, 0) >= per_kind:
            continue
        taken[fix.kind] = taken.get(fix.kind, 0) + 1
        changed = copy.deepcopy(recs)
        apply_fix(changed, item.request_id, fix)
        if by_course:
            changed = only_course(changed, fix.course_code)
        after = solve(changed)
        left = {u.request_id: u.learners for u in after.unplaced}
        assert item.request_id not in left, (item.request_id, item.fix, left)
        applied += 1
    return applied


def test_every_sample_fix_is_checked_and_places_its_request():
    """Tests that each fix of the sample is checked and, applied alone, places its request."""
    recs = sample_records()
    proposal = solve(recs)
    assert_fixes_are_sound(proposal, recs)
    assert assert_fixes_place(recs, proposal, per_kind=99, by_course=False) >= 2


@pytest.mark.parametrize("seed", SEEDS)
def test_fixes_place_their_requests_in_generated_scenarios(seed):
    """Tests that every fix of a small generated scenario places its request in full."""
    recs = generated("small", seed)
    proposal = solve(recs)
    assert_fixes_are_sound(proposal, recs)
    assert assert_fixes_place(recs, proposal, per_kind=99, by_course=True) >= 4


@pytest.mark.slow
def test_region_fixes_are_checked_and_place_their_requests():
    """Tests a region-size scenario: every fix checked, two of each kind applied and re-solved."""
    recs = generated("region", 3)
    # Checking every fix of a region takes about a minute on two busy cores: allow it.
    options = ProposeOptions(time_limit_s=20, workers=1, settings=Settings(fix_check_seconds=300))
    proposal = solve(recs, options)
    assert_fixes_are_sound(proposal, recs)
    assert assert_fixes_place(recs, proposal, per_kind=2, by_course=True) >= 4
    r750 = next(u for u in proposal.unplaced if u.request_id == "r00750")
    assert r750.reason is Reason.TOO_FAR
    assert r750.fix_change.kind is FixKind.MORE_TRAVEL
    assert r750.fix_change.max_travel_km <= 35 + Settings().fix_max_extra_km


def test_a_fix_that_fits_beside_the_proposal_is_checked_without_a_search(monkeypatch):
    """Tests that fixes placing the request beside the unchanged plan need no re-solve."""
    import pooling.fix_check

    calls = {"checks": 0, "searches": 0}
    real_check, real_search = pooling.fix_check.FixChecker.check, pooling.fix_check.solve_model

    def check(*args, **kwargs):
        calls["checks"] += 1
        return real_check(*args, **kwargs)

    def search(*args, **kwargs):
        calls["searches"] += 1
        return real_search(*args, **kwargs)

    monkeypatch.setattr(pooling.fix_check.FixChecker, "check", check)
    monkeypatch.setattr(pooling.fix_check, "solve_model", search)
    recs = generated("small", SEEDS[0])
    proposal = solve(recs)
    assert 0 < calls["searches"] < calls["checks"]
    assert_fixes_are_sound(proposal, recs)


def test_fixes_are_checked_for_the_most_learners_waiting_first(monkeypatch):
    """Tests that checks go first to the requests with the most learners left unplaced."""
    import pooling.fix_check

    asked = []
    real = pooling.fix_check.FixChecker.best

    def best(self, i, options):
        asked.append(i)
        return real(self, i, options)

    monkeypatch.setattr(pooling.fix_check.FixChecker, "best", best)
    recs = generated("small", SEEDS[0])
    proposal = solve(recs)
    index = {r["request_id"]: n for n, r in enumerate(recs["requests"])}
    waiting = {index[u.request_id]: u.learners for u in proposal.unplaced}
    assert sorted(asked) == sorted(waiting)
    assert [waiting[i] for i in asked] == sorted(waiting.values(), reverse=True)
    # The proposal still lists the unplaced requests in file order.
    assert [index[u.request_id] for u in proposal.unplaced] == sorted(waiting)
