"""A corpus of malformed and Danish-written scenarios, built by code from the sample.

`cases()` yields `Case`s: a scenario as files (one workbook, or a folder of CSV files), the
class of trouble it stands for, and what must come of it: the exit code of `pooling validate`,
a phrase the (English) problem says, where (sheet, row, column) if it matters, and a value
that must never be echoed. Any front end can run them: the CLI test writes the files to a
folder, a web test uploads each file. Building the whole corpus takes about a second.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "ostjylland-2027q1"
TABLES = ("courses", "schools", "offers", "requests")
DATE_COLUMNS = ("start_date", "earliest_start", "latest_start")
TEXT_COLUMNS = (
    "course_code",
    "postcode",
    "title",
    "name",
    "school_id",
    "request_id",
    "organisation_id",
    "organisation_kind",
)
# Values shaped like CPR numbers, as people write them; none may ever be echoed.
CPRS = ("0101901234", "010190-1234", "01.01.90-1234", "311299 4321", "2902001234")


@dataclass(frozen=True, slots=True)
class Case:
    """A scenario as files and what must come of it."""

    name: str
    kind: str
    files: dict[str, bytes]
    exit_code: int
    says: str = ""
    where: tuple[str | None, int | None, str | None] | None = None
    secret: str | None = None
    requests: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


def sample_records() -> dict[str, list[dict[str, str]]]:
    records = {}
    for name in TABLES:
        with open(SAMPLE / f"{name}.csv", encoding="utf-8", newline="") as f:
            records[name] = list(csv.DictReader(f))
    return records


def csv_bytes(
    rows: list[list[str]], separator: str = ",", encoding: str = "utf-8", bom: bool = False
) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def table_rows(records: list[dict[str, str]]) -> list[list[str]]:
    header = list(records[0])
    return [header] + [[r.get(h, "") for h in header] for r in records]


def folder(records, **replace: bytes) -> dict[str, bytes]:
    files = {f"{name}.csv": csv_bytes(table_rows(records[name])) for name in TABLES}
    files.update({f"{name}.csv": data for name, data in replace.items()})
    return files


def _typed(column: str, value: str) -> object:
    if not value:
        return None
    if column in DATE_COLUMNS:
        return date.fromisoformat(value)
    if value in ("true", "false"):
        return value == "true"
    if column not in TEXT_COLUMNS and re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        return float(value) if "." in value else int(value)
    return value


def workbook_bytes(
    records,
    titles: dict[str, str] | None = None,
    extra_sheets: dict[str, list[list[object]]] | None = None,
    typed: bool = True,
) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name in TABLES:
        sheet = workbook.create_sheet((titles or {}).get(name, name))
        rows = table_rows(records[name])
        sheet.append(rows[0])
        for row in rows[1:]:
            sheet.append([_typed(c, v) if typed else v for c, v in zip(rows[0], row, strict=True)])
    for title, rows in (extra_sheets or {}).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return shared_strings(out.getvalue())


def shared_strings(xlsx: bytes) -> bytes:
    """The workbook with its inline strings moved to a shared-strings part, as Excel saves."""
    strings: dict[bytes, int] = {}

    def share(match: re.Match) -> bytes:
        index = strings.setdefault(match.group(2), len(strings))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), index)

    inline = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>', re.S)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = inline.sub(share, data)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(info.filename, data)
        items = b"".join(b"<si><t>%s</t></si>" % text for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
            % (len(strings), len(strings), items),
        )
    return out.getvalue()


def patch(xlsx: bytes, part: str, change: Callable[[bytes], bytes | None]) -> bytes:
    """The workbook with one part changed (None removes it)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = change(data)
                if data is None:
                    continue
            target.writestr(info.filename, data)
    return out.getvalue()


def add_part(xlsx: bytes, part: str, data: bytes) -> bytes:
    out = io.BytesIO(xlsx)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(part, data)
    return out.getvalue()


def _xlsx(files_data: bytes) -> dict[str, bytes]:
    return {"scenario.xlsx": files_data}


REQUESTS_SHEET = "xl/worksheets/sheet4.xml"
OFFERS_SHEET = "xl/worksheets/sheet3.xml"


def _first_value_of(sheet: bytes, ref: str, value: bytes, kind: bytes | None = None) -> bytes:
    """The sheet with cell `ref` holding `value` (of type `kind`, if given)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"([^>]*?)(/>|>.*?</c>)', re.S)
    match = pattern.search(sheet)
    assert match, ref
    attributes = re.sub(rb'\s+t="[^"]*"', b"", match.group(1))
    if kind:
        attributes += b' t="' + kind + b'"'
    cell = b'<c r="' + ref.encode() + b'"' + attributes + b"><v>" + value + b"</v></c>"
    return sheet[: match.start()] + cell + sheet[match.end() :]


def danish_cases() -> Iterator[Case]:
    """The Danish-written cases alone (quick to build)."""
    yield from _danish(sample_records())


def cases() -> Iterator[Case]:
    records = sample_records()
    yield from _silent_loss(records)
    yield from _damaged(records)
    yield from _unbounded(records)
    yield from _unwritable(records)
    yield from _cpr(records)
    yield from _danish(records)


def _silent_loss(records) -> Iterator[Case]:
    """Workbooks whose declared size is not what they hold: every row must be read."""
    base = workbook_bytes(records)
    for ref in ("A1:L10", "A1:L2", "A1", "A1:B1", "A1:L1048576", "A1:XFD10"):
        data = patch(
            base,
            REQUESTS_SHEET,
            lambda x, ref=ref: re.sub(
                rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), x
            ),
        )
        yield Case(f"stale dimension {ref}", "silent-loss", _xlsx(data), 0, requests=48)
    removed = patch(base, REQUESTS_SHEET, lambda x: re.sub(rb"<dimension [^>]*/>", b"", x))
    yield Case("no dimension", "silent-loss", _xlsx(removed), 0, requests=48)
    # Rows below a gap of empty rows are rows too.
    gap = dict(records)
    gap_rows = table_rows(records["requests"])
    gap_csv = csv_bytes(gap_rows[:10] + [[""] * 12] * 30 + gap_rows[10:])
    yield Case("empty rows inside", "silent-loss", folder(gap, requests=gap_csv), 0, requests=48)
    # A value in a cell with no column name is a problem, not dropped.
    extra = [row + (["x"] if i == 5 else [""]) for i, row in enumerate(gap_rows)]
    yield Case(
        "value under no column name",
        "silent-loss",
        folder(records, requests=csv_bytes(extra)),
        1,
        "no column name",
        (None, 6, "M"),
    )


def _damaged(records) -> Iterator[Case]:
    """Damaged workbooks and odd numbers: a problem, never a traceback."""
    base = workbook_bytes(records)
    for ref in ("E2", "I2", "K3"):
        for value, kind in (
            (b"nan", None),
            (b"NaN", b"n"),
            (b"inf", None),
            (b"-inf", b"n"),
            (b"abc", b"n"),
            (b"1e999", None),
            (b"9" * 5000, b"n"),
            (b"999999999999999999999999", None),
            (b"99999", b"s"),
            (b"-1", b"s"),
            (b"2027-02-30", b"d"),
            (b"not a date", b"d"),
            (b"#DIV/0!", b"e"),
            (b"2", b"b"),
        ):
            data = patch(
                base, REQUESTS_SHEET, lambda x, r=ref, v=value, k=kind: _first_value_of(x, r, v, k)
            )
            shown = value.decode() if len(value) < 30 else f"{len(value)} digits"
            name = f"{ref} holds {shown} as {(kind or b'n').decode()}"
            yield Case(name, "traceback", _xlsx(data), 1)
    # A number cell whose style makes it a date, far beyond any calendar.
    styled = patch(base, OFFERS_SHEET, lambda x: _first_value_of(x, "C2", b"1e12"))
    yield Case("date cell beyond the calendar", "traceback", _xlsx(styled), 1)
    for name, part, change in (
        ("malformed sheet XML", REQUESTS_SHEET, lambda x: x[: len(x) // 2]),
        ("sheet XML not XML", REQUESTS_SHEET, lambda x: b"\x00\x01 not xml"),
        ("sheet part missing", REQUESTS_SHEET, lambda x: None),
        ("shared strings missing", "xl/sharedStrings.xml", lambda x: None),
        ("shared strings malformed", "xl/sharedStrings.xml", lambda x: x[:100]),
        ("styles malformed", "xl/styles.xml", lambda x: b"<styleSheet"),
        ("workbook part malformed", "xl/workbook.xml", lambda x: x[:50]),
        ("workbook rels missing", "xl/_rels/workbook.xml.rels", lambda x: None),
        ("content types missing", "[Content_Types].xml", lambda x: None),
        (
            "entity expansion",
            "xl/sharedStrings.xml",
            lambda x: (
                b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY l2 '
                b'"&lol;&lol;&lol;&lol;&lol;&lol;">]><sst><si><t>&l2;</t></si></sst>'
            ),
        ),
        (
            "shared string index out of range",
            REQUESTS_SHEET,
            lambda x: _first_value_of(x, "A2", b"999999", b"s"),
        ),
        (
            "negative shared string index",
            REQUESTS_SHEET,
            lambda x: _first_value_of(x, "B3", b"-5", b"s"),
        ),
    ):
        yield Case(name, "traceback", _xlsx(patch(base, part, change)), 1)
    chart = patch(
        base,
        "[Content_Types].xml",
        lambda x: x.replace(
            b"/xl/worksheets/sheet4.xml",
            b"/xl/chartsheets/sheet4.xml",
        ).replace(
            b'PartName="/xl/chartsheets/sheet4.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"',
            b'PartName="/xl/chartsheets/sheet4.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.chartsheet+xml"',
        ),
    )
    chart = patch(
        chart,
        "xl/_rels/workbook.xml.rels",
        lambda x: x.replace(b"worksheets/sheet4.xml", b"chartsheets/sheet4.xml").replace(
            b'relationships/worksheet" Target="/xl/chartsheets',
            b'relationships/chartsheet" Target="/xl/chartsheets',
        ),
    )
    chart = patch(chart, REQUESTS_SHEET, lambda x: None)
    chart = add_part(
        chart,
        "xl/chartsheets/sheet4.xml",
        b'<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        b"</chartsheet>",
    )
    yield Case("chart sheet where a table is expected", "traceback", _xlsx(chart), 1)
    for name, data in (
        ("not a zip", b"PK\x03\x04 this is no zip"),
        ("empty file", b""),
        ("old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
        ("truncated zip", base[: len(base) // 2]),
        ("csv named xlsx", csv_bytes(table_rows(records["requests"]))),
    ):
        yield Case(name, "traceback", _xlsx(data), 1)
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    yield Case("OpenDocument named xlsx", "traceback", _xlsx(ods.getvalue()), 1, "OpenDocument")
    # Numbers and postcodes in CSV that str.isdigit or int() would let through or choke on.
    for column, value in (
        ("learners", "9" * 5000),
        ("max_travel_km", "9" * 5000),
        ("max_travel_km", "1" + "0" * 400 + ",5"),
        ("learners", "²"),
        ("learners", "٣"),
        ("learners", "\uff13"),
        ("postcode", "8²00"),
        ("postcode", "\uff18\uff10\uff10\uff10"),
        ("postcode", "٨٠٠٠"),
        ("postcode", "80 00"),
        ("course_code", "4299\uff14"),
        ("course_code", "AMU \uff14\uff12\uff19\uff19\uff14"),
        ("priority", "¹"),
        ("earliest_start", "\uff12\uff10\uff12\uff17-02-01"),
        ("earliest_start", "01-02-\uff12\uff10\uff12\uff17"),
        ("earliest_start", "99-99-9999"),
        ("earliest_start", "0001-01-01T00:00:00"),
        ("learners", "1e3"),
        ("learners", "0x10"),
        ("learners", "1_000"),
    ):
        rows = table_rows(records["requests"])
        rows[1][rows[0].index(column)] = value
        # A cell beyond the reading limit is named by its letter: no header is read yet.
        letter = _col(rows[0].index(column)).decode() if len(value) > 1000 else column
        yield Case(
            f"{column} = {value[:12]!r}",
            "traceback",
            folder(records, requests=csv_bytes(rows)),
            1,
            where=(None, 2, letter),
        )


def _unbounded(records) -> Iterator[Case]:
    """Files that would take unbounded memory or time: stopped at a named limit."""
    base = workbook_bytes(records)
    big_string = b"<si><t>" + b"A" * 100_000 + b"</t></si>"
    bomb = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/' + (
        b'spreadsheetml/2006/main">' + big_string * 400 + b"</sst>"
    )
    yield Case(
        "shared strings bomb",
        "unbounded",
        _xlsx(patch(base, "xl/sharedStrings.xml", lambda x: bomb)),
        1,
        "limit",
    )
    many_si = b"<si><t>a</t></si>" * 500_000
    yield Case(
        "half a million shared strings",
        "unbounded",
        _xlsx(
            patch(base, "xl/sharedStrings.xml", lambda x: x.replace(b"</sst>", many_si + b"</sst>"))
        ),
        1,
        "limit",
    )

    def rows_after(x: bytes, rows: bytes) -> bytes:
        return x.replace(b"</sheetData>", rows + b"</sheetData>")

    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>r99</t></is></c></row>'
    yield Case(
        "a row at the bottom of the sheet",
        "unbounded",
        _xlsx(patch(base, REQUESTS_SHEET, lambda x: rows_after(x, far))),
        1,
        "rows; the limit",
    )
    million = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(60, 600_000)
    )
    yield Case(
        "600,000 rows",
        "unbounded",
        _xlsx(patch(base, REQUESTS_SHEET, lambda x: rows_after(x, million))),
        1,
        "limit",
    )
    wide = (
        b'<row r="60">'
        + b"".join(b'<c r="%s60"><v>1</v></c>' % _col(i) for i in range(200))
        + b"</row>"
    )
    yield Case(
        "200 columns",
        "unbounded",
        _xlsx(patch(base, REQUESTS_SHEET, lambda x: rows_after(x, wide))),
        1,
        "columns; the limit",
    )
    corner = b'<row r="60"><c r="XFD60"><v>1</v></c></row>'
    yield Case(
        "a cell in the last column",
        "unbounded",
        _xlsx(patch(base, REQUESTS_SHEET, lambda x: rows_after(x, corner))),
        1,
        "columns; the limit",
    )
    one_row = b'<row r="60">' + b'<c r="A60"><v>1</v></c>' * 450_000 + b"</row>"
    yield Case(
        "450,000 cells in one row",
        "unbounded",
        _xlsx(patch(base, REQUESTS_SHEET, lambda x: rows_after(x, one_row))),
        1,
        "limit",
    )
    long_cell = (
        b'<row r="60"><c r="B60" t="inlineStr"><is><t>' + b"x" * 50_000 + b"</t></is></c></row>"
    )
    yield Case(
        "a cell of 50,000 characters",
        "unbounded",
        _xlsx(patch(base, REQUESTS_SHEET, lambda x: rows_after(x, long_cell))),
        1,
        "characters; the limit",
        (None, 60, "B"),
    )
    styles = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    styles += b"<cellXfs>" + b'<xf numFmtId="0"/>' * 200_000 + b"</cellXfs></styleSheet>"
    yield Case(
        "200,000 styles",
        "unbounded",
        _xlsx(patch(base, "xl/styles.xml", lambda x: styles)),
        1,
        "limit",
    )
    sheets = {f"extra {i}": [["x"]] for i in range(30)}
    yield Case(
        "30 sheets",
        "unbounded",
        _xlsx(workbook_bytes(records, extra_sheets=sheets)),
        1,
        "sheets; the limit",
    )
    many_parts = io.BytesIO(base)
    with zipfile.ZipFile(many_parts, "a") as target:
        for i in range(1_001):
            target.writestr(f"docProps/custom{i}.xml", b"<a/>")
    many_parts = many_parts.getvalue()
    yield Case("1,001 parts", "unbounded", _xlsx(many_parts), 1, "parts; the limit")
    yield Case(
        "11 MB workbook",
        "unbounded",
        _xlsx(add_part(base, "xl/media/image1.bin", random.Random(1).randbytes(11 * 1024 * 1024))),
        1,
        "MB; the limit",
    )
    rows = table_rows(records["requests"])
    for name, data, says in (
        ("11 MB CSV", csv_bytes(rows) + b"x" * (11 * 1024 * 1024), "MB; the limit"),
        ("60,000 CSV rows", csv_bytes(rows + [rows[1]] * 60_000), "limit"),
        ("100 CSV columns", csv_bytes([r + ["1"] * 100 for r in rows]), "columns; the limit"),
        ("a CSV cell of 2,000 characters", csv_bytes([*rows, ["y" * 2000]]), "characters"),
        ("a CSV cell of 200,000 characters", csv_bytes([*rows, ["y" * 200_000]]), "characters"),
        (
            "a CSV of 500,000 empty cells",
            csv_bytes(rows + [[""] * 50] * 10_000),
            "cells; the limit",
        ),
        ("an unclosed quote", csv_bytes(rows) + b'"r99,' + b"z" * 300_000, "characters"),
    ):
        yield Case(name, "unbounded", folder(records, requests=data), 1, says)


def _col(i: int) -> bytes:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters.encode()


def _unwritable(records) -> Iterator[Case]:
    """Text no output file could hold is refused where it comes in, naming the column."""
    spots = (
        ("schools", "name"),
        ("courses", "title"),
        ("requests", "organisation_id"),
        ("requests", "request_id"),
        ("offers", "school_id"),
    )
    for table, column in spots:
        for char in ("\ufffe", "\uffff", "\x00", "\x0b", "\x1b", "\ufdd0", "\U0001fffe"):
            changed = {k: [dict(r) for r in v] for k, v in records.items()}
            value = changed[table][1][column]
            changed[table][1][column] = value[:1] + char + value[1:]
            data = table_rows(changed[table])
            yield Case(
                f"{table}.{column} holds U+{ord(char):04X}",
                "broken-output",
                folder(records, **{table: csv_bytes(data)}),
                1,
                "remove it",
                (None, 3, column),
            )
    lone = csv_bytes(table_rows(records["schools"]), encoding="utf-8").replace(
        b"Tradium", b"Trad\xed\xa0\x80ium"
    )
    yield Case(
        "a lone surrogate in UTF-8",
        "broken-output",
        folder(records, schools=lone),
        1,
        "not valid UTF-8",
        (None, 5, None),
    )


def _cpr(records) -> Iterator[Case]:
    """CPR numbers anywhere in what is uploaded: refused, column named, never echoed."""
    for i, secret in enumerate(CPRS):
        for table, column in (
            ("requests", "organisation_id"),
            ("requests", "request_id"),
            ("schools", "name"),
            ("courses", "title"),
            ("offers", "school_id"),
        ):
            changed = {k: [dict(r) for r in v] for k, v in records.items()}
            changed[table][i][column] = f"x {secret}"
            yield Case(
                f"CPR {secret} in {table}.{column} (csv)",
                "cpr",
                folder(records, **{table: csv_bytes(table_rows(changed[table]))}),
                1,
                "CPR",
                (None, i + 2, column),
                secret,
            )
            yield Case(
                f"CPR {secret} in {table}.{column} (xlsx)",
                "cpr",
                _xlsx(workbook_bytes(changed)),
                1,
                "CPR",
                (table, i + 2, column),
                secret,
            )
        sheets = {"Noter": [["note"], ["kursist", secret]]}
        yield Case(
            f"CPR {secret} on an extra sheet",
            "cpr",
            _xlsx(workbook_bytes(records, extra_sheets=sheets)),
            1,
            "CPR",
            ("Noter", 2, "B"),
            secret,
        )
        titled = [[f"Behov til {secret}"], *table_rows(records["requests"])]
        yield Case(
            f"CPR {secret} in a title row",
            "cpr",
            folder(records, requests=csv_bytes(titled)),
            1,
            "CPR",
            (None, 1, "A"),
            secret,
        )
        header = table_rows(records["requests"])
        header[0] = [*header[0], secret]
        header[1:] = [[*r, ""] for r in header[1:]]
        yield Case(
            f"CPR {secret} as a column name",
            "cpr",
            folder(records, requests=csv_bytes(header)),
            1,
            "CPR",
            (None, 1, "M"),
            secret,
        )
    # A number cell that lost its leading zero.
    dropped = patch(
        workbook_bytes(records),
        REQUESTS_SHEET,
        lambda x: _first_value_of(x, "B2", b"101901234"),
    )
    yield Case(
        "CPR as a number cell",
        "cpr",
        _xlsx(dropped),
        1,
        "CPR",
        ("requests", 2, "organisation_id"),
        "101901234",
    )
    # A P-number outside its column is refused, and the message says where it goes.
    changed = {k: [dict(r) for r in v] for k, v in records.items()}
    changed["requests"][0]["organisation_id"] = "p-1003388394"
    yield Case(
        "P-number outside p_number",
        "cpr",
        folder(records, requests=csv_bytes(table_rows(changed["requests"]))),
        1,
        "p_number",
        (None, 2, "organisation_id"),
        "1003388394",
    )
    # In its own column it is a P-number, and a CVR number is checked.
    for p_number, cvr, code in (("1003388394", "", 0), ("", "25313763", 0), ("", "25313764", 1)):
        changed = {k: [dict(r) for r in v] for k, v in records.items()}
        for r in changed["requests"]:
            r["p_number"], r["cvr"] = "", ""
        changed["requests"][0]["p_number"] = p_number
        changed["requests"][0]["cvr"] = cvr
        yield Case(
            f"p_number {p_number or '-'}, cvr {cvr or '-'}",
            "cpr",
            folder(records, requests=csv_bytes(table_rows(changed["requests"]))),
            code,
            "CVR" if code else "",
            (None, 2, "cvr") if code else None,
        )


def danish_records(records) -> dict[str, list[dict[str, str]]]:
    """The sample as a Danish coordinator types it: Danish column names, dates, booleans,
    decimal commas, kinds, AMU numbers, and municipality names where they mean the same
    place as the postcode."""
    from geo import load_places
    from pooling.municipalities import reference_postcode

    names = {
        "course_code": "Kursusnummer",
        "title": "Titel",
        "duration_days": "Varighed (dage)",
        "min_participants": "Min. deltagere",
        "max_participants": "Maks. deltagere",
        "school_id": "Skole",
        "name": "Navn",
        "postcode": "Postnummer",
        "start_date": "Startdato",
        "max_parallel": "Parallelle hold",
        "price_dkk": "Pris",
        "guaranteed": "Garanteret",
        "seats_taken": "Optagne pladser",
        "request_id": "Behov ID",
        "organisation_id": "Organisation",
        "organisation_kind": "Organisationstype",
        "learners": "Antal deltagere",
        "earliest_start": "Tidligste start",
        "latest_start": "Seneste start",
        "max_travel_km": "Maks km",
        "keep_together": "Samlet",
        "priority": "Prioritet",
        "max_travel_minutes": "Maks minutter",
    }
    kinds = {"jobcentre": "Jobcenter", "a-kasse": "A-kasse", "firm": "Virksomhed"}
    places = load_places()
    danish = {}
    for table, rows in records.items():
        out = []
        for row in rows:
            new = {}
            for column, value in row.items():
                if column in DATE_COLUMNS or column == "start_date":
                    y, m, d = value.split("-")
                    value = f"{d}-{m}-{y}" if len(out) % 2 else f"{d}.{m}.{y}"
                elif value in ("true", "false"):
                    value = {"true": "SAND", "false": "FALSK"}[value]
                elif column == "organisation_kind":
                    value = kinds[value]
                elif column == "course_code" and len(out) % 3 == 0:
                    value = f"AMU {value}"
                elif column == "course_code" and len(out) % 3 == 1:
                    value = f"0{value}"
                elif column == "postcode":
                    municipality = places.municipality_of_postcode(value)
                    if municipality and reference_postcode(municipality.code) == value:
                        value = municipality.name
                elif column == "duration_days" and value:
                    value = value.replace(".", ",")
                elif column == "price_dkk" and len(value) > 3:
                    value = f"{value[:-3]}.{value[-3:]}"
                new[names.get(column, column)] = value
            out.append(new)
        danish[table] = out
    return danish


DANISH_SHEETS = {"courses": "Kurser", "schools": "Skoler", "offers": "Udbud", "requests": "Behov"}


def _danish(records) -> Iterator[Case]:
    """The sample as Danes save it must read as the sample."""
    danish = danish_records(records)
    for encoding, bom in (("cp1252", False), ("utf-8", True), ("utf-8", False)):
        for separator in (";", ",", "\t"):
            files = {}
            for table in TABLES:
                rows = [[f"{DANISH_SHEETS[table]} - RAR Østjylland 2027"]]
                rows += table_rows(danish[table])
                files[f"{DANISH_SHEETS[table]}.csv"] = csv_bytes(rows, separator, encoding, bom)
            yield Case(
                f"Danish Excel CSV {encoding}{' BOM' if bom else ''} {separator!r}",
                "danish",
                files,
                0,
                requests=48,
            )
    titled = workbook_bytes(danish, titles=DANISH_SHEETS, typed=False)
    yield Case("Danish workbook", "danish", _xlsx(titled), 0, requests=48)
    unreadable = csv_bytes(table_rows(records["requests"])).replace(b"r01", b"r\x81\x8d")
    yield Case(
        "neither UTF-8 nor Windows-1252",
        "danish",
        folder(records, requests=unreadable),
        1,
        "save it as CSV UTF-8",
    )
