"""Tests of the command line's checks on what it is given."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pooling.cli import main
from tests.pooling.corpus import SAMPLE


@pytest.mark.parametrize("value", ["nan", "inf", "-nan"])
def test_time_limit_must_be_a_finite_number(value):
    """Tests that `--time-limit nan` (which passes a FloatRange) is a usage error."""
    result = CliRunner().invoke(main, ["solve", str(SAMPLE), "--time-limit", value])
    assert result.exit_code == 2
    assert "--time-limit" in result.output


def test_library_warnings_do_not_reach_the_user(tmp_path):
    """Tests that a workbook openpyxl warns about (no styles part) gives no warning text with
    a library path on stderr, only the result."""
    from tests.pooling.corpus import patch, sample_records, workbook_bytes

    data = patch(workbook_bytes(sample_records()), "xl/styles.xml", lambda x: None)
    (tmp_path / "s.xlsx").write_bytes(data)
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    assert "site-packages" not in result.output and "Warning" not in result.output
