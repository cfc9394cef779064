"""Output files of the command line: checked before any work, written whole or not at all.

Shared by `pooling solve` and `pooling travel`; it knows nothing of what the files hold.
Also the check that a number given on the command line is finite (`--time-limit nan`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import click


def check_writable(path: Path, hint: str) -> None:
    """A usage error (exit 2), before any work, if `path` cannot be written."""
    folder = path.parent
    if not folder.is_dir():
        raise click.BadParameter(f"folder {folder} does not exist", param_hint=hint)
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise click.BadParameter(f"{path} cannot be written", param_hint=hint)


def write_together(writes: Sequence[tuple[Path, Callable[[Path], None]]]) -> None:
    """Call each writer on a file beside its target, then move them all into place.

    If any writer fails, the files written so far are removed and no target is touched.
    """
    pending: list[tuple[Path, Path]] = []
    try:
        for target, write in writes:
            pending.append((target.with_name(f".{target.name}.part"), target))
            write(pending[-1][0])
    except BaseException:
        for part, _ in pending:
            part.unlink(missing_ok=True)
        raise
    for part, target in pending:
        os.replace(part, target)


def finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A click callback: `value` if it is a finite number (nan passes a FloatRange)."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number", ctx=ctx, param=param)
    return value
