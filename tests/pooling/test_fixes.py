"""Tests that the fixes suggested for the sample's unplaced requests do place them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pooling.reading import read_tables, tables_from_records
from pooling.service import ProposeOptions, propose
from pooling.validation import validate_tables

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "ostjylland-2027q1"
OPTIONS = ProposeOptions(time_limit_s=30, workers=1)


def records() -> dict[str, list[dict[str, str]]]:
    return {
        name: [dict(zip(table.header, row, strict=False)) for row in table.rows]
        for name, table in read_tables(SAMPLE).items()
    }


def solve(recs):
    return propose(validate_tables(tables_from_records(recs)), OPTIONS)


@pytest.fixture(scope="module")
def sample_proposal():
    return solve(records())


def apply_fix(recs, request_id: str, fix: str) -> None:
    """Change the records as the fix says (one change)."""
    request = next(r for r in recs["requests"] if r["request_id"] == request_id)
    schools = {s["name"]: s for s in recs["schools"]}
    if m := re.search(r"max_travel_km \S+ -> (\d+)", fix):
        request["max_travel_km"] = m.group(1)
        if m2 := re.search(r"max_travel_minutes \S+ -> (\d+)", fix):
            request["max_travel_minutes"] = m2.group(1)
    elif m := re.search(r"(earliest_start|latest_start) \S+ -> (\S+)\)", fix):
        request[m.group(1)] = m.group(2)
    elif m := re.match(r"(\d+) more learner\(s\) for (.+) on (\S+) would", fix):
        school = schools[m.group(2)]
        course = request["course_code"]
        recs["requests"].append(
            {
                **request,
                "request_id": "added",
                "learners": m.group(1),
                "postcode": school["postcode"],
                "earliest_start": m.group(3),
                "latest_start": m.group(3),
                "organisation_kind": "jobcentre",
                "keep_together": "false",
                "course_code": course,
            }
        )
    elif m := re.search(r"hold at (.+) on (\S+) from \d+ to (\d+)", fix):
        school_id = schools[m.group(1)]["school_id"]
        offer = next(
            o
            for o in recs["offers"]
            if o["school_id"] == school_id
            and o["start_date"] == m.group(2)
            and o["course_code"] == request["course_code"]
        )
        offer["max_participants"] = m.group(3)
    else:
        raise AssertionError(f"fix not understood: {fix}")


def test_every_fix_places_its_request(sample_proposal):
    """Tests each suggested fix, applied alone, places the request's learners."""
    fixed = [u for u in sample_proposal.unplaced if u.fix]
    assert len(fixed) >= 3
    for item in fixed:
        recs = records()
        apply_fix(recs, item.request_id, item.fix)
        after = solve(recs)
        left = {u.request_id: u.learners for u in after.unplaced}
        assert left.get(item.request_id, 0) < item.learners, item.fix
