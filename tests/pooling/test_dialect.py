"""Tests that CSV files are read as Danes save them, and stopped at a named limit."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pooling.dialect import Unreadable, column_letter, decode, read_csv, separator_of
from pooling.i18n import use_language
from pooling.limits import Limits
from tests.pooling.corpus import csv_bytes


@pytest.fixture(autouse=True)
def english():
    """Messages in English, as the assertions are written."""
    with use_language("en"):
        yield


ROWS = [
    ["kursusnummer", "titel", "varighed"],
    ["48586", "Kran, mobil", "2,5"],
    ["42994", "Rengøring", "3"],
]


@pytest.mark.parametrize(
    ("encoding", "bom", "separator"),
    [
        ("cp1252", False, ";"),
        ("utf-8", True, ";"),
        ("utf-8", False, ","),
        ("utf-16-le", True, "\t"),
    ],
)
def test_danish_excel_files_read_alike(encoding, bom, separator):
    """Tests that semicolon Windows-1252, CSV UTF-8 with BOM, plain UTF-8 and UTF-16 read alike."""
    data = csv_bytes(ROWS, separator, encoding)
    if bom:
        data = (codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF8) + data
    read = read_csv(data)
    assert read.lines == [tuple(r) for r in ROWS]
    assert read.separator == separator


def test_a_title_row_does_not_hide_the_separator():
    """Tests that a title line with no separator does not decide the separator."""
    assert separator_of("Kurser forår 2027\na;b;c\n1;2,5;3\n") == ";"


def test_text_in_no_known_encoding_is_one_problem():
    """Tests that bytes undefined in Windows-1252 are one problem saying what to do."""
    with pytest.raises(Unreadable, match="save it as CSV UTF-8"):
        decode(b"a,b\n\x81\x8d,2\n")


def test_damaged_utf8_names_its_row():
    """Tests that a UTF-8 file with one damaged character is not read as Windows-1252."""
    with pytest.raises(Unreadable) as raised:
        decode("a,b\nÅrhus,1\nx\xff,2\n".encode("latin-1").replace(b"\xc5", "Å".encode()))
    assert raised.value.row == 3


@pytest.mark.parametrize(
    ("limits", "data", "says"),
    [
        (Limits(file_bytes=10), b"a,b\n1,2\n3,4\n", "MB; the limit"),
        (Limits(rows=2), b"a,b\n1,2\n3,4\n", "more than 2 rows"),
        (Limits(columns=2), b"a,b\n1,2,3\n", "more than 2 columns"),
        (Limits(cells=5), b"a,b\n1,2\n3,4\n", "more than 5 cells"),
        (Limits(cell_chars=3), b"a,b\n1,2345\n", "longer than 3 characters"),
    ],
)
def test_each_limit_is_named(limits, data, says):
    """Tests that reading stops at the first limit hit and names it."""
    with pytest.raises(Unreadable, match=says):
        read_csv(data, limits)


def test_column_letters():
    """Tests that column indexes become spreadsheet letters."""
    assert [column_letter(i) for i in (0, 25, 26, 701, 16383)] == ["A", "Z", "AA", "ZZ", "XFD"]


# Printable ASCII with quotes and separators, and the Danish letters. (Any Windows-1252 text
# could also be valid UTF-8, as "Ã¡" is; Danish text is not.)
CELL = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("æøåÆØÅé€"),
    max_size=12,
).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=2, max_size=8),
    separator=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]),
)
def test_any_table_reads_back_as_written(rows, separator, encoding):
    """Tests that a header of names and any rows read back cell for cell, whatever the
    separator and encoding."""
    rows = [["kursus", "titel", "varighed"], *rows]
    read = read_csv(csv_bytes(rows, separator, encoding))
    assert read.lines == [tuple(r) for r in rows]
