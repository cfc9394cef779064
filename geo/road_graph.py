"""The road graph: reference places joined by straight road edges on land, bridges and ferries.

Nodes are the 592 postcode centroids and the 13 small-island postcodes placed on their islands
(`pc:<code>`, see `geo.places`), the 98 municipality centroids (`mun:<code>`), the road
waypoints (`wp:<name>`) and both ends of every crossing (`x:<name>:from`, `x:<name>:to`).
Land edges join each node to its nearest neighbours on the same landmass, and to the nearest
in each direction, whose straight line stays on land except for at most SHORT_WATER_KM of
water: a harbour, a river or a fjord head that the town's roads bridge. Narrow fjords and
sounds without such bridges are closed (`geo.links.CLOSED_WATERS`), so no land edge spans
open water; the only ways over it are the listed crossings. Edge km are geodesic length x
DETOUR_FACTOR, minutes are km at ROAD_SPEED_KMH; crossing edges carry their own km, minutes
and name. This module builds the graph; it does not route (see `geo.road`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from geographiclib.geodesic import Geodesic

from geo import shapes
from geo.links import CLOSED_WATERS, load_crossings, load_waypoints
from geo.places import load_places

if TYPE_CHECKING:
    import networkx as nx

# Road km per geodesic km, fitted on the 21 published Jutland road distances
# (road_distances_jutland.csv): the median model/published ratio there is 0.99 and the worst
# error 13 % (Aalborg-Viborg); the table is printed by tests/geo/test_road_calibration.py.
DETOUR_FACTOR = 1.14
# Effective door-to-door speed on land edges: a mix of motorway (110-130 km/h), main roads
# (80 km/h) and towns (50 km/h), plus junctions. 70 km/h is conservative for long motorway
# trips (Aarhus-Aalborg comes out ~105 min against ~80 by a route planner) and fair for the
# rural roads most course participants drive.
ROAD_SPEED_KMH = 70.0
# Each node links to this many nearest dry neighbours within NEIGHBOUR_RADIUS_KM, and to the
# nearest in each of SECTORS equal angles round it: enough for the straight edges to
# approximate the road network, few enough to keep the graph sparse.
NEIGHBOURS = 8
SECTORS = 8
NEIGHBOUR_RADIUS_KM = 30.0
# Water a land edge may span: harbours, rivers and fjord heads in towns are a few hundred
# metres wide in the 1:500 000 outlines, and their towns bridge them; every strait between
# landmasses and every closed water is refused whatever its width. 0.4 km lets 132 of ~4 050
# land edges through (Horsens, Randers, Kerteminde, Nakskov, Copenhagen harbour, ...).
SHORT_WATER_KM = 0.4


@dataclass(frozen=True, slots=True)
class RoadNode:
    key: str
    lat: float
    lon: float
    municipality: str
    landmass: int


@dataclass(frozen=True, slots=True)
class RoadGraph:
    """The graph plus, in node order, the arrays that snapping and matrices need."""

    graph: nx.Graph
    nodes: tuple[RoadNode, ...]
    index: dict[str, int]
    postcode_nodes: np.ndarray  # indices of the `pc:` nodes, the targets places snap to


def road_minutes(km: float) -> float:
    return km / ROAD_SPEED_KMH * 60.0


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS84 geodesic length: geopy's `geodesic` engine, asked for the distance only (2x faster)."""
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"] / 1000.0


def _reference_points() -> list[tuple[str, float, float]]:
    places = load_places()
    # Every postcode whose place is its own: an island postcode must be a node on its island,
    # or places there would join the graph over the water (see `geo.road.snap_many`).
    postcodes = places.postcodes() + places.island_postcodes()
    points = [(f"pc:{pc.code}", pc.lat, pc.lon) for pc in postcodes]
    points += [(f"mun:{m.code}", m.lat, m.lon) for m in places.municipalities.values()]
    points += [(f"wp:{w.name}", w.lat, w.lon) for w in load_waypoints()]
    for c in load_crossings():
        points += [(f"x:{c.name}:from", c.from_lat, c.from_lon)]
        points += [(f"x:{c.name}:to", c.to_lat, c.to_lon)]
    return points


def _nodes() -> tuple[RoadNode, ...]:
    points = _reference_points()
    located = shapes.locate([p[1] for p in points], [p[2] for p in points])
    nodes = []
    for (key, lat, lon), where in zip(points, located, strict=True):
        if where is None:
            raise ValueError(f"road graph node {key} at {lat}, {lon} is not on land")
        nodes.append(RoadNode(key, lat, lon, where[0], where[1]))
    return tuple(nodes)


def _land_pairs(nodes: tuple[RoadNode, ...]) -> list[tuple[int, int]]:
    """Pairs of nodes joined by a land edge (see the module docstring for the rule)."""
    lat = np.array([n.lat for n in nodes])
    lon = np.array([n.lon for n in nodes])
    x, y = shapes.project(lat, lon)
    dist = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    landmass = np.array([n.landmass for n in nodes])
    near = np.triu(dist < NEIGHBOUR_RADIUS_KM, 1) & (landmass[:, None] == landmass[None, :])
    i, j = np.nonzero(near)
    closed = [box for _, *box in CLOSED_WATERS]
    dry = shapes.water_km(lat[i], lon[i], lat[j], lon[j], closed) <= SHORT_WATER_KM
    i, j = i[dry], j[dry]
    kind = [n.key.split(":")[0] for n in nodes]
    borders = shapes.land_borders()

    def neighbours_ok(a: int, b: int) -> bool:
        # Postcodes pair only within one municipality or two that share a land border.
        if kind[a] != "pc" or kind[b] != "pc":
            return True
        ma, mb = nodes[a].municipality, nodes[b].municipality
        return ma == mb or frozenset((ma, mb)) in borders

    candidates: dict[int, list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        pair = frozenset((nodes[a].municipality, nodes[b].municipality))
        same_municipality = len(pair) == 1
        if kind[a] == kind[b] == "mun" and pair in borders:
            pairs.add((a, b))  # municipalities that share a land border
        if {kind[a], kind[b]} == {"pc", "mun"} and same_municipality:
            pairs.add((a, b))  # each postcode to its municipality
        if neighbours_ok(a, b):
            candidates.setdefault(a, []).append(b)
            candidates.setdefault(b, []).append(a)
    for a, others in candidates.items():
        others = sorted(others, key=lambda o: dist[a, o])
        # The nearest few, plus the nearest in each of SECTORS directions: a town whose
        # nearest neighbours all lie one way still gets an edge the other ways.
        sector = np.floor(
            (np.arctan2(y[others] - y[a], x[others] - x[a]) + np.pi) / (2 * np.pi) * SECTORS
        ).astype(int)
        first = np.unique(sector % SECTORS, return_index=True)[1]
        for b in set(others[:NEIGHBOURS]) | {others[k] for k in first}:
            pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def build_road_graph() -> RoadGraph:
    """Build the graph from the reference files (uncached; see `road_graph`)."""
    import networkx as nx  # a run reads the cached table (geo.road_table), not the graph

    nodes = _nodes()
    graph = nx.Graph()
    graph.add_nodes_from(n.key for n in nodes)
    for a, b in _land_pairs(nodes):
        na, nb = nodes[a], nodes[b]
        km = geodesic_km(na.lat, na.lon, nb.lat, nb.lon) * DETOUR_FACTOR
        graph.add_edge(na.key, nb.key, km=km, minutes=road_minutes(km), crossing=None)
    for c in load_crossings():
        graph.add_edge(
            f"x:{c.name}:from", f"x:{c.name}:to", km=c.km, minutes=c.minutes, crossing=c.name
        )
    index = {n.key: i for i, n in enumerate(nodes)}
    postcode_nodes = np.array([i for i, n in enumerate(nodes) if n.key.startswith("pc:")])
    return RoadGraph(graph, nodes, index, postcode_nodes)


@cache
def road_graph() -> RoadGraph:
    """The road graph, built once per process."""
    return build_road_graph()
