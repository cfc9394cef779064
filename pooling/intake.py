"""The one way in for files: CLI, web upload and API read through here.

    read_upload(data: bytes, filename: str, *, table: str | None = None,
                limits: Limits = LIMITS) -> Intake
    read_scenario_path(path: Path, *, limits: Limits = LIMITS) -> Intake

`filename` decides the kind: `.xlsx` (also `.xlsm`; `.xls` and `.ods` get a problem saying
to save as .xlsx) is a workbook whose sheets are found by name (`courses`/`Kurser`,
`schools`/`Skoler`, `offers`/`Udbud`, `requests`/`Behov`; other sheets are only searched for
CPR numbers); anything else is one CSV table, named by `table` ("courses", "schools",
"offers" or "requests"), else by the file name (`behov.csv`), else by its header.

`Intake` is never an exception: `problems` lists every problem (each with `file`, `sheet`,
`row`, `column`, `message`, in the current language, see `pooling.i18n`); when it is empty,
`objects` holds the domain objects of each table read (`Course`, `School`, `Offer`,
`Request`) and `scenario` the whole `Scenario` if all four tables were given. `notes` says
what was read in a way the user should know (a municipality placed at its reference
postcode). Nothing is stored or written. Limits (`pooling.limits`) bound size, time and
memory; a problem names the limit hit. These signatures are stable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from pooling.domain import Scenario
from pooling.i18n import _
from pooling.limits import LIMITS, Limits
from pooling.problems import Problem
from pooling.reading import Reading, read_bytes, read_path
from pooling.validation import check_tables

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Intake:
    """What a file held: domain objects and the scenario, or the problems; and notes."""

    problems: tuple[Problem, ...] = ()
    notes: tuple[Problem, ...] = ()
    objects: dict[str, tuple[object, ...]] = field(default_factory=dict)
    scenario: Scenario | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def read_upload(
    data: bytes, filename: str, *, table: str | None = None, limits: Limits = LIMITS
) -> Intake:
    """The tables of an uploaded file, validated; never raises for bad input."""
    return _guarded(filename, lambda: read_bytes(data, filename, table=table, limits=limits))


def read_scenario_path(path: Path, *, limits: Limits = LIMITS) -> Intake:
    """The scenario at `path` (a folder of CSV files or a workbook); never raises for bad input."""
    return _guarded(Path(path).name, lambda: read_path(Path(path), limits))


def _guarded(filename: str, read) -> Intake:
    try:
        reading: Reading = read()
        if reading.problems:
            return Intake(problems=tuple(reading.problems))
        checked = check_tables(reading.tables)
        if checked.problems:
            return Intake(problems=tuple(checked.problems), notes=tuple(checked.notes))
        return Intake(
            notes=tuple(checked.notes), objects=checked.objects, scenario=checked.scenario
        )
    except Exception:
        # A file must never become a traceback; this is a bug of ours, logged for us.
        _log.exception("reading %s failed", filename)
        message = _("the file could not be read (an error of ours, logged); nothing was stored")
        return Intake(problems=(Problem(file=filename, row=None, column=None, message=message),))
