"""`pooling travel` through click's CliRunner."""

import csv
import io

import pytest
from click.testing import CliRunner

from pooling.cli_travel import travel


@pytest.fixture
def runner():
    return CliRunner()


def test_one_pair_prints_km_minutes_and_crossings(runner):
    result = runner.invoke(travel, ["5000", "1050"])
    assert result.exit_code == 0, result.output
    assert "km: " in result.output
    assert "minutes: " in result.output
    assert "Storebæltsforbindelsen" in result.output


def test_municipality_codes_and_geodesic_model(runner):
    result = runner.invoke(travel, ["751", "101", "--model", "geodesic"])
    assert result.exit_code == 0, result.output
    assert "crossings: none" in result.output


def test_unknown_code_is_a_usage_error(runner):
    result = runner.invoke(travel, ["8000", "0001"])
    assert result.exit_code == 2
    assert "'0001' is not a known" in result.output


def test_missing_arguments_is_a_usage_error(runner):
    assert runner.invoke(travel, ["8000"]).exit_code == 2
    assert runner.invoke(travel, ["--model", "bus", "8000", "8200"]).exit_code == 2


def test_pairs_file_to_stdout_and_out(runner, tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("from_postcode,to_postcode,note\n8000,8200,a\n3700,3720,b\n", encoding="utf-8")
    result = runner.invoke(travel, ["--pairs", str(pairs)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["note"] for r in rows] == ["a", "b"]
    assert all(float(r["km"]) > 0 and float(r["minutes"]) > 0 for r in rows)
    out = tmp_path / "out.csv"
    assert runner.invoke(travel, ["--pairs", str(pairs), "--out", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.output


def test_bad_postcode_in_pairs_names_file_row_and_column(runner, tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("from_postcode,to_postcode\n8000,8200\n8000,12a4\n", encoding="utf-8")
    result = runner.invoke(travel, ["--pairs", str(pairs)])
    assert result.exit_code == 1
    assert f"{pairs}: row 3, column to_postcode: '12a4'" in result.output
    assert "4-digit" in result.output


def test_missing_column_in_pairs_is_reported(runner, tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("from,to\n8000,8200\n", encoding="utf-8")
    result = runner.invoke(travel, ["--pairs", str(pairs)])
    assert result.exit_code == 1
    assert "no column 'from_postcode'" in result.output


def test_pairs_and_positional_arguments_do_not_mix(runner, tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("from_postcode,to_postcode\n", encoding="utf-8")
    assert runner.invoke(travel, ["8000", "8200", "--pairs", str(pairs)]).exit_code == 2
    assert runner.invoke(travel, ["8000", "8200", "--out", "x.csv"]).exit_code == 2
