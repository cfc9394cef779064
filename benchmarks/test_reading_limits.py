"""Reading benchmarks: the worst files within the upload limits, read as an upload is.

Each file is as big as `pooling.limits` lets through (or just past a limit, so it is refused);
each round reads it in a fresh process through `pooling.intake.read_upload` and records the
process's peak memory (`peak_rss_mb` in `extra_info`, ru_maxrss, the interpreter included).
The promise: any file up to the upload limit is answered within 10 s and 500 MB. With
`--benchmark-disable` (the smoke run of `make test`) the files are a tenth of the size.
Run with `.venv/bin/pytest benchmarks/test_reading_limits.py --benchmark-only`.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zipfile

import pytest

from pooling.limits import LIMITS

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
_CHILD = """
import json, resource, sys, time
from pooling.intake import read_upload
data = open(sys.argv[1], "rb").read()
started = time.perf_counter()
intake = read_upload(data, sys.argv[2])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak, "problems": len(intake.problems),
                  "first": str(intake.problems[0]) if intake.problems else "",
                  "requests": len(intake.objects.get("requests", ()))}))
"""

HEADER = (
    "request_id,organisation_id,organisation_kind,course_code,learners,postcode,"
    "earliest_start,latest_start,max_travel_km,keep_together,priority,max_travel_minutes"
)


def _requests_rows(n: int) -> list[list[str]]:
    """n valid requests (12 cells each) spread over real postcodes."""
    rng = random.Random(7)
    postcodes = ["8000", "8210", "8900", "7100", "5000", "9000", "2300", "6700"]
    return [
        [
            f"r{i:06d}",
            f"jobcenter-{i % 97}",
            "jobcentre",
            "42994",
            str(rng.randint(1, 9)),
            rng.choice(postcodes),
            "2027-02-01",
            "2027-03-01",
            str(rng.randint(20, 80)),
            "false",
            "2",
            "",
        ]
        for i in range(n)
    ]


def _sheet_xml(rows: list[list[str]]) -> tuple[bytes, bytes]:
    """A requests sheet with shared strings, as Excel writes it, and its strings part."""
    strings: dict[str, int] = {}
    out = [b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    out.append(b'<dimension ref="A1"/><sheetData>')
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            if not value:
                continue
            ref = f"{chr(65 + c)}{r}".encode()
            if value.isdigit() and c in (4, 8, 10):
                cells.append(b'<c r="%s"><v>%s</v></c>' % (ref, value.encode()))
            else:
                index = strings.setdefault(value, len(strings))
                cells.append(b'<c r="%s" t="s"><v>%d</v></c>' % (ref, index))
        out.append(b'<row r="%d">%s</row>' % (r, b"".join(cells)))
    out.append(b"</sheetData></worksheet>")
    sst = b"".join(b"<si><t>%s</t></si>" % s.encode() for s in strings)
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>' % sst
    )
    return b"".join(out), shared


def _workbook(sheet: bytes, shared: bytes) -> bytes:
    ns = b"http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": b'<Types xmlns="%s/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        b'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>' % ns,
        "_rels/.rels": b'<Relationships xmlns="%s/package/2006/relationships"><Relationship '
        b'Id="rId1" Type="%s/officeDocument/2006/relationships/officeDocument" '
        b'Target="xl/workbook.xml"/></Relationships>' % (ns, ns),
        "xl/workbook.xml": b'<workbook xmlns="%s/spreadsheetml/2006/main" xmlns:r="%s/'
        b'officeDocument/2006/relationships"><sheets><sheet name="requests" sheetId="1" '
        b'r:id="rId1"/></sheets></workbook>' % (ns, ns),
        "xl/_rels/workbook.xml.rels": b'<Relationships xmlns="%s/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="%s/officeDocument/2006/relationships/worksheet" '
        b'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="%s/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (ns, ns, ns),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _csv(rows: list[list[str]]) -> bytes:
    return (HEADER + "\r\n" + "\r\n".join(",".join(r) for r in rows) + "\r\n").encode()


def worst_files(scale: float) -> dict[str, tuple[str, bytes]]:
    """The worst files we can build within (or just past) the limits, by name."""
    cells = int(LIMITS.cells * scale)
    rows = _requests_rows(cells // 12 - 1)
    sheet, shared = _sheet_xml([HEADER.split(","), *rows])
    rng = random.Random(3)
    letters = b"abcdefghijklmnopqrstuvwxyz"
    long_strings = b"".join(
        b"<si><t>%s</t></si>" % bytes(rng.choices(letters, k=1000))
        for _ in range(int(8_000 * scale))
    )
    many_shared = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    many_shared += long_strings + b"</sst>"
    empty_rows = b"".join(b'<row r="%d"/>' % r for r in range(2, int(LIMITS.rows * scale)))
    empty_sheet = sheet.replace(b"</sheetData>", empty_rows + b"</sheetData>")
    bomb = b"<sst>" + b"<si><t>" + b"A" * 1000 + b"</t></si>" * int(200_000 * scale) + b"</sst>"
    return {
        "requests workbook at the cell limit": ("requests.xlsx", _workbook(sheet, shared)),
        "requests CSV at the cell limit": ("requests.csv", _csv(rows)),
        "shared strings of 1,000 characters": ("requests.xlsx", _workbook(sheet, many_shared)),
        "empty rows to the row limit": ("requests.xlsx", _workbook(empty_sheet, shared)),
        "shared strings bomb": ("requests.xlsx", _workbook(sheet, bomb)),
    }


@pytest.fixture(scope="module")
def files(request, tmp_path_factory):
    disabled = request.config.getoption("benchmark_disable", False)
    folder = tmp_path_factory.mktemp("worst")
    found = {}
    for name, (filename, data) in worst_files(0.1 if disabled else 1.0).items():
        path = folder / name.replace(" ", "_").replace(",", "")
        path.write_bytes(data)
        found[name] = (path, filename, len(data))
    return found


@pytest.mark.parametrize(
    "name",
    [
        "requests workbook at the cell limit",
        "requests CSV at the cell limit",
        "shared strings of 1,000 characters",
        "empty rows to the row limit",
        "shared strings bomb",
    ],
)
def test_worst_file(benchmark, files, name):
    path, filename, size = files[name]

    def read() -> dict:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), filename],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return json.loads(done.stdout)

    result = benchmark.pedantic(read, rounds=1 if benchmark.disabled else 3, iterations=1)
    benchmark.extra_info.update(result, file_mb=round(size / 1024 / 1024, 2))
    assert result["problems"] or result["requests"]
