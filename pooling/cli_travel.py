"""`pooling travel`: road or geodesic distance between postcodes or municipalities.

One pair: `pooling travel 8000 4400 [--model road|geodesic]` prints km, minutes and the
bridges and ferries used. Many pairs: `pooling travel --pairs pairs.csv [--out out.csv]` reads
`from_postcode,to_postcode` rows and writes them back with `km` and `minutes`. Exit codes as
for every `pooling` command: 0 ok; 1 invalid input (an unknown FROM or TO, or every problem
in the pairs file, listed on stderr with file, row and column; nothing is written); 2 usage
(including an --out that cannot be written). A value shaped like a CPR number is rejected and
never echoed. This module only parses input and prints; the travel arithmetic lives in `geo`.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from geo import Place, load_places, travel_model
from geo.travel import TRAVEL_MODELS
from pooling.cli_files import check_writable, write_together
from pooling.cpr import looks_like_cpr
from pooling.problems import Problem

PAIR_COLUMNS = ("from_postcode", "to_postcode")
RESULT_COLUMNS = ("km", "minutes")
_CPR_MESSAGE = (
    "a value shaped like a CPR number (not shown); CPR numbers must never be in the input"
)
_ECHO_CHARS = 40  # longest value quoted back in a message


def resolve(code: str) -> Place | None:
    """A 4-digit postcode or a 3-digit municipality code as a place, or None if unknown."""
    code = code.strip()
    places = load_places()
    if code.isdigit() and len(code) == 4:
        postcode = places.postcode(code)
        return None if postcode is None else postcode.place
    if code.isdigit() and len(code) == 3:
        m = places.municipality(code)
        return None if m is None else Place(f"mun:{m.code}", m.lat, m.lon, f"{m.code} {m.name}")
    return None


def _quoted(value: str) -> str:
    return repr(value if len(value) <= _ECHO_CHARS else value[:_ECHO_CHARS] + "...")


def _fail(problems: Sequence[object], summary: str | None = None) -> NoReturn:
    """Every problem on stderr, then exit 1 (invalid input)."""
    for problem in problems:
        click.echo(str(problem), err=True)
    if summary:
        click.echo(summary, err=True)
    sys.exit(1)


def _fail_pairs(problems: list[Problem]) -> NoReturn:
    _fail(problems, f"{len(problems)} problem(s); nothing was written.")


def _read_records(path: Path) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The non-blank CSV records of `path` with their line numbers, or the problem reading it."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [Problem(file=name, row=None, column=None, message=f"cannot be read: {error}")]
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = (
            f"not UTF-8 text (byte 0x{data[error.start]:02X} cannot be decoded); save the file "
            "as UTF-8 (in Excel: CSV UTF-8)"
        )
        return [], [Problem(file=name, row=line, column=None, message=message)]
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):  # blank rows are skipped
                records.append((reader.line_num, cells))
    except csv.Error as error:
        message = f"not readable as CSV: {error}"
        return [], [Problem(file=name, row=reader.line_num, column=None, message=message)]
    return records, []


def _header_problems(name: str, line: int, header: list[str]) -> list[Problem]:
    """Problems with the header row: CPR-shaped names, repeats, result columns, gaps."""
    problems = []
    names = [h.strip().lower() for h in header]
    for i, cell in enumerate(header, start=1):
        if looks_like_cpr(cell):
            problems.append(Problem(file=name, row=line, column=str(i), message=_CPR_MESSAGE))
    for column in dict.fromkeys(names):
        where = [i for i, n in enumerate(names, start=1) if n == column]
        if column and len(where) > 1 and not looks_like_cpr(column):
            problems.append(
                Problem(
                    file=name,
                    row=line,
                    column=column,
                    message=f"the column appears {len(where)} times (columns "
                    f"{' and '.join(map(str, where))}); every column name must be unique",
                )
            )
    for column in RESULT_COLUMNS:
        if column in names:
            problems.append(
                Problem(
                    file=name,
                    row=line,
                    column=column,
                    message="the file already has a column the result would overwrite; "
                    f"remove or rename it ({' and '.join(RESULT_COLUMNS)} are added)",
                )
            )
    missing = [repr(column) for column in PAIR_COLUMNS if column not in names]
    if missing:
        hint = ""
        if len(header) == 1 and ";" in header[0]:
            hint = "; the header looks separated by ';': save the file comma-separated"
        problems.append(
            Problem(
                file=name,
                row=line,
                column=None,
                message=f"no column {' nor '.join(missing)}; expected a header with "
                f"{','.join(PAIR_COLUMNS)}{hint}",
            )
        )
    return problems


def _read_pairs(pairs: Path) -> tuple[list[str], list[tuple[list[str], Place, Place, int]]]:
    """The header and every row with its two places; exits 1 listing every problem."""
    name = str(pairs)
    records, problems = _read_records(pairs)
    if problems:
        _fail_pairs(problems)
    if not records:
        _fail_pairs(
            [
                Problem(
                    file=name,
                    row=None,
                    column=None,
                    message=f"the file is empty; expected a header with {','.join(PAIR_COLUMNS)}",
                )
            ]
        )
    header_line, header = records[0]
    problems = _header_problems(name, header_line, header)
    names = [h.strip().lower() for h in header]
    columns = {c: names.index(c) for c in PAIR_COLUMNS if names.count(c) == 1}
    labels = [n if n and not looks_like_cpr(n) else str(i) for i, n in enumerate(names, 1)]
    places = load_places()
    rows = []
    for line, cells in records[1:]:
        cpr = {i for i, cell in enumerate(cells) if looks_like_cpr(cell)}
        for i in sorted(cpr):
            column = labels[i] if i < len(labels) else str(i + 1)
            problems.append(Problem(file=name, row=line, column=column, message=_CPR_MESSAGE))
        if len(cells) != len(header):
            problems.append(
                Problem(
                    file=name,
                    row=line,
                    column=None,
                    message=f"{len(cells)} cell(s), expected {len(header)} (one per column "
                    "of the header)",
                )
            )
            continue
        ends = []
        for column in PAIR_COLUMNS:
            if column not in columns or columns[column] in cpr:
                continue
            value = cells[columns[column]].strip()
            postcode = places.postcode(value)
            if postcode is None:
                problems.append(
                    Problem(
                        file=name,
                        row=line,
                        column=column,
                        message=f"{_quoted(value)} is not a known 4-digit Danish postcode",
                    )
                )
            else:
                ends.append(postcode.place)
        if len(ends) == 2:
            rows.append((cells, ends[0], ends[1], line))
    if problems:
        _fail_pairs(problems)
    return header, rows


def _run_pairs(pairs: Path, out: Path | None, model_name: str) -> None:
    if out is not None:
        check_writable(out, "--out")
    header, rows = _read_pairs(pairs)
    model = travel_model(model_name)
    results, problems = [], []
    for cells, origin, destination, line in rows:
        leg = model.leg(origin, destination)
        if not math.isfinite(leg.minutes):
            problems.append(
                Problem(
                    file=str(pairs),
                    row=line,
                    column=None,
                    message=f"no {model_name} route from {origin.label} to {destination.label}",
                )
            )
            continue
        results.append([*cells, f"{leg.km:.1f}", f"{leg.minutes:.0f}"])
    if problems:
        _fail_pairs(problems)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*header, *RESULT_COLUMNS])
    writer.writerows(results)
    if out is None:
        sys.stdout.write(buffer.getvalue())
        return
    text = buffer.getvalue()
    try:
        write_together([(out, lambda path: path.write_text(text, encoding="utf-8"))])
    except OSError as error:
        raise click.FileError(str(out), hint=str(error.strerror or error)) from error


@click.command("travel")
@click.argument("origin", required=False, metavar="FROM")
@click.argument("destination", required=False, metavar="TO")
@click.option("--model", "model_name", type=click.Choice(TRAVEL_MODELS), default="road",
              show_default=True, help="Travel model.")  # fmt: skip
@click.option("--pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="UTF-8 CSV with from_postcode,to_postcode columns.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where --pairs writes its result (default: stdout).")  # fmt: skip
def travel(
    origin: str | None,
    destination: str | None,
    model_name: str,
    pairs: Path | None,
    out: Path | None,
) -> None:
    """Distance and time FROM a postcode or municipality code TO another, or for --pairs.

    FROM and TO are 4-digit postcodes or 3-digit municipality codes.

    --pairs reads a CSV file in UTF-8 (with or without the byte-order mark Excel writes) whose
    header has from_postcode and to_postcode (any case), each once, and writes every row back
    with km and minutes added, to stdout or --out. The file must not already have a km or
    minutes column; every row must have one cell per header column; blank rows are skipped;
    a value shaped like a CPR number is rejected and never shown. Every problem is listed
    and nothing is written until every row is checked.

    \b
    Exit codes:
      0  ok
      1  invalid input: an unknown FROM or TO, or problems in the --pairs file
      2  usage: wrong arguments, or an --out folder that does not exist
    """
    if pairs is not None:
        if origin or destination:
            raise click.UsageError("give either FROM TO or --pairs, not both")
        _run_pairs(pairs, out, model_name)
        return
    if out is not None:
        raise click.UsageError("--out only goes with --pairs")
    if not (origin and destination):
        raise click.UsageError("give FROM and TO (postcodes or municipality codes), or --pairs")
    ends, problems = [], []
    for code, what in ((origin, "FROM"), (destination, "TO")):
        place = resolve(code)
        if place is not None:
            ends.append(place)
        elif looks_like_cpr(code):
            problems.append(f"Error: {what}: {_CPR_MESSAGE}")
        else:
            problems.append(
                f"Error: {what}: {_quoted(code.strip())} is not a known 4-digit postcode or "
                "3-digit municipality code"
            )
    if problems:
        _fail(problems)
    a, b = ends
    leg = travel_model(model_name).leg(a, b)
    if not math.isfinite(leg.minutes):
        _fail([f"Error: no {model_name} route from {a.label} to {b.label}"])
    click.echo(f"{a.label} -> {b.label} ({model_name})")
    click.echo(f"km: {leg.km:.1f}")
    click.echo(f"minutes: {leg.minutes:.0f}")
    click.echo(f"crossings: {', '.join(leg.crossings) if leg.crossings else 'none'}")
