"""Fastest routes between every pair of road-graph nodes, and where each reference place joins
the graph: computed once from the graph and cached on disk, so a run need not build the graph.

The table holds minutes and km of the fastest route (by minutes) from every node to every
other, the next node on each route (to recover the bridges and ferries it uses), and the snap
of every postcode, island postcode and municipality centroid (`geo.road.snap_many`). It is
computed by Floyd-Warshall over the graph of `geo.road_graph` and stored in the cache folder
(`COURSE_POOLING_CACHE`, else `$XDG_CACHE_HOME/course-pooling`, else
`~/.cache/course-pooling`) under a hash of the reference files and of the modules that shape
the graph: a change to either builds a new table. A cache that cannot be read or written is
rebuilt in memory; nothing generated is part of the source tree. This module does not route
places that are not in the table (see `geo.road`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from geo.places import REFERENCE_DIR, Place, load_places
from geo.road_graph import RoadGraph, road_graph

CACHE_ENV = "COURSE_POOLING_CACHE"
# Bump when the table's layout or meaning changes.
_FORMAT = 1
_REFERENCE_FILES = (
    "municipalities.csv",
    "postcodes.csv",
    "island_postcodes.csv",
    "postnord_postnummer_kommune_2018.csv",
    "crossings.csv",
    "road_waypoints.csv",
    "municipalities.geojson",
)
_MODULES = ("places.py", "links.py", "shapes.py", "road_graph.py", "road.py", "road_table.py")


@dataclass(frozen=True, slots=True)
class RoadTable:
    """All-pairs fastest routes over the graph's nodes, and the snaps of reference places.

    minutes[i, j], km[i, j]: the fastest route from node i to node j; next_hop[i, j]: the node
    after i on it. crossings: the name of each crossing edge, both directions. snaps: (lat,
    lon) -> (node, access km, access minutes).
    """

    keys: tuple[str, ...]
    minutes: np.ndarray
    km: np.ndarray
    next_hop: np.ndarray
    crossing_edges: dict[tuple[int, int], str]
    snaps: dict[tuple[float, float], tuple[int, float, float]]

    def crossings(self, origin: int, destination: int) -> tuple[str, ...]:
        """Names of the bridges, tunnels and ferries on the route, in travel order."""
        found = []
        node = origin
        while node != destination:
            after = int(self.next_hop[node, destination])
            name = self.crossing_edges.get((node, after))
            if name is not None:
                found.append(name)
            node = after
        return tuple(found)


def reference_places() -> list[Place]:
    """Every place whose snap the table stores: postcodes, island postcodes, municipalities."""
    places = load_places()
    found = [pc.place for pc in places.postcodes() + places.island_postcodes()]
    found += [Place(f"mun:{m.code}", m.lat, m.lon, m.name) for m in places.municipalities.values()]
    return found


def all_pairs(graph: RoadGraph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Minutes, km and next hop of the fastest route between every pair (Floyd-Warshall)."""
    n = len(graph.nodes)
    minutes = np.full((n, n), np.inf)
    km = np.full((n, n), np.inf)
    next_hop = np.full((n, n), -1, dtype=np.int32)
    np.fill_diagonal(minutes, 0.0)
    np.fill_diagonal(km, 0.0)
    np.fill_diagonal(next_hop, np.arange(n))
    for a, b, data in graph.graph.edges(data=True):
        i, j = graph.index[a], graph.index[b]
        minutes[i, j] = minutes[j, i] = data["minutes"]
        km[i, j] = km[j, i] = data["km"]
        next_hop[i, j], next_hop[j, i] = j, i
    for k in range(n):
        through = minutes[:, k, None] + minutes[None, k, :]
        better = through < minutes
        np.copyto(minutes, through, where=better)
        np.copyto(km, km[:, k, None] + km[None, k, :], where=better)
        np.copyto(next_hop, np.broadcast_to(next_hop[:, k, None], (n, n)), where=better)
    return minutes, km, next_hop


def build_road_table(graph: RoadGraph | None = None) -> RoadTable:
    """Compute the table from the graph (uncached; see `road_table`)."""
    from geo.road import snap_many  # geo.road uses this module: import when building only

    graph = graph or road_graph()
    minutes, km, next_hop = all_pairs(graph)
    crossing_edges = {}
    for a, b, data in graph.graph.edges(data=True):
        if data["crossing"]:
            i, j = graph.index[a], graph.index[b]
            crossing_edges[i, j] = crossing_edges[j, i] = data["crossing"]
    places = reference_places()
    snaps = {
        (p.lat, p.lon): (s.node, s.km, s.minutes)
        for p, s in zip(places, snap_many(graph, places), strict=True)
    }
    keys = tuple(n.key for n in graph.nodes)
    return RoadTable(keys, minutes, km, next_hop, crossing_edges, snaps)


def content_hash() -> str:
    """Hash of everything the table depends on: reference files, modules and format."""
    digest = hashlib.sha256(f"road-table {_FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for path in [REFERENCE_DIR / f for f in _REFERENCE_FILES] + [here / m for m in _MODULES]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cache_dir() -> Path:
    """Where generated files are kept between runs."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "course-pooling"


def cache_path() -> Path:
    return cache_dir() / f"road-table-{content_hash()}.npz"


def save(table: RoadTable, path: Path) -> None:
    """Write the table to `path` atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    edges = sorted(table.crossing_edges.items())
    snaps = sorted(table.snaps.items())
    arrays = {
        "keys": np.array(table.keys),
        "minutes": table.minutes,
        "km": table.km,
        "next_hop": table.next_hop,
        "edge_nodes": np.array([e for e, _ in edges], dtype=np.int32).reshape(-1, 2),
        "edge_names": np.array([name for _, name in edges]),
        "snap_at": np.array([at for at, _ in snaps], dtype=np.float64).reshape(-1, 2),
        "snap_node": np.array([s[0] for _, s in snaps], dtype=np.int32),
        "snap_access": np.array([s[1:] for _, s in snaps], dtype=np.float64).reshape(-1, 2),
    }
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as f:
        np.savez(f, **arrays)
    os.replace(f.name, path)


def load(path: Path) -> RoadTable:
    """Read a table written by `save`."""
    with np.load(path, allow_pickle=False) as data:
        edge_nodes = data["edge_nodes"].tolist()
        edges = {(a, b): str(n) for (a, b), n in zip(edge_nodes, data["edge_names"], strict=True)}
        at = data["snap_at"].tolist()
        access = data["snap_access"].tolist()
        snaps = {
            (lat, lon): (node, km, minutes)
            for (lat, lon), node, (km, minutes) in zip(
                at, data["snap_node"].tolist(), access, strict=True
            )
        }
        return RoadTable(
            tuple(str(k) for k in data["keys"]),
            data["minutes"],
            data["km"],
            data["next_hop"],
            edges,
            snaps,
        )


@cache
def road_table() -> RoadTable:
    """The table, read from the cache, or built (and cached when the folder is writable)."""
    try:
        path = cache_path()
    except RuntimeError:  # no home folder to find a cache in
        return build_road_table()
    try:
        return load(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass  # not there yet, or unreadable: build it
    table = build_road_table()
    # A read-only cache folder only costs the next run the build.
    with contextlib.suppress(OSError):
        save(table, path)
    return table
