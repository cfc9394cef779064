"""Streaming the cells of a workbook's sheet XML: rows of text, damaged cells named.

openpyxl's read-only cells cost several times more per cell than reading the XML with the C
parser, so sheets and shared strings are read here, element by element, clearing each row as
it is read. A cell's value becomes the text a CSV file would hold (dates from date-formatted
numbers, booleans, numbers); a value that cannot be what its type says is an `Unreadable`
naming its row and column. Limits on cells and columns are checked as cells come; the parts
were checked for size and for a DTD before (`pooling.workbook`).
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from pooling.cpr import looks_like_cpr
from pooling.dialect import Unreadable, column_letter
from pooling.i18n import _
from pooling.limits import Limits


def damaged_cell() -> str:
    return "{}; {}".format(
        _("a damaged sheet: a cell cannot be read"),
        _("save it from the spreadsheet as an Excel workbook (.xlsx)"),
    )


@dataclass(frozen=True, slots=True)
class Book:
    archive: zipfile.ZipFile
    sheets: list[tuple[str, str, bool]]
    shared: list[str]
    date_styles: frozenset[int]
    epoch: datetime

    def close(self) -> None:
        self.archive.close()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _elements(archive: zipfile.ZipFile, path: str, names: tuple[str, ...]):
    """(local name, element) for the elements called `names` in an XML part, as each one
    ends, streamed with the C parser (the part holds no DTD: `_check_part` refused any)."""
    from xml.etree.ElementTree import XMLPullParser

    parser = XMLPullParser(events=("end",))
    wanted: dict[str, str] = {}  # full tag -> local name, learnt as tags are met
    with archive.open(path) as source:
        while True:
            chunk = source.read(1 << 16)
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            for _event, element in parser.read_events():
                tag = element.tag
                name = wanted.get(tag)
                if name is None:
                    name = _local(tag)
                    wanted[tag] = name if name in names else ""
                if name in names and name:
                    yield name, element
            if not chunk:
                return


def _text_of(element) -> str:
    """The text of a shared or inline string: its `t` parts, without phonetic runs."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def shared_strings(archive: zipfile.ZipFile, path: str) -> list[str]:
    strings = []
    for _name, element in _elements(archive, path, ("si",)):
        strings.append(_text_of(element))
        element.clear()
    return strings


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def rows(book: Book, path: str, limits: Limits, cells: list[int]):
    """(row number, {column index: text}) for each row of a sheet, gaps as empty rows."""
    expected_row = 1
    for _name, element in _elements(book.archive, path, ("row",)):
        current: dict[int, str] = {}
        column = -1
        for cell in element:
            if _local(cell.tag) != "c":
                continue
            cells[0] += 1
            if cells[0] > limits.cells:
                raise Unreadable(
                    _("more than {n:,} cells; the limit is {n:,}").format(n=limits.cells),
                    expected_row,
                )
            ref = _REF.fullmatch(cell.get("r") or "")
            column = _column_index(ref.group(1)) if ref else column + 1
            at = int(ref.group(2)) if ref else expected_row
            text = _value(book, cell, at, column)
            if text:
                if column >= limits.columns:
                    raise Unreadable(
                        _("more than {n} columns; the limit is {n}").format(n=limits.columns), at
                    )
                current[column] = text
        number = element.get("r")
        row = int(number) if number and number.isdigit() and len(number) < 8 else expected_row
        while expected_row < row:  # rows the sheet leaves out are empty
            yield expected_row, {}
            expected_row += 1
        yield row, current
        expected_row = max(row, expected_row) + 1
        element.clear()


def _value(book: Book, element, row: int, column: int) -> str:
    """A cell's value as CSV text; Unreadable naming the cell if it cannot be a value."""
    kind = element.get("t", "n")
    if kind == "inlineStr":
        found = next((c for c in element if _local(c.tag) == "is"), None)
        return "" if found is None else _text_of(found).strip()
    value = None
    for child in element:
        if child.tag[-1] == "v" and _local(child.tag) == "v":
            value = child.text
            break
    if not value:
        return ""
    try:
        if kind == "s":
            index = int(value)
            if not 0 <= index < len(book.shared):
                raise IndexError(index)
            return book.shared[index].strip()
        if kind in ("str", "e"):
            return value.strip()
        if kind == "b":
            return {"1": "true", "0": "false"}[value.strip()]
        if kind == "d":
            return datetime.fromisoformat(value.strip()).date().isoformat()
        return _number(book, value.strip(), int(element.get("s") or 0))
    except (ValueError, IndexError, KeyError, OverflowError, ArithmeticError):
        raise Unreadable(damaged_cell(), row, column_letter(column)) from None


def _number(book: Book, value: str, style: int) -> str:
    if style in book.date_styles:
        from openpyxl.utils.datetime import from_excel

        number = float(value)
        if not math.isfinite(number):
            raise ValueError(value)
        return cell_text(from_excel(number, book.epoch))
    if len(value) > 30:
        return value  # far beyond any real value: validation says so, int() need not try
    if value.isdigit() or (value[:1] == "-" and value[1:].isdigit()):
        return cell_text(int(value))
    return cell_text(float(value))


def cell_text(value: object) -> str:
    """The text a CSV file would hold for a spreadsheet cell's value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            return "nan" if math.isnan(value) else "inf"
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
    if isinstance(value, int):
        # A number cell drops a leading zero: 0101901234 becomes 101901234. Give such a
        # number its zero back when that makes it a CPR number, so validation rejects it.
        if 10**8 <= value < 10**9:
            padded = f"{value:010d}"
            return padded if looks_like_cpr(padded) else str(value)
        return str(value)
    return str(value).strip()
