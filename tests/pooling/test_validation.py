"""Tests that every kind of bad input is reported with file, row, column and expectation."""

from __future__ import annotations

import pytest

from pooling.i18n import use_language
from pooling.problems import InvalidScenario
from pooling.reading import tables_from_records
from pooling.validation import validate_tables
from tests.pooling.builders import COURSES, SCHOOLS, offer, request


@pytest.fixture(autouse=True)
def english():
    """Messages in English, as the assertions are written."""
    with use_language("en"):
        yield


def problems_of(courses=None, schools=None, offers=None, requests=None):
    records = {
        "courses": COURSES if courses is None else courses,
        "schools": SCHOOLS if schools is None else schools,
        "offers": [offer()] if offers is None else offers,
        "requests": [request("r1", 4)] if requests is None else requests,
    }
    with pytest.raises(InvalidScenario) as raised:
        validate_tables(tables_from_records(records))
    return raised.value.problems


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_valid_scenario_passes():
    """Tests that the builders' default scenario is valid."""
    records = {
        "courses": COURSES,
        "schools": SCHOOLS,
        "offers": [offer()],
        "requests": [request("r1", 4)],
    }
    scenario = validate_tables(tables_from_records(records))
    assert scenario.requests[0].keep_together is False
    assert scenario.requests[0].priority == 2


def test_firm_requests_keep_together_by_default():
    """Tests that keep_together defaults to true for firms only."""
    records = {
        "courses": COURSES,
        "schools": SCHOOLS,
        "offers": [offer()],
        "requests": [request("r1", 4, kind="firm"), request("r2", 4, kind="a-kasse")],
    }
    scenario = validate_tables(tables_from_records(records))
    assert [r.keep_together for r in scenario.requests] == [True, False]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("learners", "0", "expected a whole number from 1 to 999, got 0"),
        ("learners", "many", "expected a whole number, got 'many'"),
        ("earliest_start", "31-02-2027", "not a date in the calendar"),
        ("postcode", "9999", "unknown postcode 9999"),
        ("postcode", "80000", "expected a 4-digit Danish postcode"),
        ("organisation_kind", "school", "expected jobcenter, a-kasse or virksomhed"),
        ("max_travel_km", "-5", "expected a number > 0"),
        ("priority", "4", "expected a whole number from 1 to 3, got 4"),
        ("keep_together", "maybe", "expected ja or nej (true or false)"),
        ("request_id", "", "expected a value, got an empty cell"),
        ("learners", "1_0", "expected a whole number, got '1_0'"),
        ("learners", "1000", "expected a whole number from 1 to 999, got 1000"),
        ("learners", "100000000000000000000", "from 1 to 999"),
        ("max_travel_km", "inf", "expected a number such as 12 or 12,5, got 'inf'"),
        ("max_travel_km", "nan", "expected a number such as 12 or 12,5, got 'nan'"),
        ("max_travel_km", "1e3", "expected a number such as 12 or 12,5, got '1e3'"),
        ("max_travel_km", "5000", "expected a number > 0 and <= 1000"),
        ("max_travel_minutes", "2000", "expected a number > 0 and <= 1440"),
        ("earliest_start", "20270201", "expected a date as 2027-02-01 or 01-02-2027"),
        ("earliest_start", "2027-W08-1", "expected a date as 2027-02-01 or 01-02-2027"),
    ],
)
def test_bad_request_values(field, value, expected):
    """Tests that a bad value in requests.csv names row 2 and the column."""
    problem = only(
        problems_of(
            requests=[
                request("r1", 4, **{field: value})
                if field not in ("learners", "postcode", "request_id", "max_travel_minutes")
                else {**request("r1", 4), field: value}
            ]
        )
    )
    assert (problem.file, problem.row, problem.column) == ("requests.csv", 2, field)
    assert expected in problem.message


def test_unknown_course_in_request_and_offer():
    """Tests that course codes not in courses.csv are reported where they are used."""
    problems = problems_of(
        offers=[offer(course="11111")], requests=[request("r1", 4, course="22222")]
    )
    assert {(p.file, p.column) for p in problems} == {
        ("offers.csv", "course_code"),
        ("requests.csv", "course_code"),
    }
    assert all("unknown course" in p.message for p in problems)


def test_unknown_school_in_offer():
    """Tests that an offer at a school not in schools.csv is reported."""
    problem = only(problems_of(offers=[offer(school="nowhere")]))
    assert (problem.file, problem.row, problem.column) == ("offers.csv", 2, "school_id")


def test_latest_before_earliest():
    """Tests that a window that ends before it starts is reported."""
    problem = only(
        problems_of(requests=[request("r1", 4, earliest="2027-03-01", latest="2027-02-01")])
    )
    assert problem.column == "latest_start"
    assert "before earliest_start" in problem.message


def test_min_above_max_in_course_and_offer():
    """Tests that a minimum above the maximum is reported for courses and offer overrides."""
    bad_course = [{**COURSES[0], "min_participants": "20"}, COURSES[1]]
    problem = only(problems_of(courses=bad_course))
    assert (problem.file, problem.row, problem.column) == ("courses.csv", 2, "min_participants")
    problem = only(problems_of(offers=[offer(min_participants=12, max_participants=10)]))
    assert problem.file == "offers.csv"
    assert "minimum 12 > maximum 10" in problem.message


def test_seats_taken_above_max():
    """Tests that more seats taken than the hold holds is reported."""
    problem = only(problems_of(offers=[offer(seats_taken=17)]))
    assert problem.column == "seats_taken"


def test_duplicates():
    """Tests that duplicate ids and offers are reported on the repeating row."""
    problems = problems_of(
        offers=[offer(), offer()],
        requests=[request("r1", 4), request("r1", 2)],
        schools=[SCHOOLS[0], SCHOOLS[0], SCHOOLS[1]],
    )
    found = {(p.file, p.row, p.column) for p in problems}
    assert found == {
        ("offers.csv", 3, "start_date"),
        ("requests.csv", 3, "request_id"),
        ("schools.csv", 3, "school_id"),
    }
    assert all("duplicate" in p.message and "row 2" in p.message for p in problems)


def test_missing_and_unknown_columns():
    """Tests that a missing required column and an unexpected one are reported on row 1."""
    req = request("r1", 4)
    del req["max_travel_km"]
    req["name"] = "x"
    problems = problems_of(requests=[req])
    assert {(p.row, p.column) for p in problems} == {(1, "max_travel_km"), (1, "name")}


def test_every_problem_is_listed_at_once():
    """Tests that problems in several files and rows come back together."""
    problems = problems_of(
        offers=[offer(start="2027-13-01")],
        requests=[request("r1", 0), request("r2", 4, postcode="0000")],
    )
    assert [(p.file, p.row) for p in problems] == [
        ("offers.csv", 2),
        ("requests.csv", 2),
        ("requests.csv", 3),
    ]


@pytest.mark.parametrize("value", ["0101901234", "010190-1234", "learner 311299-4321 ok"])
def test_cpr_number_is_rejected_without_echo(value):
    """Tests that a value shaped like a CPR number rejects the row and is never shown."""
    problems = problems_of(requests=[request(value, 4)])
    assert {(p.row, p.column) for p in problems} == {(2, "request_id"), (2, "organisation_id")}
    assert all("CPR" in p.message and value not in str(p) for p in problems)


def test_cpr_like_number_with_impossible_date_is_not_a_cpr():
    """Tests that ten digits that cannot start with a date are not taken for a CPR number."""
    from pooling.cpr import looks_like_cpr

    assert not looks_like_cpr("9913991234")
    assert not looks_like_cpr("8000")
    assert looks_like_cpr("2902001234")  # 29 Feb 2000


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    [
        ("courses", "duration_days", "inf", "expected a number such as 12 or 12,5"),
        ("courses", "duration_days", "400", "<= 365"),
        ("courses", "max_participants", "100000", "from 1 to 999"),
        ("offers", "price_dkk", "100000000000000000000", "from 0 to 10000000"),
        ("offers", "max_parallel", "50000", "from 1 to 50"),
    ],
)
def test_numbers_beyond_any_real_value_are_rejected(table, column, value, expected):
    """Tests that huge or infinite numbers are input problems, not solver crashes."""
    records = {"courses": [dict(c) for c in COURSES], "offers": [offer()]}
    records[table][0][column] = value
    problem = only(problems_of(courses=records["courses"], offers=records["offers"]))
    assert (problem.file, problem.row, problem.column) == (f"{table}.csv", 2, column)
    assert expected in problem.message


@pytest.mark.parametrize(
    "value",
    ["010190\u20131234", "01.01.90-1234", "01-01-90-1234", "01 01 90 1234"],
)
def test_cpr_number_written_with_separators_is_rejected(value):
    """Tests that CPR numbers written with dots, dashes or spaces are caught too."""
    problem = only(problems_of(requests=[{**request("r1", 4), "organisation_id": value}]))
    assert "CPR" in problem.message
    assert value not in str(problem)


def test_cpr_number_as_a_column_name_is_rejected_without_echo():
    """Tests that the header is checked for CPR numbers as well, and not echoed."""
    problem = only(problems_of(requests=[{**request("r1", 4), "0101901234": "x"}]))
    assert "CPR" in problem.message
    assert "0101901234" not in str(problem)
    assert problem.row == 1


def test_control_characters_are_rejected():
    """Tests that a NUL or vertical tab in a cell is reported (it would break exports)."""
    problem = only(problems_of(schools=[{**SCHOOLS[0], "name": "Aarhus\x0bTech"}, SCHOOLS[1]]))
    assert (problem.file, problem.row) == ("schools.csv", 2)
    assert "control character" in problem.message


def test_a_course_with_a_bad_row_is_not_also_unknown_where_used():
    """Tests that one bad course row gives one problem, not one per offer and request using it."""
    bad = [{**COURSES[0], "duration_days": "many"}, COURSES[1]]
    problem = only(problems_of(courses=bad))
    assert (problem.file, problem.column) == ("courses.csv", "duration_days")
