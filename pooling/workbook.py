"""Reading the sheets of an untrusted .xlsx workbook as lines of text, within limits.

Before openpyxl opens the file, its zip directory is checked: the number of parts, each part's
unzipped size and compression ratio, the total, and how many cells, rows and shared strings the
XML holds (counted in the bytes, so a crafted part is refused before it is parsed). Sheets are
then read without trusting the size they declare (a stale `dimension` would hide rows), and
reading stops at the first limit hit. Whatever openpyxl raises for a damaged part becomes one
`Unreadable` naming the sheet and the row reached. Cells become the text a CSV file would
hold; nothing here interprets them. Found values are never put in a message.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from pooling.cpr import looks_like_cpr
from pooling.dialect import Unreadable, column_letter, too_big
from pooling.i18n import _
from pooling.limits import LIMITS, Limits

# Element starts as the bytes show them, with or without a namespace prefix. Text that holds
# ":c " counts too: an over-count can only refuse a file, never let a bigger one through.
_CELL_STARTS = (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")
_SHARED_STARTS = (b"<si ", b"<si>", b"<si/", b":si ", b":si>", b":si/")
_XLS = b"\xd0\xcf\x11\xe0"


def _save(cause: str) -> str:
    return f"{cause}; {_('save it from the spreadsheet as an Excel workbook (.xlsx)')}"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: its title and lines, or why it cannot be read (`problem`, at `row`)."""

    title: str
    lines: list[tuple[str, ...]]
    problem: str | None = None
    row: int | None = None
    column: str | None = None


def read_workbook(data: bytes, limits: Limits = LIMITS) -> list[Sheet]:
    """Every sheet of the workbook `data`; Unreadable if the file as a whole cannot be read."""
    if len(data) > limits.file_bytes:
        raise Unreadable(too_big(len(data), limits.file_bytes))
    if data.startswith(_XLS):
        raise Unreadable(_save(_("an old Excel 97-2003 workbook (.xls)")))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise Unreadable(_save(_("not an .xlsx workbook (not a zip file)"))) from None
    with archive:
        _check_parts(archive, limits)
    book = _open(data)
    try:
        if len(book.sheets) > limits.sheets:
            raise Unreadable(_("more than {n} sheets; the limit is {n}").format(n=limits.sheets))
        cells = [0]
        return [
            _read_sheet(book, title, path, chart, limits, cells)
            for title, path, chart in book.sheets
        ]
    finally:
        book.close()


def _check_parts(archive: zipfile.ZipFile, limits: Limits) -> None:
    try:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
            raise Unreadable(_save(_("an OpenDocument spreadsheet (.ods)")))
        if len(infos) > limits.parts:
            raise Unreadable(_("more than {n:,} parts; the limit is {n:,}").format(n=limits.parts))
        if sum(info.file_size for info in infos) > limits.total_bytes:
            raise Unreadable(
                _("unzips to more than {n} MB; the limit is {n} MB").format(
                    n=limits.total_bytes // 1024 // 1024
                )
            )
        cells = 0
        for info in infos:
            cells += _check_part(archive, info, limits)
            if cells > limits.cells:
                raise Unreadable(
                    _("more than {n:,} cells; the limit is {n:,}").format(n=limits.cells)
                )
    except Unreadable:
        raise
    except Exception:  # zipfile and zlib raise many kinds for a damaged or encrypted part
        raise Unreadable(_save(_("a damaged workbook (a part cannot be unzipped)"))) from None


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> int:
    """The cells `info` holds; Unreadable if it is bigger than its limits."""
    name = info.filename.lower()
    table_part = "worksheets/" in name or "sharedstrings" in name
    limit = (
        limits.part_bytes
        if table_part or not name.endswith((".xml", ".rels"))
        else (limits.other_part_bytes)
    )
    if info.file_size > limit:
        raise Unreadable(
            _("part {part} unzips to {size:.1f} MB; the limit is {limit:.0f} MB").format(
                part=info.filename, size=info.file_size / 1024 / 1024, limit=limit / 1024 / 1024
            )
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_from_bytes and ratio > limits.compression_ratio:
        raise Unreadable(
            _("part {part} is compressed {ratio:.0f} times; the limit is {limit}").format(
                part=info.filename, ratio=ratio, limit=limits.compression_ratio
            )
        )
    if not name.endswith((".xml", ".rels")):
        return 0
    # zipfile stops at the size the directory declares and checks the CRC, so this read is
    # bounded by the limits above.
    xml = archive.read(info)
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise Unreadable(_save(_("a workbook part declares a document type, which is not allowed")))
    if "worksheets/" in name:
        return _count(xml, _CELL_STARTS)
    if "sharedstrings" in name:
        if _count(xml, _SHARED_STARTS) > limits.cells:
            raise Unreadable(
                _("more than {n:,} shared strings; the limit is {n:,}").format(n=limits.cells)
            )
        return 0
    if xml.count(b"<") > limits.other_part_elements:
        raise Unreadable(
            _("part {part} holds more than {n:,} elements; the limit is {n:,}").format(
                part=info.filename, n=limits.other_part_elements
            )
        )
    return 0


def _count(xml: bytes, starts: tuple[bytes, ...]) -> int:
    return sum(xml.count(start) for start in starts)


def _open(data: bytes) -> _Book:
    """The workbook's structure, styles and shared strings, read with openpyxl's parts."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it skips (no styles, extensions): not the user's.
            warnings.simplefilter("ignore")
            reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [
                (sheet.name, rel.target, "chartsheet" in rel.Type)
                for sheet, rel in reader.parser.find_sheets()
            ]
            found = reader.package.find(SHARED_STRINGS)
            shared = _shared_strings(reader.archive, found.PartName[1:]) if found else []
    except Unreadable:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(_save(_("a damaged workbook that cannot be opened"))) from None
    return _Book(
        archive=reader.archive,
        sheets=sheets,
        shared=shared,
        date_styles=frozenset(reader.wb._date_formats),
        epoch=reader.wb.epoch,
    )


@dataclass(frozen=True, slots=True)
class _Book:
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


def _shared_strings(archive: zipfile.ZipFile, path: str) -> list[str]:
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


def _rows(book: _Book, path: str, limits: Limits, cells: list[int]):
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


def _value(book: _Book, element, row: int, column: int) -> str:
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
        raise Unreadable(
            _save(_("a damaged sheet: a cell cannot be read")), row, column_letter(column)
        ) from None


def _number(book: _Book, value: str, style: int) -> str:
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


def _read_sheet(book: _Book, title: str, path: str, chart: bool, limits, cells) -> Sheet:
    if chart:
        return Sheet(title, [], _("a chart sheet, not a table"))
    lines: list[tuple[str, ...]] = []
    row = 0
    try:
        for row, values in _rows(book, path, limits, cells):
            if len(lines) >= limits.rows:
                message = _("more than {n:,} rows; the limit is {n:,}").format(n=limits.rows)
                return Sheet(title, [], message)
            width = max(values, default=-1) + 1
            line = tuple(values.get(i, "") for i in range(width))
            for i, text in enumerate(line):
                if len(text) > limits.cell_chars:
                    raise Unreadable(
                        _("a cell longer than {n:,} characters; the limit is {n:,}").format(
                            n=limits.cell_chars
                        ),
                        row,
                        column_letter(i),
                    )
            lines.append(line)
    except Unreadable as unreadable:
        return Sheet(title, [], unreadable.message, unreadable.row, unreadable.column)
    except Exception:  # bad XML, a part that is not there
        message = _save(_("a damaged sheet: a cell cannot be read"))
        return Sheet(title, [], message, row + 1)
    return Sheet(title, lines)


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
