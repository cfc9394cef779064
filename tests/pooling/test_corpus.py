"""Tests that every file of the corpus (`tests/pooling/corpus.py`) is answered well by the CLI:
the exit code, the problem named where it is, nothing written, no CPR number echoed, no
traceback."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from click.testing import CliRunner

from pooling.cli import main
from pooling.i18n import use_language
from pooling.intake import read_scenario_path, read_upload
from tests.pooling.corpus import Case, cases


@cache
def corpus() -> tuple[Case, ...]:
    return tuple(cases())


def _write(case: Case, folder):
    folder.mkdir()
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    return folder / "scenario.xlsx" if "scenario.xlsx" in case.files else folder


def test_the_corpus_covers_every_class():
    """Tests that the corpus has at least 200 cases and every class of trouble in it."""
    kinds = Counter(case.kind for case in corpus())
    assert sum(kinds.values()) >= 200
    assert set(kinds) == {"silent-loss", "traceback", "unbounded", "broken-output", "cpr", "danish"}
    assert len({case.name for case in corpus()}) == len(corpus())


def _check(case: Case, problems) -> None:
    if case.exit_code == 0:
        assert not problems, [str(p) for p in problems]
        return
    assert problems
    if case.says:
        assert any(case.says in p.message for p in problems), [str(p) for p in problems]
    if case.where:
        sheet, row, column = case.where
        assert any(
            (sheet is None or p.sheet == sheet) and p.row == row and p.column == column
            for p in problems
        ), [str(p) for p in problems]


@pytest.mark.parametrize("index", range(len(corpus())), ids=[c.name for c in corpus()])
def test_case_through_the_cli(index, tmp_path):
    """Tests that `pooling validate` answers the case as expected, and (for every third case
    and the first of each class) that `pooling solve` writes nothing and prints the very
    problems of the reading path."""
    case = corpus()[index]
    path = _write(case, tmp_path / "in")
    with use_language("en"):
        intake = read_scenario_path(path)
    _check(case, intake.problems)
    if case.requests is not None and case.exit_code == 0:
        assert len(intake.scenario.requests) == case.requests
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.output
    if case.secret:
        assert case.secret not in result.output
    first_of_kind = next(c for c in corpus() if c.kind == case.kind) is case
    if case.exit_code == 1 and (index % 3 == 0 or first_of_kind):
        # The CLI says exactly what the reading path found, in the user's language.
        for problem in read_scenario_path(path).problems:
            assert str(problem) in result.output
        out, xlsx = tmp_path / "p.json", tmp_path / "p.xlsx"
        result = runner.invoke(main, ["solve", str(path), "--out", str(out), "--xlsx", str(xlsx)])
        assert result.exit_code == 1, result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_every_changed_file_uploads_alone():
    """Tests that each file a case changed, uploaded alone, gives domain objects or problems
    naming that file, and never echoes a CPR number."""
    seen: set[bytes] = set()
    for index, case in enumerate(corpus()):
        for name, data in case.files.items():
            if data in seen or (name.endswith(".xlsx") and index % 4):
                continue  # the sample's own files, and three in four workbooks (run above)
            seen.add(data)
            intake = read_upload(data, name)
            assert intake.ok or all(p.file == name for p in intake.problems)
            if case.secret:
                assert all(case.secret not in str(p) for p in intake.problems)
