"""Travel models: how far (km) and how long (minutes) from one place to another.

Every model has the same interface (`TravelModel`): `leg(a, b)` for one pair and
`matrix(origins, destinations)` for many at once, cached by place key so no pair is computed
twice in a process. `geodesic` is the great-circle distance (geopy); `road` follows Danish
roads, bridges and ferries (see `geo.road`). This module knows nothing of courses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from geo.places import Place

# Minutes for the geodesic model: the straight line at an average door-to-door speed.
GEODESIC_SPEED_KMH = 60.0


@dataclass(frozen=True, slots=True)
class Leg:
    """One-way travel: kilometres, minutes and the named crossings used (bridges, ferries)."""

    km: float
    minutes: float
    crossings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TravelMatrix:
    """km[i, j] and minutes[i, j] from origins[i] to destinations[j]."""

    origins: tuple[str, ...]
    destinations: tuple[str, ...]
    km: np.ndarray
    minutes: np.ndarray


class TravelModel(Protocol):
    """What the engine asks of any travel model."""

    name: str

    def leg(self, origin: Place, destination: Place) -> Leg: ...

    def matrix(self, origins: Sequence[Place], destinations: Sequence[Place]) -> TravelMatrix: ...


@dataclass
class CachedTravel:
    """Shared caching of legs by place key; subclasses implement `_compute`."""

    name: str = "abstract"
    _cache: dict[tuple[str, str], Leg] = field(default_factory=dict, repr=False)

    def _compute(self, origin: Place, destination: Place) -> Leg:
        raise NotImplementedError

    def leg(self, origin: Place, destination: Place) -> Leg:
        key = (origin.key, destination.key)
        leg = self._cache.get(key)
        if leg is None:
            leg = self._compute(origin, destination)
            self._cache[key] = leg
        return leg

    def matrix(self, origins: Sequence[Place], destinations: Sequence[Place]) -> TravelMatrix:
        km = np.empty((len(origins), len(destinations)))
        minutes = np.empty_like(km)
        for i, origin in enumerate(origins):
            for j, destination in enumerate(destinations):
                leg = self.leg(origin, destination)
                km[i, j] = leg.km
                minutes[i, j] = leg.minutes
        return TravelMatrix(
            tuple(p.key for p in origins), tuple(p.key for p in destinations), km, minutes
        )


@dataclass
class GeodesicTravel(CachedTravel):
    """Great-circle distance on the WGS84 ellipsoid; minutes at GEODESIC_SPEED_KMH."""

    name: str = "geodesic"

    def _compute(self, origin: Place, destination: Place) -> Leg:
        from geopy.distance import geodesic  # geopy loads asyncio and its geocoders: not at start

        km = geodesic((origin.lat, origin.lon), (destination.lat, destination.lon)).km
        return Leg(km=km, minutes=km / GEODESIC_SPEED_KMH * 60.0)


TRAVEL_MODELS = ("road", "geodesic")


def travel_model(name: str) -> TravelModel:
    """A fresh travel model by name: "road" or "geodesic"."""
    if name == "geodesic":
        return GeodesicTravel()
    if name == "road":
        from geo.road import RoadTravel  # the road graph is built only when asked for

        return RoadTravel()
    raise ValueError(f"unknown travel model {name!r}; expected one of {', '.join(TRAVEL_MODELS)}")
