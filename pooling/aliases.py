"""The one alias table: Danish and English names of the tables and their columns.

A file, sheet or column name is compared after `normalise` (lower case; `_ - . / ( )` and
repeated spaces as one space), so `Min. deltagere`, `min_deltagere` and `MIN DELTAGERE` are
one name.
Names are per table, because the same word means different columns (`navn` is a course's title
and a school's name). `find_header` finds the header below a title row. This module knows
names only; `pooling.validation` reads the values.
"""

from __future__ import annotations

import re

TABLES = ("courses", "schools", "offers", "requests")
OPTIONAL_TABLES = ("closed_dates",)
ALL_TABLES = TABLES + OPTIONAL_TABLES

TABLE_NAMES: dict[str, tuple[str, ...]] = {
    "courses": ("courses", "course", "kurser", "kursus", "kursusliste", "amu kurser"),
    "schools": ("schools", "school", "skoler", "skole", "udbydere", "udbyder", "skoleliste"),
    "offers": ("offers", "offer", "udbud", "hold", "kursusudbud", "holdudbud", "startdatoer"),
    "requests": ("requests", "request", "behov", "anmodninger", "ønsker", "efterspørgsel"),
    "closed_dates": ("closed_dates", "closed dates", "lukkedage", "lukkedatoer", "lukkedag"),
}

_COURSE_CODE = ("kursusnummer", "kursusnr", "kursuskode", "amu nummer", "amu nr", "amunr", "amu")
_MIN = ("min deltagere", "minimum deltagere", "mindste antal deltagere", "min antal", "minimum")
_MAX = ("max deltagere", "maks deltagere", "maksimum deltagere", "højeste antal deltagere")
_MAX += ("max antal", "maks antal", "maksimum", "maks")

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "courses": {
        "course_code": _COURSE_CODE,
        "title": ("titel", "kursustitel", "kursusnavn", "navn", "betegnelse"),
        "duration_days": ("varighed", "varighed dage", "varighed i dage", "dage", "antal dage"),
        "min_participants": _MIN,
        "max_participants": _MAX,
    },
    "schools": {
        "school_id": ("skole id", "skolens id", "skole", "udbyder id", "udbyder", "id"),
        "name": ("navn", "skolenavn", "skolens navn", "udbydernavn"),
        "postcode": ("postnummer", "postnr", "post nr", "kommune", "kommunekode"),
        "lat": ("breddegrad", "latitude"),
        "lon": ("længdegrad", "longitude"),
    },
    "offers": {
        "school_id": ("skole id", "skolens id", "skole", "udbyder id", "udbyder"),
        "course_code": _COURSE_CODE,
        "start_date": ("startdato", "start dato", "start", "kursusstart", "holdstart"),
        "min_participants": _MIN,
        "max_participants": _MAX,
        "max_parallel": ("max parallelle hold", "maks parallelle hold", "parallelle hold"),
        "price_dkk": ("pris", "pris dkk", "pris kr", "pris i kr", "holdpris", "pris (kr)"),
        "guaranteed": ("garanteret", "garantihold", "startgaranti", "gennemføres"),
        "seats_taken": ("optagne pladser", "pladser optaget", "allerede tilmeldte", "tilmeldte"),
    },
    "requests": {
        "request_id": (
            "behov id",
            "anmodning id",
            "id",
            "løbenummer",
            "nr",
            "reference",
            "din reference",
            "sagsnummer",
            "sagsnr",
        ),
        "organisation_id": ("organisation", "organisation id", "organisations id", "afsender"),
        "organisation_kind": ("organisationstype", "organisation type", "afsendertype", "type"),
        "course_code": _COURSE_CODE,
        "learners": ("deltagere", "antal deltagere", "kursister", "antal kursister", "antal"),
        "postcode": ("postnummer", "postnr", "post nr", "bopæl", "kommune", "kommunekode"),
        "earliest_start": ("tidligste start", "tidligste startdato", "start fra", "tidligst"),
        "latest_start": ("seneste start", "seneste startdato", "start senest", "senest"),
        "max_travel_km": ("max km", "maks km", "max afstand", "maks afstand", "max afstand km"),
        "keep_together": ("samlet", "hold sammen", "samme hold", "skal være samlet"),
        "priority": ("prioritet",),
        "max_travel_minutes": ("max minutter", "maks minutter", "max rejsetid", "maks rejsetid"),
        "p_number": ("p nummer", "p nr", "pnr", "p nummer (produktionsenhed)"),
        "cvr": ("cvr nummer", "cvr nr", "cvrnr"),
    },
    "closed_dates": {
        "school_id": ("skole id", "skolens id", "skole", "udbyder id", "udbyder"),
        "date": ("dato", "lukket", "lukkedag", "lukkedato", "day"),
    },
}

_SEPARATORS = re.compile(r"[\s_\-./()]+")


def normalise(name: str) -> str:
    """`name` as compared: lower case, separators as one space, no space at either end."""
    return _SEPARATORS.sub(" ", name.strip().lower()).strip(" :")


def _index() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    tables = {normalise(alias): t for t, names in TABLE_NAMES.items() for alias in names}
    columns = {
        table: {
            **{normalise(alias): column for column, names in by.items() for alias in names},
            **{normalise(column): column for column in by},
        }
        for table, by in COLUMNS.items()
    }
    return tables, columns


_TABLE_INDEX, _COLUMN_INDEX = _index()


def table_of(name: str) -> str | None:
    """The table a file or sheet called `name` holds (`Behov.csv` is requests), if known."""
    stem = name.rsplit("/", 1)[-1]
    if stem.lower().endswith((".csv", ".txt", ".xlsx")):
        stem = stem.rsplit(".", 1)[0]
    return _TABLE_INDEX.get(normalise(stem))


def column_of(table: str, name: str) -> str | None:
    """The column of `table` called `name` in the file, if known."""
    return _COLUMN_INDEX[table].get(normalise(name))


def header_names(table: str, cells: tuple[str, ...]) -> tuple[str, ...]:
    """The header as column names: known ones as ours, others lower-cased as written."""
    return tuple(column_of(table, cell) or cell.strip().lower() for cell in cells)


def find_header(table: str, lines: list[tuple[str, ...]], look: int = 10) -> int:
    """The index of the header among `lines`: the first of the first `look` lines naming two
    known columns, else the first line that is not empty (a title row above it is skipped)."""
    for i, cells in enumerate(lines[:look]):
        if sum(column_of(table, cell) is not None for cell in cells if cell) >= 2:
            return i
    return next((i for i, cells in enumerate(lines) if any(cells)), 0)


def best_table(lines: list[tuple[str, ...]], look: int = 10) -> str | None:
    """The table whose column names the first lines match best, if one matches best."""
    scores = {
        table: max(
            (sum(column_of(table, c) is not None for c in cells if c) for cells in lines[:look]),
            default=0,
        )
        for table in ALL_TABLES
    }
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked[0][1] >= 2 and ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    return None
