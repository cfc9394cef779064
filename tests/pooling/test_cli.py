"""Tests of the `pooling` command line on the shipped sample scenario."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pooling.cli import main
from pooling.export import FORMAT
from pooling.reading import read_tables
from pooling.validation import load_scenario

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "ostjylland-2027q1"


@pytest.fixture(scope="module")
def solved_sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    result = CliRunner().invoke(
        main,
        [
            "solve",
            str(SAMPLE),
            "--out",
            str(out / "proposal.json"),
            "--xlsx",
            str(out / "proposal.xlsx"),
            "--time-limit",
            "30",
            "--seed",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    return result, json.loads((out / "proposal.json").read_text(encoding="utf-8")), out


def test_validate_sample_is_ok():
    """Tests that the sample validates, exit code 0."""
    result = CliRunner().invoke(main, ["validate", str(SAMPLE)])
    assert result.exit_code == 0
    assert result.output.startswith("OK: ")


def test_solve_sample_is_optimal_and_explains_every_unplaced(solved_sample):
    """Tests that the sample solves to OPTIMAL and every unplaced request has reason and detail."""
    result, data, out = solved_sample
    assert data["format"] == FORMAT
    assert data["status"] == "OPTIMAL"
    assert data["summary"]["learners_placed"] > 0
    reasons = {u["reason"] for u in data["unplaced"]}
    assert {
        "NO_OFFER",
        "NO_DATE_IN_WINDOW",
        "TOO_FAR",
        "TOO_FEW_PARTICIPANTS",
        "CAPACITY",
    } <= reasons
    assert all(u["detail"] for u in data["unplaced"])
    fixed = {u["reason"] for u in data["unplaced"] if u["fix"]}
    assert {"TOO_FEW_PARTICIPANTS", "CAPACITY"} <= fixed
    assert all(u["fix"] or u["no_fix_reason"] for u in data["unplaced"])
    assert "bevist optimal" in result.output
    assert (out / "proposal.xlsx").stat().st_size > 0


def test_sample_cohorts_respect_the_raw_files(solved_sample):
    """Tests each cohort against the sample's CSV rows directly: course, window, sizes."""
    _, data, _ = solved_sample
    tables = read_tables(SAMPLE)
    req = {
        row[0]: dict(zip(tables["requests"].header, row, strict=False))
        for row in tables["requests"].rows
    }
    for cohort in data["cohorts"]:
        assert cohort["participants"] <= cohort["max_participants"]
        assert cohort["guaranteed"] or cohort["participants"] >= cohort["min_participants"]
        for member in cohort["members"]:
            row = req[member["request_id"]]
            assert row["course_code"] == cohort["course_code"]
            assert row["earliest_start"] <= cohort["start_date"] <= row["latest_start"]
            assert member["travel_km"] <= float(row["max_travel_km"])


def test_greedy_places_no_more_than_cpsat(solved_sample, tmp_path):
    """Tests that --method greedy runs and places at most what CP-SAT places."""
    _, data, _ = solved_sample
    result = CliRunner().invoke(
        main,
        ["solve", str(SAMPLE), "--method", "greedy", "--out", str(tmp_path / "g.json"), "--quiet"],
    )
    assert result.exit_code == 0, result.output
    greedy = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert greedy["status"] == "FEASIBLE"
    assert greedy["summary"]["learners_placed"] <= data["summary"]["learners_placed"]


def test_invalid_scenario_exits_1_and_writes_nothing(tmp_path):
    """Tests that a broken scenario lists its problems on stderr, exits 1, writes no file."""
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    lines = (broken / "requests.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2027-", ",2027-13-", 1)
    (broken / "requests.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "proposal.json"
    result = CliRunner().invoke(main, ["solve", str(broken), "--out", str(out)])
    assert result.exit_code == 1
    assert "requests.csv, række 2, kolonne earliest_start: forventede en dato" in result.output
    assert not out.exists()


def test_usage_error_exits_2():
    """Tests that an unknown option is a usage error, exit code 2."""
    result = CliRunner().invoke(main, ["solve", str(SAMPLE), "--method", "magic"])
    assert result.exit_code == 2


def test_generate_writes_a_valid_scenario(tmp_path):
    """Tests that `pooling generate` writes a scenario that validates."""
    result = CliRunner().invoke(
        main, ["generate", "--size", "small", "--seed", "3", str(tmp_path / "small")]
    )
    assert result.exit_code == 0, result.output
    scenario = load_scenario(tmp_path / "small")
    assert 250 <= scenario.learners_requested <= 350


def test_sample_xlsx_round_trip(tmp_path):
    """Tests that the sample saved as one workbook validates to the same scenario."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in read_tables(SAMPLE).items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append(list(row))
    workbook.save(tmp_path / "sample.xlsx")
    assert load_scenario(tmp_path / "sample.xlsx") == load_scenario(SAMPLE)


def test_unwritable_output_is_a_usage_error_before_solving(tmp_path):
    """Tests that --out or --xlsx into a missing folder exits 2 at once and writes nothing."""
    for option in ("--out", "--xlsx"):
        target = tmp_path / "missing" / "proposal.file"
        result = CliRunner().invoke(main, ["solve", str(SAMPLE), option, str(target)])
        assert result.exit_code == 2, result.output
        assert "does not exist" in result.output
        assert not result.exception or isinstance(result.exception, SystemExit)
        assert list(tmp_path.iterdir()) == []


def test_a_failing_workbook_leaves_no_proposal_json(tmp_path, monkeypatch):
    """Tests that outputs are all or nothing: if the workbook fails, no JSON is left."""
    import pooling.cli

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(pooling.cli, "write_xlsx", broken)
    out, xlsx = tmp_path / "p.json", tmp_path / "p.xlsx"
    args = ["solve", str(SAMPLE), "--out", str(out), "--xlsx", str(xlsx), "--quiet"]
    result = CliRunner().invoke(main, [*args, "--method", "greedy"])
    assert isinstance(result.exception, OSError)
    assert list(tmp_path.iterdir()) == []


def test_unreachable_dask_scheduler_exits_3_with_a_message(monkeypatch):
    """Tests that a Dask address where nothing listens is reported in words, exit code 3."""
    pytest.importorskip("distributed")
    import socket

    import pooling.executors

    monkeypatch.setattr(pooling.executors, "_CONNECT_TIMEOUT", "1s")

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(
        main, ["solve", str(SAMPLE), "--quiet", "--executor", f"dask://127.0.0.1:{port}"]
    )
    assert result.exit_code == 3, result.output
    assert "no Dask scheduler answered at tcp://127.0.0.1:" in result.output


def test_per_school_and_per_organisation_workbooks(tmp_path):
    """Tests that --per-school and --per-organisation write one workbook per reader."""
    schools, orgs = tmp_path / "skoler", tmp_path / "organisationer"
    args = ["solve", str(SAMPLE), "--per-school", str(schools), "--per-organisation", str(orgs)]
    result = CliRunner().invoke(main, [*args, "--quiet", "--method", "greedy"])
    assert result.exit_code == 0, result.output
    sample = load_scenario(SAMPLE)
    assert len(list(orgs.glob("*.xlsx"))) == len({r.organisation_id for r in sample.requests})
    written = sorted(p.stem for p in schools.glob("*.xlsx"))
    assert written and set(written) <= {s.school_id for s in sample.schools}
    assert f"{schools}" in result.output


def test_english_by_choice_and_danish_by_default():
    """Tests that --lang en gives English lines and the default gives Danish ones."""
    args = ["solve", str(SAMPLE), "--method", "greedy"]
    danish = CliRunner().invoke(main, args)
    english = CliRunner().invoke(main, ["--lang", "en", *args])
    assert danish.exit_code == 0 and english.exit_code == 0, danish.output + english.output
    assert "kursister placeret" in danish.output and "ikke placeret r43" in danish.output
    assert "learners placed" in english.output and "not placed r43" in english.output
    assert "First come, first served places" in english.output


def test_settings_file_changes_prices_and_is_written_into_the_proposal(tmp_path):
    """Tests that --settings reads TOML, and that an unknown name is a usage error."""
    good = tmp_path / "settings.toml"
    good.write_text("default_hold_price_dkk = 12345\n[fix_effort_dkk]\nguarantee = 1\n")
    out = tmp_path / "p.json"
    args = ["solve", str(SAMPLE), "--settings", str(good), "--out", str(out), "--quiet"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    settings = json.loads(out.read_text(encoding="utf-8"))["summary"]["settings"]
    assert settings["default_hold_price_dkk"] == 12345
    assert settings["fix_effort_dkk"]["guarantee"] == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("hold_price = 1\n")
    result = CliRunner().invoke(main, ["solve", str(SAMPLE), "--settings", str(bad)])
    assert result.exit_code == 2
    assert "unknown setting(s) hold_price" in result.output


def test_the_time_limit_counts_from_the_start_of_the_process():
    """Tests that the clock the CLI's time limit counts from started with the process,
    before the interpreter imported anything (here half a second of sleep before asking)."""
    code = (
        "import time; time.sleep(0.5)\n"
        "from pooling.cli import process_started\n"
        "print(time.monotonic() - process_started())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    age = float(done.stdout)
    assert 0.5 <= age < 30
