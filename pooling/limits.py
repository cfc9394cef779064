"""Limits on what an uploaded or given file may hold, checked before and while it is read.

Every file the product reads is untrusted, so reading stops at the first limit hit and says
which one. The defaults are above a national scenario (about 10,000 requests and 10,000 offers,
215,000 cells in one workbook) and low enough that the worst file within them is answered in
seconds and a few hundred MB of memory (measured in `benchmarks/test_reading_limits.py`).
This module only holds the numbers; `pooling.dialect`, `pooling.workbook` and
`pooling.sheetxml` apply them.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """What one file may hold. Sizes in bytes; a workbook's parts are its zipped XML files."""

    file_bytes: int = 10 * MB
    # A workbook: each sheet or shared-strings part unzipped, each other part, all parts,
    # and how far a part larger than `ratio_from_bytes` may have been compressed.
    part_bytes: int = 32 * MB
    other_part_bytes: int = 2 * MB
    other_part_elements: int = 50_000
    total_bytes: int = 64 * MB
    compression_ratio: int = 100
    ratio_from_bytes: int = 1 * MB
    parts: int = 1_000
    sheets: int = 20
    # Any table: lines (a spreadsheet's rows, empty ones included), cells in a line, cells in
    # the file (empty ones included), characters in a cell.
    rows: int = 50_000
    columns: int = 60
    cells: int = 300_000
    cell_chars: int = 1_000


LIMITS = Limits()
