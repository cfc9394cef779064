"""The `pooling` command line: validate, solve and generate scenarios.

Exit codes: 0 ok, 1 invalid input (every problem listed on stderr), 2 usage (including an
output file that cannot be written), 3 the solve could not run (a Dask scheduler that does
not answer). Long solves report progress on stderr; output files are written only when all of
them can be, so a failure leaves none half-written. The commands parse, call the same service
as every other front end (`pooling.service.propose`), and print; they hold no logic of their
own.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from pooling.cli_files import check_writable, finite, write_together
from pooling.cli_travel import travel
from pooling.domain import Proposal
from pooling.executors import ExecutorUnavailable, check_executor
from pooling.export import per_reader_files, write_json, write_xlsx
from pooling.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, use_language
from pooling.intake import read_scenario_path
from pooling.service import Progress, ProposeOptions, propose
from pooling.settings import Settings, SettingsError
from pooling.status import summary_sentence
from pooling.words import day, km, number
from pooling.workbooks import reason_words


def process_started() -> float:
    """When this process started, on `time.monotonic()`'s clock (to about 10 ms).

    The time limit covers what a user waits for, the interpreter's start and imports
    included (about half a second). Read from Linux's /proc; elsewhere, now.
    """
    now = time.monotonic()
    try:
        with open("/proc/uptime") as uptime, open("/proc/self/stat") as stat:
            up = float(uptime.read().split()[0])
            # The fields after the command's name (in parentheses); starttime is field 22.
            fields = stat.read().rsplit(")", 1)[1].split()
        age = up - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return now
    return now - age if 0 <= age < 3600 else now


@click.group()
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="language of messages, explanations and workbooks (da: Danish, en: English)",
)
@click.pass_context
def main(ctx: click.Context, lang: str) -> None:
    """Pool AMU course requests into viable cohorts."""
    ctx.with_resource(use_language(lang))


def _load(path: Path):
    intake = read_scenario_path(path)
    for note in intake.notes:
        click.echo(str(note), err=True)
    if intake.problems:
        for problem in intake.problems:
            click.echo(str(problem), err=True)
        click.echo(
            _("{n} problem(s); nothing was solved.").format(n=len(intake.problems)), err=True
        )
        sys.exit(1)
    return intake.scenario


@main.command()
@click.argument("scenario", type=click.Path(exists=True, path_type=Path))
def validate(scenario: Path) -> None:
    """Check SCENARIO (a folder of CSV files or an .xlsx workbook) and list every problem."""
    loaded = _load(scenario)
    click.echo(
        _(
            "OK: {courses} courses, {schools} schools, {offers} offers, {requests} requests "
            "({learners} learners)."
        ).format(
            courses=len(loaded.courses),
            schools=len(loaded.schools),
            offers=len(loaded.offers),
            requests=len(loaded.requests),
            learners=loaded.learners_requested,
        )
    )


@main.command()
@click.argument("scenario", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="proposal.json to write"
)
@click.option(
    "--xlsx",
    type=click.Path(dir_okay=False, path_type=Path),
    help="the coordinator's workbook to write",
)
@click.option(
    "--per-school",
    type=click.Path(file_okay=False, path_type=Path),
    help="folder to write one workbook per school with holds into (created if missing)",
)
@click.option(
    "--per-organisation",
    type=click.Path(file_okay=False, path_type=Path),
    help="folder to write one workbook per requesting organisation into (created if missing)",
)
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file of prices, weights and fix ceilings (see README)",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    callback=finite,
    default=60.0,
    show_default=True,
    help="seconds for the whole command, counted from its start",
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
    per_school: Path | None,
    per_organisation: Path | None,
    settings_file: Path | None,
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
    for folder, hint in ((per_school, "--per-school"), (per_organisation, "--per-organisation")):
        if folder is not None and folder.is_dir():
            check_writable(folder / "workbook.xlsx", hint)
        elif folder is not None:
            check_writable(folder, hint)  # a new folder: its parent must be writable
    settings = Settings()
    if settings_file is not None:
        try:
            settings = Settings.from_toml(settings_file)
        except SettingsError as error:
            raise click.BadParameter(str(error), param_hint="--settings") from error
    started = process_started()
    loaded = _load(scenario)

    def progress(p: Progress) -> None:
        if not quiet and p.parts_total:
            click.echo(
                _("[{seconds} s] parts {done} of {total} solved, {placed} learners placed").format(
                    seconds=f"{time.monotonic() - started:6.1f}",
                    done=p.parts_done,
                    total=p.parts_total,
                    placed=p.placed_learners,
                ),
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
        settings=settings,
    )
    try:
        proposal = propose(loaded, options, progress=progress, started=started)
    except ExecutorUnavailable as error:
        click.echo(_("Could not solve: {error}").format(error=error), err=True)
        sys.exit(3)
    writes = []
    if out:
        writes.append((out, lambda path: write_json(proposal, path)))
    if xlsx:
        writes.append((xlsx, lambda path: write_xlsx(proposal, loaded, path)))
    writes += per_reader_files(proposal, loaded, per_school, per_organisation)
    for folder in (per_school, per_organisation):
        if folder is not None:
            folder.mkdir(exist_ok=True)
    write_together(writes)
    if not quiet:
        _print_proposal(proposal)
    click.echo(summary_sentence(proposal))
    click.echo(
        _("Solver: {seconds} s, {optimal} of {parts} parts proven optimal.").format(
            seconds=number(proposal.solve_seconds, 2),
            optimal=proposal.parts_optimal,
            parts=proposal.parts,
        )
    )
    for path in (out, xlsx):
        if path is not None:
            click.echo(_("Wrote {path}").format(path=path))
    for folder in (per_school, per_organisation):
        if folder is not None:
            n = sum(target.parent == folder for target, _write in writes)
            click.echo(_("Wrote {n} workbooks in {folder}").format(n=n, folder=folder))


def _print_proposal(p: Proposal) -> None:
    for c in p.cohorts:
        flag = " " + _("guaranteed") if c.guaranteed else ""
        click.echo(
            _("{hold}: {n} participants (min {low}, max {high}){flag}, ends {end}").format(
                hold=c.cohort_id,
                n=c.participants,
                low=c.min_participants,
                high=c.max_participants,
                flag=flag,
                end=day(c.end_date) if c.end_date else "",
            )
        )
        for m in c.members:
            click.echo(
                "    "
                + _("{request}: {n} learner(s), {km}").format(
                    request=m.request_id, n=m.learners, km=km(m.travel_km)
                )
            )
    for u in p.unplaced:
        click.echo(
            _("not placed {request} ({n}): {reason}. {detail}").format(
                request=u.request_id, n=u.learners, reason=reason_words(u), detail=u.detail
            )
        )
        if u.fix:
            click.echo("    " + _("fix: {fix}").format(fix=u.fix))
        elif u.no_fix_reason:
            click.echo("    " + _("no fix: {why}").format(why=u.no_fix_reason))


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
        _(
            "Wrote {path}: {courses} courses, {schools} schools, {offers} offers, {requests} "
            "requests ({learners} learners)."
        ).format(
            path=out,
            courses=len(tables["courses"]),
            schools=len(tables["schools"]),
            offers=len(tables["offers"]),
            requests=len(tables["requests"]),
            learners=learners,
        )
    )


main.add_command(travel)
