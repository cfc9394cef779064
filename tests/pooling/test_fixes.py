"""Tests that the suggested fixes, applied alone and re-solved, place their requests in full.

Run on the shipped sample and on small generated scenarios (fixed seeds). Each scenario
checks a bounded, deterministic choice of its fixes: up to a few of every kind (travel,
start window, more learners, larger hold), in scenario order.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from pathlib import Path

import pytest

from pooling.generate import generate_tables
from pooling.reading import read_tables, tables_from_records
from pooling.service import ProposeOptions, propose
from pooling.validation import validate_tables

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "ostjylland-2027q1"
OPTIONS = ProposeOptions(time_limit_s=30, workers=1)
# Small generated scenarios whose fixes cover every kind: seed 5 has full holds (CAPACITY).
SEEDS = (3, 5)
PER_KIND = 2

Records = dict[str, list[dict[str, str]]]


def sample_records() -> Records:
    return {
        name: [dict(zip(table.header, row, strict=False)) for row in table.rows]
        for name, table in read_tables(SAMPLE).items()
    }


def scenario_records(name: str) -> Records:
    """Fresh records of the sample ("sample") or of a small generated scenario ("small-SEED")."""
    if name == "sample":
        return sample_records()
    return copy.deepcopy(generated(int(name.removeprefix("small-"))))


_GENERATED: dict[int, Records] = {}


def generated(seed: int) -> Records:
    if seed not in _GENERATED:
        _GENERATED[seed] = generate_tables("small", seed)
    return _GENERATED[seed]


def solve(recs: Records):
    return propose(validate_tables(tables_from_records(recs)), OPTIONS)


def fix_kind(fix: str) -> str:
    if "max_travel_" in fix:
        return "travel"
    if "start window" in fix:
        return "window"
    if "more learner(s)" in fix:
        return "learners"
    if "max_participants" in fix:
        return "hold"
    raise AssertionError(f"fix of unknown kind: {fix}")


def apply_fix(recs: Records, request_id: str, fix: str) -> None:
    """Change the records as the fix says (one change)."""
    request = next(r for r in recs["requests"] if r["request_id"] == request_id)
    schools = {s["name"]: s for s in recs["schools"]}
    kind = fix_kind(fix)
    if kind == "travel":
        km = re.search(r"max_travel_km \S+ -> (\d+)", fix)
        minutes = re.search(r"max_travel_minutes \S+ -> (\d+)", fix)
        assert km or minutes, fix
        if km:
            request["max_travel_km"] = km.group(1)
        if minutes:
            request["max_travel_minutes"] = minutes.group(1)
    elif kind == "window":
        m = re.search(r"(earliest_start|latest_start) \S+ -> (\S+)\)", fix)
        request[m.group(1)] = m.group(2)
    elif kind == "learners":
        m = re.match(r"(\d+) more learner\(s\) for (.+) on (\S+) would", fix)
        school = schools[m.group(2)]
        # Learners for that hold: living at the school, wanting exactly that start date and
        # travelling nowhere else (with the request's own km they could make another
        # school's hold run instead, which is not what the fix says).
        recs["requests"].append(
            {
                **request,
                "request_id": "added",
                "learners": m.group(1),
                "postcode": school["postcode"],
                "earliest_start": m.group(3),
                "latest_start": m.group(3),
                "max_travel_km": "0.1",
                "max_travel_minutes": "",
                "organisation_kind": "jobcentre",
                "keep_together": "false",
            }
        )
    else:
        m = re.search(r"hold at (.+) on (\S+) from \d+ to (\d+)", fix)
        school_id = schools[m.group(1)]["school_id"]
        offer = next(
            o
            for o in recs["offers"]
            if o["school_id"] == school_id
            and o["start_date"] == m.group(2)
            and o["course_code"] == request["course_code"]
        )
        offer["max_participants"] = m.group(3)


def chosen_fixes(proposal) -> list:
    """Up to PER_KIND fixes of every kind, in scenario order."""
    taken: dict[str, int] = defaultdict(int)
    chosen = []
    for item in proposal.unplaced:
        if item.fix and taken[fix_kind(item.fix)] < PER_KIND:
            taken[fix_kind(item.fix)] += 1
            chosen.append(item)
    return chosen


def assert_fixes_place(name: str, at_least: int) -> None:
    proposal = solve(scenario_records(name))
    fixes = chosen_fixes(proposal)
    assert len(fixes) >= at_least
    for item in fixes:
        recs = scenario_records(name)
        apply_fix(recs, item.request_id, item.fix)
        after = solve(recs)
        left = {u.request_id: u.learners for u in after.unplaced}
        assert item.request_id not in left, (name, item.request_id, item.fix, after.unplaced)


def test_every_fix_places_its_request():
    """Tests each suggested fix of the sample, applied alone, places all the request's learners."""
    assert_fixes_place("sample", at_least=3)


@pytest.mark.parametrize("seed", SEEDS)
def test_fixes_place_their_requests_in_generated_scenarios(seed):
    """Tests fixes of every kind in a small generated scenario place their requests in full."""
    assert_fixes_place(f"small-{seed}", at_least=4)
