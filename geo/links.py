"""Fixed links, ferries and road waypoints: the reference rows the road graph is built from.

`crossings.csv` lists every bridge, tunnel and car ferry the road model may use to cross
water, with both ends (a point on each shore and the postcode it serves) and the minutes the
crossing takes. `road_waypoints.csv` lists a few points on land that let the straight-line
road edges get round fjords and along spits. This module only reads and checks the rows; it
builds no graph.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from geo.places import REFERENCE_DIR

KINDS = ("bridge", "tunnel", "ferry")


@dataclass(frozen=True, slots=True, kw_only=True)
class Crossing:
    """One way over water. `km` is the length driven or sailed between the two ends."""

    name: str
    kind: str
    from_postcode: str  # the postal area the end serves; "" for an islet with none (Farø)
    from_lat: float
    from_lon: float
    to_postcode: str
    to_lat: float
    to_lon: float
    km: float
    minutes: float
    source: str

    @property
    def is_ferry(self) -> bool:
        return self.kind == "ferry"


@dataclass(frozen=True, slots=True, kw_only=True)
class Waypoint:
    """A point on land that a road passes, so edges need not cut across a bay."""

    name: str
    lat: float
    lon: float
    joins: str
    source: str


@cache
def load_crossings() -> tuple[Crossing, ...]:
    """Every crossing in `crossings.csv`, read once per process."""
    crossings = []
    path = REFERENCE_DIR / "crossings.csv"
    with open(path, encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            if row["kind"] not in KINDS:
                raise ValueError(f"{path}:{line}: kind {row['kind']!r} is not one of {KINDS}")
            crossings.append(
                Crossing(
                    name=row["name"],
                    kind=row["kind"],
                    from_postcode=row["from_postcode"],
                    from_lat=float(row["from_lat"]),
                    from_lon=float(row["from_lon"]),
                    to_postcode=row["to_postcode"],
                    to_lat=float(row["to_lat"]),
                    to_lon=float(row["to_lon"]),
                    km=float(row["crossing_km"]),
                    minutes=float(row["minutes"]),
                    source=row["source"],
                )
            )
    names = [c.name for c in crossings]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: crossing names must be unique")
    return tuple(crossings)


@cache
def load_waypoints() -> tuple[Waypoint, ...]:
    """Every waypoint in `road_waypoints.csv`, read once per process."""
    with open(REFERENCE_DIR / "road_waypoints.csv", encoding="utf-8") as f:
        return tuple(
            Waypoint(
                name=row["name"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                joins=row["joins"],
                source=row["source"],
            )
            for row in csv.DictReader(f)
        )
