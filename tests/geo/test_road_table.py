"""Tests of the all-pairs road table (geo.road_table) against the road graph it comes from."""

from __future__ import annotations

import numpy as np
import pytest

from geo import road_table as rt
from geo.road import RoadTravel, fastest_tree, snap_many
from geo.road_graph import road_graph


@pytest.fixture(scope="module")
def table():
    return rt.road_table()


def sample_roots(count: int = 25) -> list[int]:
    rng = np.random.default_rng(7)
    graph = road_graph()
    crossing_ends = [graph.index[k] for k in graph.index if k.startswith("x:")][:10]
    return sorted(set(rng.choice(len(graph.nodes), count, replace=False).tolist() + crossing_ends))


def test_routes_match_dijkstra_on_the_graph(table):
    """Tests that minutes and km from sampled nodes to every node equal Dijkstra's on the graph."""
    graph = road_graph()
    assert table.keys == tuple(n.key for n in graph.nodes)
    for root in sample_roots():
        tree = fastest_tree(graph, root)
        np.testing.assert_allclose(table.minutes[:, root], tree.minutes, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(table.km[:, root], tree.km, rtol=1e-12, atol=1e-9)


def test_crossings_match_dijkstra_on_the_graph(table):
    """Tests that the bridges and ferries on each route are those of Dijkstra's route, in order."""
    graph = road_graph()
    with_crossings = 0
    for root in sample_roots():
        tree = fastest_tree(graph, root)
        for node in range(len(graph.nodes)):
            expected = tuple(reversed(tree.crossings[node]))
            assert table.crossings(node, root) == expected
            with_crossings += bool(expected)
    assert with_crossings > 1000


def test_stored_snaps_are_those_of_the_graph(table):
    """Tests that every reference place's stored snap is the one computed on the graph."""
    places = rt.reference_places()
    for place, snap in zip(places, snap_many(road_graph(), places), strict=True):
        assert table.snaps[place.lat, place.lon] == (snap.node, snap.km, snap.minutes)


def test_legs_and_matrices_agree(table):
    """Tests that one leg at a time and a whole matrix give the same figures."""
    places = rt.reference_places()[::37]
    road = RoadTravel()
    matrix = road.matrix(places, places)
    for i, origin in enumerate(places):
        for j, destination in enumerate(places):
            leg = RoadTravel().leg(origin, destination)
            assert (matrix.km[i, j], matrix.minutes[i, j]) == pytest.approx((leg.km, leg.minutes))


def test_cache_round_trip_and_rebuild_of_a_broken_file(table, tmp_path, monkeypatch):
    """Tests that the table is written under its content hash, read back whole, and rebuilt
    when the cached file is broken."""
    monkeypatch.setenv(rt.CACHE_ENV, str(tmp_path))
    path = rt.cache_path()
    assert path.parent == tmp_path and rt.content_hash() in path.name
    rt.save(table, path)
    again = rt.load(path)
    assert again.keys == table.keys
    assert np.array_equal(again.minutes, table.minutes)
    assert np.array_equal(again.km, table.km)
    assert np.array_equal(again.next_hop, table.next_hop)
    assert again.crossing_edges == table.crossing_edges
    assert again.snaps == table.snaps

    path.write_bytes(b"not a table")
    built = []
    monkeypatch.setattr(rt, "build_road_table", lambda: built.append(1) or table)
    rt.road_table.cache_clear()
    try:
        assert rt.road_table() is table
    finally:
        rt.road_table.cache_clear()
    assert built == [1]
    assert np.array_equal(rt.load(path).minutes, table.minutes)
