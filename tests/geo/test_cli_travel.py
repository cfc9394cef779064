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


def test_unknown_code_is_invalid_input_like_in_pairs(runner):
    # Bad input exits 1, as an unknown postcode in --pairs does; 2 is for usage mistakes.
    result = runner.invoke(travel, ["8000", "9999"])
    assert result.exit_code == 1
    assert "TO: '9999' is not a known 4-digit postcode or 3-digit municipality code" in (
        result.output
    )
    assert "Traceback" not in result.output
    both = runner.invoke(travel, ["0001", "12"])
    assert both.exit_code == 1
    assert "FROM: '0001'" in both.output and "TO: '12'" in both.output


def test_help_documents_the_exit_codes(runner):
    result = runner.invoke(travel, ["--help"])
    assert "1  invalid input: an unknown FROM or TO" in result.output
    assert "2  usage" in result.output


def test_cpr_shaped_argument_is_not_echoed(runner):
    result = runner.invoke(travel, ["010190-1234", "8000"])
    assert result.exit_code == 1
    assert "FROM: a value shaped like a CPR number" in result.output
    assert "010190" not in result.output


def test_island_postcode_is_reached_by_its_ferry(runner):
    result = runner.invoke(travel, ["8000", "8799"])
    assert result.exit_code == 0, result.output
    assert "crossings: Hou-Tunø" in result.output


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
    assert f"{pairs}, række 3, kolonne to_postcode: '12a4'" in result.output
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


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def run_pairs(runner, pairs, *more):
    result = runner.invoke(travel, ["--pairs", str(pairs), *more])
    # Every problem is reported, never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_pairs_file_with_a_byte_order_mark_as_excel_writes_it(runner, tmp_path):
    pairs = write(tmp_path / "bom.csv", "from_postcode,to_postcode\r\n8000,8200\r\n", "utf-8-sig")
    result = run_pairs(runner, pairs)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("from_postcode,to_postcode,km,minutes\n8000,8200,")


def test_pairs_header_names_in_any_case_and_blank_rows(runner, tmp_path):
    pairs = write(tmp_path / "p.csv", "From_Postcode, To_Postcode\n8000,8200\n\n8000,8210\n")
    result = run_pairs(runner, pairs)
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.output)))) == 2


def test_pairs_file_not_in_utf8_is_named(runner, tmp_path):
    pairs = write(tmp_path / "latin.csv", "from_postcode,to_postcode\nÆrø,8000\n", "latin-1")
    result = run_pairs(runner, pairs)
    assert result.exit_code == 1
    assert f"{pairs}, række 2: not UTF-8 text" in result.output
    assert "save the file as UTF-8" in result.output


def test_pairs_row_with_an_extra_or_a_missing_cell(runner, tmp_path):
    pairs = write(
        tmp_path / "p.csv", "from_postcode,to_postcode\n8000,8200\n8000,4400,9999\n8000\n"
    )
    result = run_pairs(runner, pairs)
    assert result.exit_code == 1
    assert f"{pairs}, række 3: 3 cell(s), expected 2" in result.output
    assert f"{pairs}, række 4: 1 cell(s), expected 2" in result.output
    assert "2 problem(s); nothing was written." in result.output


def test_pairs_header_with_a_column_twice(runner, tmp_path):
    pairs = write(tmp_path / "p.csv", "from_postcode,to_postcode,from_postcode\n8000,4400,8210\n")
    result = run_pairs(runner, pairs)
    assert result.exit_code == 1
    assert f"{pairs}, række 1, kolonne from_postcode: the column appears 2 times" in result.output


@pytest.mark.parametrize("column", ["km", "minutes", "KM"])
def test_pairs_file_that_already_has_a_result_column(runner, tmp_path, column):
    pairs = write(tmp_path / "p.csv", f"from_postcode,to_postcode,{column}\n8000,4400,5\n")
    result = run_pairs(runner, pairs)
    assert result.exit_code == 1
    assert f"kolonne {column.lower()}: the file already has a column the result would" in (
        result.output
    )


def test_pairs_out_into_a_missing_folder_is_a_usage_error(runner, tmp_path):
    pairs = write(tmp_path / "p.csv", "from_postcode,to_postcode\n8000,4400\n")
    out = tmp_path / "missing" / "out.csv"
    result = run_pairs(runner, pairs, "--out", str(out))
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert not out.parent.exists()


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [
        ("from_postcode,to_postcode\n8000,0101901234\n", 2, "to_postcode"),
        ("from_postcode,to_postcode,note\n8000,8200,ok\n8000,8200,id 010190-1234\n", 3, "note"),
        ("from_postcode,to_postcode,0101901234\n8000,8200,x\n", 1, "3"),
    ],
    ids=["postcode", "other column", "header"],
)
def test_pairs_cpr_shaped_cell_is_rejected_and_not_echoed(runner, tmp_path, text, row, column):
    pairs = write(tmp_path / "p.csv", text)
    result = run_pairs(runner, pairs)
    assert result.exit_code == 1
    assert f"{pairs}, række {row}, kolonne {column}: a value shaped like a CPR number" in (
        result.output
    )
    assert "010190" not in result.output
    assert "not a known" not in result.output


def test_pairs_nothing_is_written_when_any_row_is_bad(runner, tmp_path):
    pairs = write(tmp_path / "p.csv", "from_postcode,to_postcode\n8000,8200\n8000,4400\n8000,99\n")
    out = tmp_path / "out.csv"
    result = run_pairs(runner, pairs, "--out", str(out))
    assert result.exit_code == 1
    assert f"{pairs}, række 4, kolonne to_postcode: '99'" in result.output
    assert not out.exists() and not list(tmp_path.glob(".out.csv*"))
    out.write_text("kept\n", encoding="utf-8")
    assert run_pairs(runner, pairs, "--out", str(out)).exit_code == 1
    assert out.read_text(encoding="utf-8") == "kept\n"
    # To stdout: the problems only, no rows.
    assert "8000,8200," not in run_pairs(runner, pairs).output


def test_pairs_semicolon_file_gets_a_hint(runner, tmp_path):
    pairs = write(tmp_path / "p.csv", "from_postcode;to_postcode\n8000;4400\n")
    result = run_pairs(runner, pairs)
    assert result.exit_code == 1
    assert "no column 'from_postcode' nor 'to_postcode'" in result.output
    assert "separated by ';'" in result.output
