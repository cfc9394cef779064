"""The `pooling` command line: validate, solve and generate scenarios.

Exit codes: 0 ok, 1 invalid input (every problem listed on stderr), 2 usage (including an
output file that cannot be written), 3 the solve could not run (a Dask scheduler that does
not answer). Long solves report progress on stderr; output files are written only when all of
them can be, so a failure leaves none half-written. The commands parse, call the same service
as every other front end (`pooling.service.propose`), and print; they hold no logic of their
own.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from pooling.cli_files import check_writable, finite, write_together
from pooling.cli_travel import travel
from pooling.domain import Proposal
from pooling.executors import ExecutorUnavailable, check_executor
from pooling.export import write_json, write_xlsx
from pooling.intake import read_scenario_path
from pooling.service import Progress, ProposeOptions, propose


@click.group()
def main() -> None:
    """Pool AMU course requests into viable cohorts."""


def _load(path: Path):
    intake = read_scenario_path(path)
    for note in intake.notes:
        click.echo(str(note), err=True)
    if intake.problems:
        for problem in intake.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(intake.problems)} problem(s); nothing was solved.", err=True)
        sys.exit(1)
    return intake.scenario


@main.command()
@click.argument("scenario", type=click.Path(exists=True, path_type=Path))
def validate(scenario: Path) -> None:
    """Check SCENARIO (a folder of CSV files or an .xlsx workbook) and list every problem."""
    loaded = _load(scenario)
    click.echo(
        f"OK: {len(loaded.courses)} courses, {len(loaded.schools)} schools, "
        f"{len(loaded.offers)} offers, {len(loaded.requests)} requests "
        f"({loaded.learners_requested} learners)."
    )


@main.command()
@click.argument("scenario", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="proposal.json to write"
)
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), help="workbook to write")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    callback=finite,
    default=60.0,
    show_default=True,
    help="seconds for the whole solve",
)
@click.option(
    "--gap",
    type=click.FloatRange(min=0, max=0.5),
    default=0.0,
    show_default=True,
    help="stop once the cost is proven within this relative gap (0.01 = 1 %)",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True)
@click.option(
    "--method", type=click.Choice(["cpsat", "greedy"]), default="cpsat", show_default=True
)
@click.option(
    "--travel",
    "travel_name",
    type=click.Choice(["road", "geodesic"]),
    default="road",
    show_default=True,
    help="road: Danish roads, bridges and ferries; geodesic: straight line",
)
@click.option(
    "--executor",
    default="local",
    show_default=True,
    help="where parts run: local processes, or a Dask cluster as dask://HOST:PORT",
)
@click.option("--quiet", is_flag=True, help="no progress and no listing, only the summary")
def solve(
    scenario: Path,
    out: Path | None,
    xlsx: Path | None,
    time_limit: float,
    gap: float,
    seed: int,
    workers: int,
    method: str,
    travel_name: str,
    executor: str,
    quiet: bool,
) -> None:
    """Propose cohorts for SCENARIO and explain every unplaced request."""
    try:
        check_executor(executor)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--executor") from error
    for path, hint in ((out, "--out"), (xlsx, "--xlsx")):
        if path is not None:
            check_writable(path, hint)
    loaded = _load(scenario)
    started = time.monotonic()

    def progress(p: Progress) -> None:
        if not quiet and p.parts_total:
            click.echo(
                f"[{time.monotonic() - started:6.1f}s] parts {p.parts_done}/{p.parts_total}, "
                f"learners placed {p.placed_learners}, placement value {p.placed_value} "
                f"(bound {p.placed_bound})",
                err=True,
            )

    options = ProposeOptions(
        method=method,
        time_limit_s=time_limit,
        seed=seed,
        workers=workers,
        gap_limit=gap,
        travel=travel_name,
        executor=executor,
    )
    try:
        proposal = propose(loaded, options, progress=progress)
    except ExecutorUnavailable as error:
        click.echo(f"Could not solve: {error}", err=True)
        sys.exit(3)
    _write_outputs(proposal, loaded, out, xlsx)
    if not quiet:
        _print_proposal(proposal)
    _print_summary(proposal)
    if out:
        click.echo(f"Wrote {out}")
    if xlsx:
        click.echo(f"Wrote {xlsx}")


def _write_outputs(proposal: Proposal, scenario, out: Path | None, xlsx: Path | None) -> None:
    """The JSON and the workbook asked for, written together or not at all."""
    writes = []
    if out:
        writes.append((out, lambda path: write_json(proposal, path)))
    if xlsx:
        writes.append((xlsx, lambda path: write_xlsx(proposal, scenario, path)))
    write_together(writes)


def _print_summary(p: Proposal) -> None:
    click.echo(
        f"{p.status}: {p.learners_placed} of {p.learners_requested} learners placed in "
        f"{len(p.cohorts)} cohorts; cost {p.cost_dkk:,} DKK (bound {p.cost_bound_dkk:,}, gap "
        f"{p.cost_gap:.2%}); {p.parts_optimal}/{p.parts} parts optimal; {p.solve_seconds:.2f} s "
        f"({p.method}, {p.travel_model} travel)."
    )


def _print_proposal(p: Proposal) -> None:
    for c in p.cohorts:
        flag = " guaranteed" if c.guaranteed else ""
        click.echo(
            f"{c.cohort_id}: {c.participants} participants (min {c.min_participants}, max "
            f"{c.max_participants}{flag})"
        )
        for m in c.members:
            click.echo(f"    {m.request_id}: {m.learners} learner(s), {m.travel_km:.1f} km")
    for u in p.unplaced:
        click.echo(f"unplaced {u.request_id} ({u.learners}): {u.reason.value}. {u.detail}")
        if u.fix:
            click.echo(f"    fix: {u.fix}")
        elif u.no_fix_reason:
            click.echo(f"    no fix: {u.no_fix_reason}")


@main.command()
@click.option(
    "--size", type=click.Choice(["small", "region", "national"]), default="small", show_default=True
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def generate(size: str, seed: int, out: Path) -> None:
    """Write a synthetic scenario on real Danish geography to the folder OUT."""
    from pooling.generate import generate_tables, write_scenario

    tables = generate_tables(size, seed)
    write_scenario(tables, out)
    learners = sum(int(r["learners"]) for r in tables["requests"])
    click.echo(
        f"Wrote {out}: {len(tables['courses'])} courses, {len(tables['schools'])} schools, "
        f"{len(tables['offers'])} offers, {len(tables['requests'])} requests ({learners} learners)."
    )


main.add_command(travel)
