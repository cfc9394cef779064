"""Tests that untrusted workbooks are read whole, within limits, and never raise."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pooling.dialect import Unreadable
from pooling.i18n import use_language
from pooling.limits import Limits
from pooling.workbook import read_workbook
from tests.pooling.corpus import REQUESTS_SHEET, patch, sample_records, workbook_bytes


@pytest.fixture(autouse=True)
def english():
    """Messages in English, as the assertions are written."""
    with use_language("en"):
        yield


@cache
def _sample() -> bytes:
    return workbook_bytes(sample_records())


@pytest.fixture(scope="module")
def sample() -> bytes:
    return _sample()


def _requests(sheets):
    (found,) = [s for s in sheets if s.title == "requests"]
    return found


def test_a_stale_dimension_does_not_hide_rows(sample):
    """Tests that a sheet declaring 10 rows while holding 49 is read whole."""
    stale = patch(
        sample,
        REQUESTS_SHEET,
        lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:L10"', x),
    )
    assert len(_requests(read_workbook(stale)).lines) == 49


@pytest.mark.parametrize(
    ("limits", "says"),
    [
        (Limits(rows=20), "more than 20 rows"),
        (Limits(columns=5), "more than 5 columns"),
        (Limits(cell_chars=10), "longer than 10 characters"),
    ],
)
def test_sheet_limits_are_named(sample, limits, says):
    """Tests that a sheet beyond a limit is a problem naming the limit, not a partial read."""
    sheets = read_workbook(sample, limits)
    problems = [s.problem for s in sheets if s.problem]
    assert problems and all(not s.lines for s in sheets if s.problem)
    assert any(says in p for p in problems)


@pytest.mark.parametrize(
    ("limits", "says"),
    [
        (Limits(file_bytes=1000), "MB; the limit"),
        (Limits(parts=5), "parts; the limit"),
        (Limits(total_bytes=1000), "unzips to more than"),
        (Limits(part_bytes=1000), "unzips to"),
        (Limits(sheets=2), "more than 2 sheets"),
        (Limits(cells=500), "more than 500 cells"),
        (Limits(other_part_elements=10), "elements; the limit"),
    ],
)
def test_file_limits_are_named(sample, limits, says):
    """Tests that a workbook beyond a limit is refused before it is parsed, naming the limit."""
    with pytest.raises(Unreadable, match=says):
        read_workbook(sample, limits)


def test_negative_shared_string_is_damage_not_another_value(sample):
    """Tests that a negative shared-string index (openpyxl would count from the end) is named."""
    from tests.pooling.corpus import _first_value_of

    bad = patch(sample, REQUESTS_SHEET, lambda x: _first_value_of(x, "B3", b"-5", b"s"))
    requests = _requests(read_workbook(bad))
    assert (requests.row, requests.column) == (3, "B")
    assert "cannot be read" in requests.problem


@settings(max_examples=40, deadline=None)
@given(
    cut=st.integers(min_value=0, max_value=4000),
    junk=st.binary(min_size=0, max_size=40),
)
def test_any_damage_is_unreadable_or_sheets(cut, junk):
    """Tests that a workbook cut and spliced anywhere gives sheets or Unreadable, nothing else."""
    sample = _sample()
    damaged = sample[:cut] + junk + sample[cut + len(junk) :]
    try:
        sheets = read_workbook(damaged)
    except Unreadable as unreadable:
        assert unreadable.message
    else:
        assert all(s.problem or s.lines is not None for s in sheets)
