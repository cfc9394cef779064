"""Tests of the alias table: Danish names of tables and columns, and a title row."""

from __future__ import annotations

from pooling.aliases import COLUMNS, best_table, column_of, find_header, normalise, table_of


def test_danish_sheet_and_file_names():
    """Tests that Kurser, Skoler, Udbud and Behov are the four tables, as files or sheets."""
    assert [table_of(n) for n in ("Kurser", "skoler.csv", "UDBUD", "Behov.CSV")] == [
        "courses",
        "schools",
        "offers",
        "requests",
    ]
    assert table_of("Noter") is None


def test_column_names_compare_loosely():
    """Tests that case, dots, dashes, underscores and brackets do not matter."""
    assert normalise(" Min._Deltagere ") == "min deltagere"
    assert column_of("courses", "Varighed (dage)") == "duration_days"
    assert column_of("requests", "Antal deltagere") == "learners"
    assert column_of("requests", "max_travel_km") == "max_travel_km"


def test_same_word_means_the_column_of_its_table():
    """Tests that `navn` is a course's title and a school's name."""
    assert column_of("courses", "Navn") == "title"
    assert column_of("schools", "Navn") == "name"


def test_no_alias_names_two_columns_of_one_table():
    """Tests that the alias table is unambiguous within each table."""
    for table, columns in COLUMNS.items():
        seen: dict[str, str] = {}
        for column, aliases in columns.items():
            for alias in (column, *aliases):
                assert seen.setdefault(normalise(alias), column) == column, (table, alias)


def test_header_below_a_title_row():
    """Tests that a title and an empty line above the header are skipped."""
    lines = [("Behov, foråret 2027",), (), ("Behov ID", "Antal deltagere", "Postnummer")]
    assert find_header("requests", lines) == 2
    assert best_table(lines) == "requests"
