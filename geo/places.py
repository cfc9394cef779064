"""Reference places of Denmark: municipalities, postcodes and their RAR areas.

Read once from `fixtures/reference` (sources in its SOURCES.md). A postcode resolves to the
centroid of its postal area; Copenhagen street-level numbers (e.g. 1050) resolve to the range
that holds them (1000-1499); the small islands whose postcode has no polygon in
`postcodes.csv` (Tunø, Endelave, Omø, Orø, ...) resolve to their island
(`island_postcodes.csv`), never to their municipality's centroid on the mainland; other
postcodes with no area of their own (PO boxes, company numbers) resolve to their
municipality's centroid through PostNord's postcode list. This module does no travel
arithmetic.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"


@dataclass(frozen=True, slots=True)
class Place:
    """A point people travel from or to. `key` identifies it for caching."""

    key: str
    lat: float
    lon: float
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Municipality:
    code: str
    name: str
    region: str
    rar: str
    amk: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Postcode:
    code: str
    name: str
    municipality_code: str
    lat: float
    lon: float

    @property
    def place(self) -> Place:
        return Place(f"pc:{self.code}", self.lat, self.lon, f"{self.code} {self.name}")


class Places:
    """Lookups by postcode and municipality code."""

    def __init__(self, reference_dir: Path = REFERENCE_DIR) -> None:
        self.municipalities: dict[str, Municipality] = {}
        with open(reference_dir / "municipalities.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                code = row["kommunekode"].zfill(3)
                self.municipalities[code] = Municipality(
                    code=code,
                    name=row["name"],
                    region=row["region"],
                    rar=row["rar"],
                    amk=row["amk"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                )
        self._postcodes: dict[str, Postcode] = {}
        self._ranges: list[tuple[int, int, Postcode]] = []
        with open(reference_dir / "postcodes.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                pc = Postcode(
                    code=row["postnummer"],
                    name=row["name"],
                    municipality_code=row["kommunekode_primary"].zfill(3),
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                )
                if "-" in pc.code:
                    low, high = pc.code.split("-")
                    self._ranges.append((int(low), int(high), pc))
                else:
                    self._postcodes[pc.code] = pc
        # Island postcodes with no polygon of their own: the island is the postal area.
        self._islands: dict[str, Postcode] = {}
        with open(reference_dir / "island_postcodes.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                self._islands[row["postnummer"]] = Postcode(
                    code=row["postnummer"],
                    name=row["name"],
                    municipality_code=row["kommunekode"].zfill(3),
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                )
        self._postnord: dict[str, tuple[str, str]] = {}
        with open(reference_dir / "postnord_postnummer_kommune_2018.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                code = row["postnummer"].zfill(4)
                # Several rows per postcode when it spans municipalities: keep the first.
                self._postnord.setdefault(code, (row["bynavn"], row["kommunekode"].zfill(3)))

    def postcode(self, code: str) -> Postcode | None:
        """The postcode `code` ("8000", "1050"), or None if Denmark has no such postcode."""
        code = code.strip()
        if not (code.isdigit() and len(code) == 4):
            return None
        if code in self._postcodes:
            return self._postcodes[code]
        if code in self._islands:
            return self._islands[code]
        number = int(code)
        for low, high, pc in self._ranges:
            if low <= number <= high:
                return Postcode(
                    code=code,
                    name=pc.name,
                    municipality_code=pc.municipality_code,
                    lat=pc.lat,
                    lon=pc.lon,
                )
        if code in self._postnord:
            name, municipality_code = self._postnord[code]
            municipality = self.municipalities.get(municipality_code)
            if municipality is not None:
                return Postcode(
                    code=code,
                    name=name,
                    municipality_code=municipality_code,
                    lat=municipality.lat,
                    lon=municipality.lon,
                )
        return None

    def postcodes(self) -> list[Postcode]:
        """Every postcode that has a postal area of its own (ranges as one entry each)."""
        return list(self._postcodes.values()) + [pc for _, _, pc in self._ranges]

    def island_postcodes(self) -> list[Postcode]:
        """The small islands' postcodes that `postcodes()` lacks, each placed on its island."""
        return list(self._islands.values())

    def municipality(self, code: str) -> Municipality | None:
        return self.municipalities.get(code.strip().zfill(3))

    def municipality_of_postcode(self, code: str) -> Municipality | None:
        pc = self.postcode(code)
        return None if pc is None else self.municipalities.get(pc.municipality_code)

    def rar_of_postcode(self, code: str) -> str | None:
        municipality = self.municipality_of_postcode(code)
        return None if municipality is None else municipality.rar


@cache
def load_places() -> Places:
    """The reference places, read once per process."""
    return Places()
