"""Road travel benchmarks: graph build, and a 600 places x 100 schools matrix.

Run with `.venv/bin/pytest benchmarks/test_travel_matrix.py`. Each matrix round uses a fresh
`RoadTravel`, so the per-model caches (snaps, Dijkstra trees) are rebuilt and timed; the
graph itself is built once per process and timed on its own.
"""

import numpy as np

from geo.places import Place, load_places
from geo.road import RoadTravel
from geo.road_graph import build_road_graph, road_graph


def _places(n: int, seed: int) -> list[Place]:
    """n points near random postcode centroids (a few km off, as real addresses are)."""
    postcodes = load_places().postcodes()
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(postcodes), n)
    jitter = rng.normal(0.0, 0.02, (n, 2))
    return [
        Place(f"p{seed}:{i}", postcodes[k].lat + dy, postcodes[k].lon + dx)
        for i, (k, (dy, dx)) in enumerate(zip(picks, jitter, strict=True))
    ]


def test_build_road_graph(benchmark):
    graph = benchmark.pedantic(build_road_graph, rounds=3, iterations=1)
    assert graph.graph.number_of_nodes() > 690


def test_road_matrix_600_by_100(benchmark):
    road_graph()  # built once per process; not part of the matrix cost
    origins, schools = _places(600, 1), _places(100, 2)
    matrix = benchmark.pedantic(
        lambda: RoadTravel().matrix(origins, schools), rounds=3, iterations=1
    )
    assert matrix.km.shape == (600, 100)
    assert np.isfinite(matrix.minutes).all()
