"""Reading the sheets of an untrusted .xlsx workbook as lines of text, within limits.

Before anything is parsed, the zip directory is checked: the number of parts, each part's
unzipped size and compression ratio, the total, how many cells and shared strings the XML
holds (counted in the bytes, so a crafted part is refused before it is parsed), and that no
part declares a DTD. openpyxl then reads the workbook's structure and styles; the sheets are
read by `pooling.sheetxml` without trusting the size they declare (a stale `dimension` would
hide rows), and reading stops at the first limit hit. Whatever fails for a damaged part
becomes one problem naming the sheet, and the row and column where known. Cells become the
text a CSV file would hold; nothing here interprets them or puts a found value in a message.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass

from pooling.dialect import Unreadable, column_letter, too_big
from pooling.i18n import _
from pooling.limits import LIMITS, Limits
from pooling.sheetxml import Book, damaged_cell, rows, shared_strings

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


def _open(data: bytes) -> Book:
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
            shared = shared_strings(reader.archive, found.PartName[1:]) if found else []
    except Unreadable:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(_save(_("a damaged workbook that cannot be opened"))) from None
    return Book(
        archive=reader.archive,
        sheets=sheets,
        shared=shared,
        date_styles=frozenset(reader.wb._date_formats),
        epoch=reader.wb.epoch,
    )


def _read_sheet(book: Book, title: str, path: str, chart: bool, limits, cells) -> Sheet:
    if chart:
        return Sheet(title, [], _("a chart sheet, not a table"))
    lines: list[tuple[str, ...]] = []
    row = 0
    try:
        for row, values in rows(book, path, limits, cells):
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
        message = damaged_cell()
        return Sheet(title, [], message, row + 1)
    return Sheet(title, lines)
