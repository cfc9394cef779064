"""Tests that cell values are read as Danes and spreadsheets write them, and nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from pooling import values as v
from pooling.domain import OrganisationKind
from pooling.i18n import use_language


@pytest.fixture(autouse=True)
def english():
    """Messages in English, as the assertions are written."""
    with use_language("en"):
        yield


@pytest.mark.parametrize(
    "text",
    ["2027-02-01", "01-02-2027", "1-2-2027", "01.02.2027", "01/02/2027", "2027-02-01 00:00:00"],
)
def test_danish_and_iso_dates(text):
    """Tests that ISO and Danish day-month-year dates are one date."""
    assert v.a_date(text) == date(2027, 2, 1)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("02-30-2027", "not a date in the calendar"),
        ("01-02-27", "expected a date as 2027-02-01 or 01-02-2027"),
        ("0001-01-01", "from 2000 to 2100"),
        ("01-02\u20132027", "expected a date"),
    ],
)
def test_bad_dates(text, says):
    """Tests that impossible, two-digit-year and absurd dates are problems."""
    with pytest.raises(v.Bad, match=says):
        v.a_date(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("SAND", True), ("falsk", False), ("Ja", True), ("NEJ", False), ("true", True), ("0", False)],
)
def test_danish_booleans(text, value):
    """Tests that sand/falsk and ja/nej are booleans, in any case."""
    assert v.boolean(text) is value


@pytest.mark.parametrize(
    ("text", "value"), [("35.000", 35000), ("12", 12), ("12,0", 12), ("1.234.567", 1234567)]
)
def test_whole_numbers_as_danes_write_them(text, value):
    """Tests that a thousands dot and a zero decimal are whole numbers."""
    assert v.integer(0, 10_000_000)(text) == value


@pytest.mark.parametrize("text", ["9" * 5000, "²", "\uff13", "1e3", "12,5", "\u0661\u0662"])
def test_odd_numbers_are_problems_not_crashes(text):
    """Tests that a 5,000-digit number, superscripts and other digits are problems."""
    with pytest.raises(v.Bad):
        v.integer(0, 999)(text)


def test_decimal_comma():
    """Tests that 12,5 is twelve and a half."""
    assert v.decimal(0, 100)("12,5") == 12.5


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Jobcenter", OrganisationKind.JOBCENTRE),
        ("jobcentre", OrganisationKind.JOBCENTRE),
        ("A-kasse", OrganisationKind.A_KASSE),
        ("virksomhed", OrganisationKind.FIRM),
        ("Firma", OrganisationKind.FIRM),
    ],
)
def test_organisation_kinds_in_danish(text, kind):
    """Tests that Jobcenter, a-kasse and virksomhed are the three kinds."""
    assert v.kind(text) is kind


@pytest.mark.parametrize("text", ["AMU 48586", "amu-48586", "048586", "48586", "AMU48586"])
def test_amu_numbers(text):
    """Tests that an AMU number with its prefix or a leading zero is the same course."""
    assert v.course_code(text) == "48586"


@pytest.mark.parametrize("text", ["8000", "DK-8000", "8000 Aarhus C", "Aarhus", "751", "0751"])
def test_postcodes_and_municipalities(text):
    """Tests that a postcode with its town, or Aarhus municipality by name or code, is 8000."""
    assert v.postcode(text) == "8000"


def test_municipality_is_noted_and_postcode_is_not():
    """Tests that a municipality given for a postcode is said, and a postcode is not."""
    note = v.placed_at("Randers")
    assert note is not None and "Randers (730)" in note and "8900" in note
    assert v.placed_at("8000") is None


@pytest.mark.parametrize("text", ["8²00", "\uff18000", "9999", "Atlantis", "80 00"])
def test_postcodes_that_are_not(text):
    """Tests that superscripts, full-width digits and unknown places are problems."""
    with pytest.raises(v.Bad):
        v.postcode(text)


def test_p_number_and_cvr():
    """Tests that a P-number and a valid CVR number pass, and a bad CVR number does not."""
    assert v.p_number("1003388394") == "1003388394"
    assert v.cvr("DK 25313763") == "25313763"
    with pytest.raises(v.Bad, match="modulus-11"):
        v.cvr("25313764")
    with pytest.raises(v.Bad, match="P-number"):
        v.p_number("0101901234")


def test_long_values_are_not_echoed_whole():
    """Tests that a long bad value is cut short in the message."""
    with pytest.raises(v.Bad) as raised:
        v.kind("x" * 500)
    assert len(str(raised.value)) < 150
