"""Tests that sheet cells become the text a CSV file would hold, and damaged cells are named."""

from __future__ import annotations

import pytest

from pooling.i18n import use_language
from pooling.sheetxml import cell_text
from pooling.workbook import read_workbook
from tests.pooling.corpus import (
    REQUESTS_SHEET,
    _first_value_of,
    patch,
    sample_records,
    workbook_bytes,
)


@pytest.fixture(autouse=True)
def english():
    """Messages in English, as the assertions are written."""
    with use_language("en"):
        yield


def test_cell_text():
    """Tests that typed cells become the text a CSV file would hold."""
    from datetime import datetime

    assert cell_text(datetime(2027, 2, 1, 0, 0)) == "2027-02-01"
    assert cell_text(12.0) == "12"
    assert cell_text(float("nan")) == "nan"
    assert cell_text(True) == "true"
    assert cell_text(101901234) == "0101901234"  # a CPR number that lost its leading zero


@pytest.mark.parametrize(
    ("value", "kind"),
    [(b"abc", b"n"), (b"99999", b"s"), (b"2027-02-30", b"d"), (b"7", b"b")],
)
def test_a_damaged_cell_is_named_by_row_and_column(value, kind):
    """Tests that text in a number cell, a missing shared string, an impossible date or a bad
    boolean is a problem at its own row and column."""
    data = patch(
        workbook_bytes(sample_records()),
        REQUESTS_SHEET,
        lambda x: _first_value_of(x, "E7", value, kind),
    )
    (requests,) = [s for s in read_workbook(data) if s.title == "requests"]
    assert (requests.row, requests.column) == (7, "E")
    assert "a cell cannot be read" in requests.problem
