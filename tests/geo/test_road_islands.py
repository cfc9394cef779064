"""Islands without a fixed link: every postcode on one is reached only by its own ferry.

Tunø (8799) and Endelave (8789) once came out 27 km and 44 km from Aarhus with no ferry: their
postcodes have no polygon in postcodes.csv, so they resolved to their municipality's centroid
on the mainland (Odder, Horsens). They, and the other small islands with the same gap, are now
placed on their islands (`island_postcodes.csv`) and joined by their ferries (`crossings.csv`).
"""

import csv

import networkx as nx
import numpy as np
import pytest

from geo import shapes
from geo.links import load_crossings
from geo.places import REFERENCE_DIR, Place, load_places
from geo.road import RoadTravel

FERRIES = {c.name for c in load_crossings() if c.is_ferry}

# Every postcode that no road over bridges, tunnels and dams reaches from the mainland.
ISLAND_POSTCODES = {
    "3700": "Rønne", "3720": "Aakirkeby", "3730": "Nexø", "3740": "Svaneke",
    "3751": "Østermarie", "3760": "Gudhjem", "3770": "Allinge", "3782": "Klemensker",
    "3790": "Hasle", "4244": "Agersø", "4245": "Omø", "4305": "Orø", "4592": "Sejerø",
    "4942": "Askø", "4944": "Fejø", "4945": "Femø", "5601": "Lyø", "5602": "Avernakø",
    "5603": "Bjørnø", "5943": "Strynø", "5960": "Marstal", "5965": "Birkholm",
    "5970": "Ærøskøbing", "5985": "Søby Ærø", "6210": "Barsø", "6720": "Fanø", "7884": "Fur",
    "8305": "Samsø", "8592": "Anholt", "8789": "Endelave", "8799": "Tunø", "9940": "Læsø",
}  # fmt: skip
MAINLAND = ("8000", "5000", "1050", "9000", "6000")  # Aarhus, Odense, Copenhagen, Aalborg, Kolding


@pytest.fixture(scope="module")
def road():
    return RoadTravel()


def every_postcode() -> list[str]:
    """Every postcode the reference data resolves: postal areas, islands, PostNord's list."""
    places = load_places()
    codes = {pc.code for pc in places.postcodes() + places.island_postcodes() if "-" not in pc.code}
    with open(REFERENCE_DIR / "postnord_postnummer_kommune_2018.csv", encoding="utf-8") as f:
        codes |= {row["postnummer"].zfill(4) for row in csv.DictReader(f)}
    return sorted(c for c in codes if places.postcode(c) is not None)


def landmass_of(road, place: Place) -> int:
    return road.graph.nodes[road.snap(place).node].landmass


def ferries_landing_on(road, landmass: int) -> set[str]:
    at = road.graph.index
    nodes = road.graph.nodes
    return {
        c.name
        for c in load_crossings()
        if c.is_ferry
        and landmass
        in {nodes[at[f"x:{c.name}:from"]].landmass, nodes[at[f"x:{c.name}:to"]].landmass}
    }


def test_the_postcodes_off_the_fixed_links_are_exactly_the_islands(road):
    graph = road.graph.graph
    fixed = graph.edge_subgraph(
        (u, v) for u, v, name in graph.edges(data="crossing") if name not in FERRIES
    )
    mainland = nx.node_connected_component(fixed, "pc:8000")
    places = load_places()
    off = {
        code
        for code in every_postcode()
        if road.graph.nodes[road.snap(places.postcode(code).place).node].key not in mainland
    }
    assert off == set(ISLAND_POSTCODES)


def test_island_postcodes_without_a_polygon_lie_on_their_island():
    places = load_places()
    islands = places.island_postcodes()
    assert {pc.code for pc in islands} == {
        "4244", "4245", "4305", "4942", "4945", "5601", "5602", "5603", "5943", "5965", "6210",
        "8789", "8799",
    }  # fmt: skip
    for pc in islands:
        assert places.postcode(pc.code) == pc
        municipality = places.municipality(pc.municipality_code)
        here, centre = shapes.locate([pc.lat, municipality.lat], [pc.lon, municipality.lon])
        assert here is not None and here[0] == pc.municipality_code, pc
        assert here[1] != centre[1], f"{pc.code} {pc.name} is not on an island of its own"


@pytest.mark.parametrize("island", sorted(ISLAND_POSTCODES), ids=list(ISLAND_POSTCODES.values()))
def test_each_island_postcode_is_reached_only_by_its_own_ferry(road, island):
    places = load_places()
    there = places.postcode(island).place
    own = ferries_landing_on(road, landmass_of(road, there))
    assert own, f"no ferry lands on {there.label}"
    for town in MAINLAND:
        here = places.postcode(town).place
        route = road.leg(here, there)
        # The last water crossed on the way out lands on the island, and it is a ferry.
        assert route.crossings and route.crossings[-1] in own, (town, island, route)
        assert route.minutes > min(c.minutes for c in load_crossings() if c.name in own)
        back = road.leg(there, here)
        assert back.crossings == tuple(reversed(route.crossings))


def test_tuno_and_endelave_from_aarhus_take_their_ferries(road):
    places = load_places()
    aarhus = places.postcode("8000").place
    tuno = road.leg(aarhus, places.postcode("8799").place)
    assert tuno.crossings == ("Hou-Tunø",)
    assert 35 < tuno.km < 60 and 90 < tuno.minutes < 130  # ~40 km to Hou, 75 min on the ferry
    endelave = road.leg(aarhus, places.postcode("8789").place)
    assert endelave.crossings == ("Snaptun-Endelave",)
    assert 70 < endelave.km < 110 and 140 < endelave.minutes < 190


def test_a_place_on_an_island_joins_that_island_not_the_nearest_shore(road):
    places = load_places()
    hou = places.postcode("8300").place
    for place, ferry, island in [
        (Place("school:tuno", 55.958, 10.44), "Hou-Tunø", "8799"),
        (Place("school:endelave", 55.75, 10.31), "Snaptun-Endelave", "8789"),
        (Place("school:oro", 55.79, 11.83), None, "4305"),
    ]:
        assert landmass_of(road, place) == landmass_of(road, places.postcode(island).place)
        if ferry:
            assert ferry in road.leg(hou, place).crossings
    # A place on the mainland by Hou still joins the mainland.
    assert not road.leg(hou, Place("near:hou", 55.91, 10.24)).crossings


def test_a_place_on_an_island_with_only_bridge_ends_joins_its_bridges(road):
    # Farø has no postcode; its nodes are the ends of the Farø and Bogø bridges. A place there
    # once joined 4793 Bogø 4 km away over the water.
    faro = Place("school:faro", 54.952, 12.07)
    assert landmass_of(road, faro) == shapes.locate([faro.lat], [faro.lon])[0][1]
    assert road.snap(faro).km < 1
    assert road.leg(load_places().postcode("4760").place, faro).crossings == ("Farøbroen Nord",)


def test_places_on_land_join_their_own_landmass_wherever_it_has_a_node(road):
    # Points a few km off every postcode centroid, as addresses are (as in the benchmarks).
    rng = np.random.default_rng(7)
    centres = load_places().postcodes() + load_places().island_postcodes()
    picks = rng.integers(0, len(centres), 3000)
    jitter = rng.normal(0.0, 0.03, (len(picks), 2))
    points = [
        Place(f"p:{i}", centres[k].lat + dy, centres[k].lon + dx)
        for i, (k, (dy, dx)) in enumerate(zip(picks, jitter, strict=True))
    ]
    located = shapes.locate([p.lat for p in points], [p.lon for p in points])
    with_nodes = {n.landmass for n in road.graph.nodes}
    checked = 0
    for point, where in zip(points, located, strict=True):
        if where is not None and where[1] in with_nodes:
            checked += 1
            assert landmass_of(road, point) == where[1], point
    assert checked > 2000
