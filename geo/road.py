"""The road travel model: fastest routes over the road graph (`geo.road_graph`).

A place is snapped to the nearest postcode centroid that a straight line reaches without
crossing water, and the short access distance (geodesic x detour factor, at road speed) is
added at both ends. A place that reaches none of its nearest postcodes over land (on an
island, a spit or a peninsula) joins the nearest node on its own landmass, so it leaves an
island only by the island's bridge or ferry; only a place at sea, or on an islet with no node
(no postcode and no listed crossing of its own), joins the nearest postcode over the water.
Routes are the fastest by minutes; a leg reports the km of that route and the names of the
bridges, tunnels and ferries on it. Routes between nodes come from the all-pairs table of
`geo.road_table` (cached on disk, so a run does not build the graph); `fastest_tree` runs
Dijkstra on the graph itself, which the tests compare the table against. This module knows
nothing of courses or schools.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from geo import shapes
from geo.places import Place
from geo.road_graph import DETOUR_FACTOR, RoadGraph, geodesic_km, road_graph, road_minutes
from geo.road_table import RoadTable, road_table
from geo.travel import CachedTravel, Leg, TravelMatrix

_SNAP_CANDIDATES = 6  # nearest postcodes tried, in order, for a dry access line
_SAME_POINT_KM = 0.001


@dataclass(frozen=True, slots=True)
class Snap:
    """Where a place joins the graph and how far it is from there."""

    node: int
    km: float
    minutes: float


@dataclass(frozen=True, slots=True)
class Tree:
    """Fastest routes from one node to every node: minutes, km and crossings (root first)."""

    minutes: np.ndarray
    km: np.ndarray
    crossings: tuple[tuple[str, ...], ...]


def _haversine_km(lat, lon, lats, lons) -> np.ndarray:
    p1, p2 = np.radians(lat), np.radians(lats)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2
    )
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def snap_many(graph: RoadGraph, places: Sequence[Place]) -> list[Snap]:
    """Where each place joins the graph: the nearest postcode reachable over land."""
    if not places:
        return []
    targets = graph.postcode_nodes
    lats = np.array([graph.nodes[i].lat for i in targets])
    lons = np.array([graph.nodes[i].lon for i in targets])
    plat = np.array([p.lat for p in places])
    plon = np.array([p.lon for p in places])
    far = _haversine_km(plat[:, None], plon[:, None], lats[None, :], lons[None, :])
    near = np.argsort(far, axis=1)[:, :_SNAP_CANDIDATES]
    # One vectorised water test for every place's candidate access lines.
    wet = shapes.crosses_coast(
        np.repeat(plat, near.shape[1]), np.repeat(plon, near.shape[1]),
        lats[near].ravel(), lons[near].ravel(),
    ).reshape(near.shape)  # fmt: skip
    same_point = far[np.arange(len(places)), near[:, 0]] < _SAME_POINT_KM
    stranded = np.flatnonzero(wet.all(axis=1) & ~same_point).tolist()
    on_land = _nearest_on_landmass(graph, [places[r] for r in stranded])
    landed = dict(zip(stranded, on_land, strict=True))
    snaps = []
    for row, place in enumerate(places):
        if same_point[row]:
            snaps.append(Snap(int(targets[near[row, 0]]), 0.0, 0.0))
            continue
        chosen = landed.get(row)
        if chosen is None:
            # The first candidate reached over land. A place at sea, or on an islet with no
            # node of its own, crosses water to every one: then the nearest is the best there is.
            chosen = int(targets[near[row, int(np.argmin(wet[row]))]])
        node = graph.nodes[chosen]
        km = geodesic_km(place.lat, place.lon, node.lat, node.lon) * DETOUR_FACTOR
        snaps.append(Snap(chosen, km, road_minutes(km)))
    return snaps


def _nearest_on_landmass(graph: RoadGraph, places: Sequence[Place]) -> list[int | None]:
    """The nearest node of any kind on each place's own landmass (None at sea or if it has none).

    For the places that reach none of their nearest postcodes over land: a school on Tunø
    joins Tunø (and leaves it on the Tunø ferry), not Hou across the water.
    """
    if not places:
        return []
    where = shapes.locate([p.lat for p in places], [p.lon for p in places])
    landmass = np.array([n.landmass for n in graph.nodes])
    lats = np.array([n.lat for n in graph.nodes])
    lons = np.array([n.lon for n in graph.nodes])
    found: list[int | None] = []
    for place, located in zip(places, where, strict=True):
        mine = np.flatnonzero(landmass == located[1]) if located is not None else []
        if len(mine) == 0:
            found.append(None)
            continue
        far = _haversine_km(place.lat, place.lon, lats[mine], lons[mine])
        found.append(int(mine[np.argmin(far)]))
    return found


def fastest_tree(graph: RoadGraph, root: int) -> Tree:
    """Dijkstra by minutes from `root`, with km and crossings carried along the tree."""
    import networkx as nx  # only here and where the graph is built: a run reads the table

    g = graph.graph
    keys = [n.key for n in graph.nodes]
    pred, dist = nx.dijkstra_predecessor_and_distance(g, keys[root], weight="minutes")
    minutes = np.full(len(keys), np.inf)
    km = np.full(len(keys), np.inf)
    crossings: list[tuple[str, ...]] = [()] * len(keys)
    # `dist` is in the order nodes were settled, so every predecessor is filled in first.
    for key, value in dist.items():
        i = graph.index[key]
        minutes[i] = value
        if key == keys[root]:
            km[i] = 0.0
            continue
        parent = pred[key][0]
        edge = g.edges[parent, key]
        p = graph.index[parent]
        km[i] = km[p] + edge["km"]
        crossings[i] = crossings[p] + ((edge["crossing"],) if edge["crossing"] else ())
    return Tree(minutes, km, tuple(crossings))


@dataclass
class RoadTravel(CachedTravel):
    """Fastest road route, over the bridges and ferries in `crossings.csv`.

    Routes come from the all-pairs table (`geo.road_table`, cached on disk), so a run does not
    build the graph; only a place the table does not know (a school with its own
    coordinates) is snapped on the graph, which is then built once.
    """

    name: str = "road"
    _snaps: dict[str, Snap] = field(default_factory=dict, repr=False)
    _trees: dict[int, Tree] = field(default_factory=dict, repr=False)

    @property
    def graph(self) -> RoadGraph:
        return road_graph()

    @property
    def table(self) -> RoadTable:
        return road_table()

    def snap(self, place: Place) -> Snap:
        found = self._snaps.get(place.key)
        if found is None:
            self._snap_all([place])
            found = self._snaps[place.key]
        return found

    def _snap_all(self, places: Sequence[Place]) -> None:
        todo = list({p.key: p for p in places if p.key not in self._snaps}.values())
        known = self.table.snaps
        unknown = []
        for place in todo:
            at = known.get((place.lat, place.lon))
            if at is None:
                unknown.append(place)
            else:
                self._snaps[place.key] = Snap(*at)
        if unknown:
            snaps = snap_many(self.graph, unknown)
            self._snaps.update(zip((p.key for p in unknown), snaps, strict=True))

    def tree(self, node: int) -> Tree:
        """Dijkstra on the graph from `node` (the table's routes are checked against it)."""
        found = self._trees.get(node)
        if found is None:
            found = self._trees[node] = fastest_tree(self.graph, node)
        return found

    def _direct(self, origin: Place, destination: Place) -> Leg:
        km = geodesic_km(origin.lat, origin.lon, destination.lat, destination.lon) * DETOUR_FACTOR
        return Leg(km=km, minutes=road_minutes(km))

    def _compute(self, origin: Place, destination: Place) -> Leg:
        if origin.key == destination.key:
            return Leg(km=0.0, minutes=0.0)
        a, b = self.snap(origin), self.snap(destination)
        if a.node == b.node:  # both join at one postcode: go straight, not via its centroid
            return self._direct(origin, destination)
        table = self.table
        return Leg(
            km=a.km + float(table.km[a.node, b.node]) + b.km,
            minutes=a.minutes + float(table.minutes[a.node, b.node]) + b.minutes,
            crossings=table.crossings(a.node, b.node),
        )

    def matrix(self, origins: Sequence[Place], destinations: Sequence[Place]) -> TravelMatrix:
        self._snap_all([*origins, *destinations])
        o_snaps = [self.snap(p) for p in origins]
        d_snaps = [self.snap(p) for p in destinations]
        o_node = np.array([s.node for s in o_snaps], dtype=int)
        d_node = np.array([s.node for s in d_snaps], dtype=int)
        table = self.table
        between = np.ix_(o_node, d_node)
        km = np.array([s.km for s in o_snaps])[:, None] + table.km[between]
        km += np.array([s.km for s in d_snaps])[None, :]
        minutes = np.array([s.minutes for s in o_snaps])[:, None] + table.minutes[between]
        minutes += np.array([s.minutes for s in d_snaps])[None, :]
        # Rare: both ends join at one node (see `_compute`).
        for i, j in zip(*np.nonzero(o_node[:, None] == d_node[None, :]), strict=True):
            leg = self._compute(origins[i], destinations[j])
            km[i, j], minutes[i, j] = leg.km, leg.minutes
        return TravelMatrix(
            tuple(p.key for p in origins), tuple(p.key for p in destinations), km, minutes
        )
