"""Fixed links, ferries and road waypoints: the reference rows the road graph is built from.

`crossings.csv` lists every bridge, tunnel and car ferry the road model may use to cross
water, with both ends (a point on each shore and the postcode it serves) and the minutes the
crossing takes. `road_waypoints.csv` lists a few points on land that let the straight-line
road edges get round fjords and along spits. `CLOSED_WATERS` lists the fjords and sounds whose
narrow water the road model must never treat as a gap that a town's roads bridge. This module
only reads and checks the rows; it builds no graph.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from geo.places import REFERENCE_DIR

KINDS = ("bridge", "tunnel", "ferry")

# Narrow waters (a few hundred metres in the 1:500 000 outlines) inside one landmass that
# roads cross only on a listed crossing or not at all: (name, south, west, north, east), a box
# in degrees around the water outside the towns that bridge its head. A land edge may span a
# short stretch of water (a harbour, a river or a fjord head, see `geo.road_graph`), but not
# a coast that lies in one of these boxes.
CLOSED_WATERS = (
    ("Randers Fjord below Randers (Udbyhøj ferry)", 56.45, 10.08, 56.72, 10.45),
    ("Mariager Fjord below Hobro (Hadsund bridge)", 56.62, 9.83, 56.80, 10.45),
    ("Egernsund (Egernsund bridge)", 54.900, 9.585, 54.915, 9.610),
    ("Haderslev Fjord below Haderslev", 55.22, 9.52, 55.29, 9.75),
    ("Kolding Fjord below Kolding", 55.46, 9.52, 55.55, 9.75),
    ("Vejle Fjord below Vejle (Vejle Fjord bridge)", 55.64, 9.58, 55.76, 10.05),
    ("Horsens Fjord below Horsens", 55.80, 9.90, 55.92, 10.25),
    ("Roskilde Fjord (Frederikssund bridges)", 55.66, 11.95, 55.99, 12.12),
    ("Isefjord north of Holbæk (Hundested-Rørvig ferry)", 55.74, 11.70, 55.99, 11.95),
    ("Odense Fjord below Odense", 55.43, 10.30, 55.62, 10.62),
    ("Virksund (Virksund dam)", 56.595, 9.28, 56.625, 9.30),
)


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
