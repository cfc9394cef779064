"""Where the solver's parts run: local worker processes, or a Dask distributed cluster.

`--executor local` (the default) lets the solver start its own process pool.
`--executor dask://HOST:PORT` connects to a running Dask scheduler and hands the parts to it
through its `concurrent.futures` executor; it needs the optional extra `[dask]`. Parts are
plain picklable data, so nothing else changes. This module only opens and closes executors.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager


class ExecutorUnavailable(RuntimeError):
    """The executor named could not be reached; the message says which and why."""


# How long to wait for a Dask scheduler before giving up.
_CONNECT_TIMEOUT = "10s"


def check_executor(spec: str) -> str:
    """`spec` if it names a known kind of executor; ValueError otherwise."""
    if spec == "local" or (spec.startswith("dask://") and len(spec) > len("dask://")):
        return spec
    raise ValueError(f"executor must be 'local' or 'dask://HOST:PORT', got {spec!r}")


@contextmanager
def open_executor(spec: str) -> Iterator[Executor | None]:
    """The executor named by `spec` for the duration of a solve (None: the solver's own)."""
    check_executor(spec)
    if spec == "local":
        yield None
        return
    try:
        from distributed import Client
    except ImportError as missing:
        raise ValueError(
            "a dask:// executor needs the extra: pip install 'course-pooling[dask]'"
        ) from missing
    address = "tcp://" + spec.removeprefix("dask://")
    try:
        client = Client(address, timeout=_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        raise ExecutorUnavailable(
            f"no Dask scheduler answered at {address} within {_CONNECT_TIMEOUT}: {error}"
        ) from error
    with client:
        yield client.get_executor()
