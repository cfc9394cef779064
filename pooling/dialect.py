"""Reading the lines of a CSV file as Danes save them, within limits.

Danish Excel saves "CSV (semikolonsepareret)" in Windows-1252 with semicolons and decimal
commas, and "CSV UTF-8" with a byte-order mark; other tools write UTF-8 with commas, and some
UTF-16 with a byte-order mark. The encoding is taken from the byte-order mark, else UTF-8 if
the bytes are UTF-8, else Windows-1252; the separator is the one of `;`, `,` and tab that
splits the first lines most. Reading stops at the first limit hit. This module returns cells
as text and interprets none of them; a file it cannot read is one `Unreadable` with the cause.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pooling.i18n import _
from pooling.limits import LIMITS, Limits

SEPARATORS = (";", ",", "\t")
# A letter such as æ, ø or å in UTF-8; Windows-1252 text has these bytes in other orders.
_UTF8_LETTER = re.compile(rb"[\xc3][\x80-\xbf]")


class Unreadable(Exception):
    """The file cannot be read; `message` says why and what to do, `row` where, if known."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message, self.row, self.column = message, row, column


@dataclass(frozen=True, slots=True)
class CsvText:
    """The lines of a CSV file, and how it was written."""

    lines: list[tuple[str, ...]]
    encoding: str
    separator: str


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the name of its encoding; Unreadable if it is none we know."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "UTF-8", data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), encoding
        except UnicodeDecodeError:
            raise Unreadable(
                _("marked as UTF-8 but is not UTF-8 text; save it as CSV UTF-8")
            ) from None
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), "UTF-16"
            except UnicodeDecodeError:
                raise Unreadable(
                    _("marked as UTF-16 but is not UTF-16 text; save it as CSV UTF-8")
                ) from None
    head = data[:4096]
    if head.count(b"\x00") * 4 > len(head):  # UTF-16 without its mark, or not text at all
        raise Unreadable(_("not a text file (it holds NUL bytes); save it as CSV UTF-8"))
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as error:
        if _UTF8_LETTER.search(data):
            # UTF-8 letters elsewhere: a damaged UTF-8 file, not Windows-1252.
            row = data.count(b"\n", 0, error.start) + 1
            raise Unreadable(
                _("not valid UTF-8 text (a damaged character); save it as CSV UTF-8"), row=row
            ) from None
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise Unreadable(
            _("neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8 from the spreadsheet")
        ) from None


def separator_of(text: str) -> str:
    """The separator that splits the first non-empty lines into the most cells."""
    sample = [line for line in text[:65_536].splitlines()[:20] if line.strip()][:10]
    best, best_count = ",", 0
    for separator in SEPARATORS:
        count = sum(len(cells) - 1 for cells in csv.reader(sample, delimiter=separator))
        if count > best_count:
            best, best_count = separator, count
    return best


def read_csv(data: bytes, limits: Limits = LIMITS) -> CsvText:
    """The lines of the CSV file `data` (cells stripped); Unreadable if it cannot be read."""
    if len(data) > limits.file_bytes:
        raise Unreadable(too_big(len(data), limits.file_bytes))
    text, encoding = decode(data)
    separator = separator_of(text)
    lines: list[tuple[str, ...]] = []
    cells = 0
    for line in _records(text, separator, limits):
        if len(lines) >= limits.rows:
            raise Unreadable(_("more than {n:,} rows; the limit is {n:,}").format(n=limits.rows))
        if len(line) > limits.columns:
            raise Unreadable(
                _("more than {n} columns; the limit is {n}").format(n=limits.columns),
                row=len(lines) + 1,
            )
        cells += len(line)
        if cells > limits.cells:
            raise Unreadable(
                _("more than {n:,} cells; the limit is {n:,}").format(n=limits.cells),
                row=len(lines) + 1,
            )
        for i, cell in enumerate(line):
            if len(cell) > limits.cell_chars:
                raise Unreadable(
                    _("a cell longer than {n:,} characters; the limit is {n:,}").format(
                        n=limits.cell_chars
                    ),
                    row=len(lines) + 1,
                    column=column_letter(i),
                )
        lines.append(tuple(cell.strip() for cell in line))
    return CsvText(lines, encoding, separator)


def _records(text: str, separator: str, limits: Limits) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        yield from reader
    except csv.Error as error:
        # The csv module stops at a cell beyond its own limit or a NUL; either is the file's.
        if "field larger" in str(error):
            message = _("a cell longer than {n:,} characters; the limit is {n:,}").format(
                n=limits.cell_chars
            )
        else:
            message = _("not readable as CSV ({error})").format(error=error)
        raise Unreadable(message, row=reader.line_num) from None


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column `index` (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def too_big(size: int, limit: int) -> str:
    return _("the file is {size:.1f} MB; the limit is {limit:.0f} MB").format(
        size=size / 1024 / 1024, limit=limit / 1024 / 1024
    )
