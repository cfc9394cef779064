"""Tiny scenarios built in code for pooling tests (real postcodes around Aarhus)."""

from __future__ import annotations

from pooling.domain import Scenario
from pooling.reading import tables_from_records
from pooling.validation import validate_tables

COURSES = [
    {
        "course_code": "42994",
        "title": "Rengøring og rengøringskontrol",
        "duration_days": "2",
        "min_participants": "8",
        "max_participants": "16",
    },
    {
        "course_code": "48586",
        "title": "Kranbasis",
        "duration_days": "10",
        "min_participants": "6",
        "max_participants": "12",
    },
]
SCHOOLS = [
    {"school_id": "aarhus-tech", "name": "Aarhus Tech", "postcode": "8000"},
    {"school_id": "tradium", "name": "Tradium", "postcode": "8900"},
]


def offer(school="aarhus-tech", course="42994", start="2027-02-01", **extra):
    return {
        "school_id": school,
        "course_code": course,
        "start_date": start,
        **{k: str(v) for k, v in extra.items()},
    }


def request(
    rid,
    learners,
    postcode="8000",
    course="42994",
    kind="jobcentre",
    org=None,
    earliest="2027-01-04",
    latest="2027-03-29",
    km=60,
    **extra,
):
    return {
        "request_id": rid,
        "organisation_id": org or f"org-{rid}",
        "organisation_kind": kind,
        "course_code": course,
        "learners": str(learners),
        "postcode": postcode,
        "earliest_start": earliest,
        "latest_start": latest,
        "max_travel_km": str(km),
        **{k: str(v) for k, v in extra.items()},
    }


def scenario(offers, requests, courses=None, schools=None) -> Scenario:
    return validate_tables(
        tables_from_records(
            {
                "courses": courses or COURSES,
                "schools": schools or SCHOOLS,
                "offers": offers,
                "requests": requests,
            }
        )
    )
