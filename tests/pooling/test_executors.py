"""Tests that parts run on a Dask cluster give the same proposal as local processes."""

from __future__ import annotations

import pytest

from pooling.executors import check_executor
from pooling.generate import generate_tables
from pooling.reading import tables_from_records
from pooling.service import ProposeOptions, propose
from pooling.validation import validate_tables


def test_executor_names_are_checked():
    """Tests that only 'local' and dask://HOST:PORT are accepted."""
    assert check_executor("local") == "local"
    assert check_executor("dask://127.0.0.1:8786") == "dask://127.0.0.1:8786"
    for bad in ("ray://x", "dask://", "remote"):
        with pytest.raises(ValueError, match="executor must be"):
            check_executor(bad)


def test_dask_local_cluster_gives_the_same_optimum():
    """Tests a solve whose parts run on a two-worker LocalCluster against a local solve."""
    distributed = pytest.importorskip("distributed")
    scenario = validate_tables(tables_from_records(generate_tables("small", 2)))
    local = propose(scenario, ProposeOptions(time_limit_s=30, workers=1))
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
    ) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        remote = propose(
            scenario, ProposeOptions(time_limit_s=30, workers=2, executor=f"dask://{address}")
        )
    assert local.status == remote.status == "OPTIMAL"
    assert (local.placed_value, local.cost_dkk) == (remote.placed_value, remote.cost_dkk)
