"""The synthetic scenario generator: determinism, sizes and the validity of every row."""

from __future__ import annotations

import csv
import datetime as dt
import time
from functools import cache

import numpy as np
import pytest

from geo.places import REFERENCE_DIR, load_places
from pooling.generate import COLUMNS, SIZES, generate_tables, reachable_offers, write_scenario
from pooling.workdays import holiday_name, is_working_day

HORIZON_START = dt.date(2027, 1, 4)


@cache
def tables_for(size: str, seed: int) -> dict[str, list[dict[str, str]]]:
    return generate_tables(size, seed)


@cache
def national() -> tuple[dict[str, list[dict[str, str]]], float]:
    started = time.perf_counter()
    tables = generate_tables("national", 1)
    return tables, time.perf_counter() - started


def learners(tables) -> int:
    return sum(int(r["learners"]) for r in tables["requests"])


def test_same_seed_same_tables_and_other_seed_differs():
    assert generate_tables("small", 3) == generate_tables("small", 3)
    assert generate_tables("small", 3) != generate_tables("small", 4)


def test_unknown_size_is_refused():
    with pytest.raises(ValueError, match="unknown size"):
        generate_tables("huge", 1)


@pytest.mark.parametrize("seed", [1, 2])
def test_small_size(seed):
    tables = tables_for("small", seed)
    assert 255 <= learners(tables) <= 345
    assert len(tables["courses"]) == 15
    # The real active provider sites of RAR Østjylland, nothing else.
    with open(REFERENCE_DIR / "amu_providers.csv", encoding="utf-8") as f:
        real = {r["school_id"] for r in csv.DictReader(f) if r["rar"] == "RAR Østjylland"}
    assert {s["school_id"] for s in tables["schools"]} == real
    places = load_places()
    for r in tables["requests"]:
        assert places.rar_of_postcode(r["postcode"]) == "RAR Østjylland"


@pytest.mark.parametrize("seed", [1, 2])
def test_region_size(seed):
    tables = tables_for("region", seed)
    assert 2550 <= learners(tables) <= 3450
    assert len(tables["courses"]) == 80
    assert 29 <= len(tables["schools"]) <= 36
    places = load_places()
    rars = {places.rar_of_postcode(r["postcode"]) for r in tables["requests"]}
    assert rars == {"RAR Nordjylland", "RAR Østjylland", "RAR Vestjylland"}


def test_national_size():
    tables, seconds = national()
    if seconds > 5:
        pytest.skip(f"national took {seconds:.1f} s; its counts are checked only when fast")
    assert 25_500 <= learners(tables) <= 34_500
    assert 9_000 <= len(tables["requests"]) <= 11_000
    assert len(tables["courses"]) == 400
    assert 95 <= len(tables["schools"]) <= 110
    sites = {s["school_id"] for s in tables["schools"]}
    assert "amu-vest" not in sites  # closed
    extra = [s for s in tables["schools"] if s["school_id"].startswith("site-")]
    assert extra
    assert all(s["name"].startswith("Uddannelsescenter ") for s in extra)


def all_tables():
    yield "small", tables_for("small", 1)
    yield "region", tables_for("region", 1)
    tables, seconds = national()
    if seconds <= 5:
        yield "national", tables


def test_columns_are_the_format_columns_in_order():
    for _, tables in all_tables():
        for name, columns in COLUMNS.items():
            assert tables[name]
            assert all(list(row) == columns for row in tables[name]), name


def test_postcodes_are_known_to_geo():
    places = load_places()
    for _, tables in all_tables():
        for row in tables["schools"] + tables["requests"]:
            assert places.postcode(row["postcode"]) is not None, row


def test_dates_are_first_working_days_of_weeks_within_the_horizon():
    """Tests that every date is its week's first working day: Monday unless a holiday."""
    for size, tables in all_tables():
        last = HORIZON_START + dt.timedelta(weeks=SIZES[size].weeks - 1)
        dates = [o["start_date"] for o in tables["offers"]]
        dates += [r[k] for r in tables["requests"] for k in ("earliest_start", "latest_start")]
        for text in dates:
            day = dt.date.fromisoformat(text)
            assert is_working_day(day), text
            monday = day - dt.timedelta(days=day.weekday())
            assert all(holiday_name(monday + dt.timedelta(days=n)) for n in range(day.weekday()))
            assert HORIZON_START <= monday <= last, text


def test_no_offer_starts_on_a_public_holiday_2026_to_2028():
    """Tests that a year-long national scenario has no start on a Danish public holiday."""
    tables, _ = national()
    starts = {dt.date.fromisoformat(o["start_date"]) for o in tables["offers"]}
    assert dt.date(2027, 3, 30) in starts  # the Tuesday after 2. påskedag is used instead
    assert not [d for d in starts if holiday_name(d)]


def test_offers_refer_to_courses_and_schools_and_are_sane():
    for _, tables in all_tables():
        courses = {c["course_code"] for c in tables["courses"]}
        schools = {s["school_id"] for s in tables["schools"]}
        assert len(schools) == len(tables["schools"])
        keys = set()
        per_course: dict[str, set[str]] = {}
        for o in tables["offers"]:
            assert o["course_code"] in courses
            assert o["school_id"] in schools
            key = (o["school_id"], o["course_code"], o["start_date"])
            assert key not in keys
            keys.add(key)
            low, high = int(o["min_participants"]), int(o["max_participants"])
            assert 4 <= low < high <= 24
            assert o["max_parallel"] in {"1", "2"}
            assert 8_000 <= int(o["price_dkk"]) <= 40_000
            assert o["guaranteed"] in {"true", "false"}
            assert 0 <= int(o["seats_taken"]) <= 6
            assert int(o["seats_taken"]) < high
            per_course.setdefault(o["course_code"], set()).add(o["school_id"])
        assert all(len(sites) >= 2 for sites in per_course.values())


def test_courses_are_real_amu_or_clearly_synthetic():
    with open(REFERENCE_DIR / "amu_courses.csv", encoding="utf-8") as f:
        real = {r["amu_nr"]: r for r in csv.DictReader(f)}
    for _, tables in all_tables():
        for c in tables["courses"]:
            if c["course_code"] in real:
                assert c["title"] == real[c["course_code"]]["title"]
                assert float(c["duration_days"]) == float(real[c["course_code"]]["duration_days"])
            else:
                assert 90_000 <= int(c["course_code"]) <= 99_999
                assert c["title"].startswith(f"Syntetisk kursus {c['course_code']}")
            assert 6 <= int(c["min_participants"]) < int(c["max_participants"]) <= 28


def test_requests_windows_travel_and_requesters():
    learners_range = {"jobcentre": (1, 6), "a-kasse": (1, 4), "firm": (2, 12)}
    for _, tables in all_tables():
        courses = {c["course_code"] for c in tables["courses"]}
        ids = [r["request_id"] for r in tables["requests"]]
        assert ids == [f"r{i:05d}" for i in range(1, len(ids) + 1)]
        for r in tables["requests"]:
            assert r["course_code"] in courses
            low, high = learners_range[r["organisation_kind"]]
            assert low <= int(r["learners"]) <= high
            earliest = dt.date.fromisoformat(r["earliest_start"])
            latest = dt.date.fromisoformat(r["latest_start"])
            # Whole weeks, give or take the days a holiday moves a week's first working day.
            width = latest - earliest
            assert dt.timedelta(weeks=2, days=-4) <= width <= dt.timedelta(weeks=10, days=4)
            assert 25 <= int(r["max_travel_km"]) <= 120
            assert r["max_travel_minutes"] == ""
            assert r["priority"] in {"1", "2", "3"}
            kind, org = r["organisation_kind"], r["organisation_id"]
            if kind == "jobcentre":
                municipality = load_places().municipality_of_postcode(r["postcode"])
                assert org == f"jobcenter-{municipality.code}"
            elif kind == "a-kasse":
                assert org.startswith("akasse-") and 1 <= int(org[7:]) <= 20
            else:
                assert org.startswith("firm-")
            assert r["keep_together"] == ("true" if kind == "firm" else "false")


def test_most_requests_have_offers_in_reach_but_not_all():
    for size, tables in all_tables():
        reach = reachable_offers(tables)
        share = float(np.mean(reach > 0))
        assert 0.7 <= share < 1.0, (size, share)


def test_write_scenario_round_trips(tmp_path):
    tables = tables_for("small", 1)
    write_scenario(tables, tmp_path / "out")
    for name, columns in COLUMNS.items():
        with open(tmp_path / "out" / f"{name}.csv", encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == columns
            assert list(reader) == tables[name]


def test_hand_written_sample_follows_the_same_rules():
    sample = REFERENCE_DIR.parent / "sample" / "ostjylland-2027q1"
    tables = {}
    for name, columns in COLUMNS.items():
        with open(sample / f"{name}.csv", encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == columns
            tables[name] = list(reader)
    places = load_places()
    courses = {c["course_code"] for c in tables["courses"]}
    schools = {s["school_id"] for s in tables["schools"]}
    for row in tables["schools"] + tables["requests"]:
        assert places.rar_of_postcode(row["postcode"]) == "RAR Østjylland"
    for o in tables["offers"]:
        assert o["course_code"] in courses and o["school_id"] in schools
        day = dt.date.fromisoformat(o["start_date"])
        assert day.weekday() == 0 and dt.date(2027, 1, 4) <= day <= dt.date(2027, 3, 29)
    for r in tables["requests"]:
        assert r["course_code"] in courses
        assert r["earliest_start"] <= r["latest_start"]
