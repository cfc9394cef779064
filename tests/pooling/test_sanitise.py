"""Tests that what we write can be opened by any reader, whatever text came in."""

from __future__ import annotations

import dataclasses
import json

from openpyxl import load_workbook

from pooling.export import write_json, write_xlsx
from pooling.sanitise import clean_text, has_unwritable
from pooling.service import ProposeOptions, propose
from tests.pooling.builders import offer, request, scenario

NASTY = "A\ufffeB\uffffC\x00D\x1bE\ud800F\U0010ffffG\ufdd0"


def test_clean_text_keeps_letters_and_line_breaks():
    """Tests that Danish letters, tabs and line breaks stay and the rest is replaced."""
    assert clean_text("Århus\tC\n") == "Århus\tC\n"
    assert clean_text(NASTY) == "A\ufffdB\ufffdC\ufffdD\ufffdE\ufffdF\ufffdG\ufffd"
    assert not has_unwritable(clean_text(NASTY))
    assert len(clean_text("x" * 40_000)) == 32_767


def test_a_proposal_with_unwritable_names_opens_and_reads_back(tmp_path):
    """Tests that names no workbook or JSON could hold (U+FFFE, U+FFFF, NUL, a lone
    surrogate) still give a workbook openpyxl opens and JSON that parses."""
    base = scenario([offer()], [request("r1", 8)])
    schools = tuple(dataclasses.replace(s, name=f"{s.name} {NASTY}") for s in base.schools)
    courses = tuple(dataclasses.replace(c, title=f"{c.title} {NASTY}") for c in base.courses)
    requests = tuple(dataclasses.replace(r, organisation_id=f"org {NASTY}") for r in base.requests)
    nasty = dataclasses.replace(base, schools=schools, courses=courses, requests=requests)
    proposal = propose(nasty, ProposeOptions(time_limit_s=10, workers=1, travel="geodesic"))
    write_xlsx(proposal, nasty, tmp_path / "p.xlsx")
    write_json(proposal, tmp_path / "p.json")
    workbook = load_workbook(tmp_path / "p.xlsx")
    text = [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ] + workbook.sheetnames
    assert any("\ufffd" in t for t in text)
    assert not any(has_unwritable(t) for t in text)
    json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
