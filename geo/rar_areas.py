"""RAR areas (regionale arbejdsmarkedsråd): which municipality belongs to which, and which
areas border each other.

Membership comes from `municipalities.csv`; adjacency from the municipality polygons
(`geo.shapes.land_borders`): two RAR areas border each other when a municipality of one shares
a land border with a municipality of the other. Water never counts, so Bornholm borders no
area and Fyn borders no Jutland or Zealand area by land. `include_fixed_links=True` also joins
areas linked by a bridge or tunnel in `crossings.csv` (Little Belt: Sydjylland-Fyn, Great
Belt: Fyn-Sjælland), for callers that treat a daily commute over a bridge as neighbouring.
Ferries never join areas. This module knows nothing of travel times.
"""

from __future__ import annotations

from functools import cache

import networkx as nx

from geo import shapes
from geo.links import load_crossings
from geo.places import load_places


@cache
def rar_of_municipality() -> dict[str, str]:
    """Municipality code ("751") -> RAR name ("RAR Østjylland")."""
    return {code: m.rar for code, m in load_places().municipalities.items()}


def rar_areas() -> tuple[str, ...]:
    return tuple(sorted(set(rar_of_municipality().values())))


def _fixed_link_pairs() -> set[frozenset[str]]:
    places = load_places()
    pairs = set()
    for crossing in load_crossings():
        if crossing.is_ferry:
            continue
        ends = [places.rar_of_postcode(pc) for pc in (crossing.from_postcode, crossing.to_postcode)]
        if None not in ends and ends[0] != ends[1]:
            pairs.add(frozenset(ends))
    return pairs


@cache
def rar_adjacency(include_fixed_links: bool = False) -> nx.Graph:
    """RAR areas as nodes; an edge where two areas share a land border (or a fixed link)."""
    rar = rar_of_municipality()
    graph = nx.Graph()
    graph.add_nodes_from(rar_areas())
    for pair in shapes.land_borders():
        a, b = (rar[code] for code in pair)
        if a != b:
            graph.add_edge(a, b, via="land")
    if include_fixed_links:
        for pair in _fixed_link_pairs():
            a, b = sorted(pair)
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, via="fixed link")
    return graph


def bordering_rar_areas(rar: str, include_fixed_links: bool = False) -> frozenset[str]:
    """The RAR areas that border `rar` (by land unless `include_fixed_links`)."""
    return frozenset(rar_adjacency(include_fixed_links).neighbors(rar))
