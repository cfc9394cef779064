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
_NEGATIVE_SHARED = re.compile(
    rb'<(?:[\w.-]+:)?c\b(?=[^>]*\bt="s")(?:[^>]*\br="([^"]*)")?[^>]*>\s*<(?:[\w.-]+:)?v>\s*-'
)
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
    workbook = _open(data)
    try:
        titles = list(workbook.sheetnames)
        if len(titles) > limits.sheets:
            raise Unreadable(_("more than {n} sheets; the limit is {n}").format(n=limits.sheets))
        cells = [0]
        return [_read_sheet(workbook, title, limits, cells) for title in titles]
    finally:
        workbook.close()


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
    if "worksheets/" in name:
        # openpyxl would take a negative shared-string index from the end of the list.
        bad = _NEGATIVE_SHARED.search(xml)
        if bad:
            ref = re.match(r"([A-Z]+)([0-9]+)", bad.group(1).decode("ascii", "replace"))
            raise Unreadable(
                _save(_("a damaged sheet: a cell refers to a shared string that is not there")),
                int(ref.group(2)) if ref else None,
                ref.group(1) if ref else None,
            )
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


def _open(data: bytes):
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it skips (data validation, extensions): not ours.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(_save(_("a damaged workbook that cannot be opened"))) from None


def _read_sheet(workbook, title: str, limits: Limits, cells: list[int]) -> Sheet:
    lines: list[tuple[str, ...]] = []
    try:
        sheet = workbook[title]
        if not hasattr(sheet, "iter_rows"):
            return Sheet(title, [], _("a chart sheet, not a table"))
        # The declared dimension may be stale: read what is there.
        sheet.reset_dimensions()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for values in sheet.iter_rows(values_only=True):
                if len(lines) >= limits.rows:
                    return Sheet(
                        title,
                        [],
                        _("more than {n:,} rows; the limit is {n:,}").format(n=limits.rows),
                    )
                cells[0] += len(values)
                if cells[0] > limits.cells:
                    return Sheet(
                        title,
                        [],
                        _("more than {n:,} cells; the limit is {n:,}").format(n=limits.cells),
                        len(lines) + 1,
                    )
                lines.append(_line(values, limits, len(lines) + 1))
    except Unreadable as unreadable:
        return Sheet(title, [], unreadable.message, unreadable.row, unreadable.column)
    except Exception:  # a damaged sheet: bad XML, a bad number, a string that is not there
        return Sheet(
            title,
            [],
            _save(_("a damaged sheet: a cell cannot be read")),
            len(lines) + 1,
        )
    return Sheet(title, lines)


def _line(values: tuple, limits: Limits, row: int) -> tuple[str, ...]:
    end = len(values)
    while end and values[end - 1] in (None, ""):
        end -= 1
    if end > limits.columns:
        raise Unreadable(_("more than {n} columns; the limit is {n}").format(n=limits.columns), row)
    line = []
    for i in range(end):
        text = cell_text(values[i])
        if len(text) > limits.cell_chars:
            raise Unreadable(
                _("a cell longer than {n:,} characters; the limit is {n:,}").format(
                    n=limits.cell_chars
                ),
                row,
                column_letter(i),
            )
        line.append(text)
    return tuple(line)


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
        padded = f"{value:010d}"
        return padded if 0 <= value < 10**9 and looks_like_cpr(padded) else str(value)
    return str(value).strip()
