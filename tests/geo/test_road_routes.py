"""Road routes: water is crossed only on a listed bridge, tunnel or ferry, and each is used.

A land edge may span a short stretch of water that a town's roads bridge (a harbour, a river
or a fjord head), never more than SHORT_WATER_KM and never a listed closed water.
"""

import networkx as nx
import numpy as np
import pytest

from geo import shapes
from geo.links import CLOSED_WATERS, load_crossings
from geo.places import Place, load_places
from geo.road import RoadTravel
from geo.road_graph import SHORT_WATER_KM, road_graph
from geo.travel import GeodesicTravel, travel_model

FERRIES = {c.name for c in load_crossings() if c.is_ferry}


@pytest.fixture(scope="module")
def road():
    return RoadTravel()


def place(code: str) -> Place:
    return load_places().postcode(code).place


def leg(road, a: str, b: str):
    return road.leg(place(a), place(b))


def test_factory_gives_road_model():
    assert travel_model("road").name == "road"


def test_no_land_edge_spans_more_than_a_short_water_nor_a_closed_water():
    rg = road_graph()
    g = rg.graph
    land = [(u, v) for u, v, c in g.edges(data="crossing") if c is None]
    at = {n.key: n for n in rg.nodes}
    ends = (
        [at[u].lat for u, _ in land], [at[u].lon for u, _ in land],
        [at[v].lat for _, v in land], [at[v].lon for _, v in land],
    )  # fmt: skip
    water = shapes.water_km(*ends, [box for _, *box in CLOSED_WATERS])
    assert (water <= SHORT_WATER_KM).all()
    # Almost every land edge is dry; the rest cross a harbour, river or fjord head.
    assert (water > 0).sum() < 0.05 * len(land)
    assert all(at[u].landmass == at[v].landmass for u, v in land)


def test_water_km_measures_the_water_on_a_line():
    # Aarhus to Kalundborg crosses the Kattegat (~60 km of sea); Odense to Nyborg is dry.
    water = shapes.water_km([56.15, 55.40], [10.21, 10.39], [55.68, 55.31], [11.09, 10.79])
    assert 40 < water[0] < 80 and water[1] == 0
    assert shapes.crosses_coast(56.15, 10.21, 55.68, 11.09)[0]
    # A closed box around the water makes the line unmeasurable, so never short.
    assert shapes.water_km(56.15, 10.21, 55.68, 11.09, [(55.5, 10.5, 56.0, 11.0)])[0] == np.inf


def test_graph_is_connected_and_every_node_is_on_land():
    rg = road_graph()
    assert nx.is_connected(rg.graph)
    # 592 postal areas and the 13 small-island postcodes that have none in postcodes.csv.
    assert len(rg.postcode_nodes) == 592 + 13


def test_crossing_ends_sit_on_the_landmass_of_their_postcode():
    places = load_places()
    for c in load_crossings():
        ends = [(c.from_postcode, c.from_lat, c.from_lon), (c.to_postcode, c.to_lat, c.to_lon)]
        for postcode, lat, lon in ends:
            if not postcode:
                continue
            pc = places.postcode(postcode)
            here, there = shapes.locate([lat, pc.lat], [lon, pc.lon])
            assert here is not None and here[1] == there[1], (c.name, postcode)
        assert c.minutes > 0 and c.km > 0, c.name


def test_aarhus_to_kalundborg_goes_round_by_bridge_or_ferry(road):
    route = leg(road, "8000", "4400")
    straight = GeodesicTravel().leg(place("8000"), place("4400")).km
    assert route.km > 1.1 * straight
    assert {"Storebæltsforbindelsen", "Aarhus-Odden"} & set(route.crossings)


def test_odense_to_copenhagen_uses_the_great_belt(road):
    route = leg(road, "5000", "1050")
    assert "Storebæltsforbindelsen" in route.crossings
    assert not set(route.crossings) & FERRIES
    assert 150 < route.km < 200 and 120 < route.minutes < 180


@pytest.mark.parametrize(
    ("island", "ferries"),
    [("3700", {"Rønne-Ystad-Øresund", "Køge-Rønne"}), ("6720", {"Esbjerg-Fanø"}),
     ("8305", {"Hou-Sælvig", "Kalundborg-Ballen"}),
     ("5970", {"Svendborg-Ærøskøbing", "Faaborg-Søby", "Fynshav-Søby", "Marstal-Rudkøbing"}),
     ("9940", {"Frederikshavn-Læsø"}), ("8592", {"Grenaa-Anholt"})],
    ids=["Bornholm", "Fanø", "Samsø", "Ærø", "Læsø", "Anholt"],
)  # fmt: skip
def test_islands_are_reached_only_by_their_ferries(road, island, ferries):
    for mainland in ("8000", "5000", "1050", "6700", "9000"):
        route = leg(road, mainland, island)
        assert set(route.crossings) & ferries, (mainland, route)
        # Leaving again is the same trip backwards.
        back = leg(road, island, mainland)
        assert back.crossings == tuple(reversed(route.crossings))
        assert back.minutes == pytest.approx(route.minutes)


def test_als_is_reached_over_the_als_bridges(road):
    route = leg(road, "6200", "6430")
    assert {"Alssundbroen", "Kong Christian X's Bro"} & set(route.crossings)
    assert not set(route.crossings) & FERRIES


def test_lolland_from_zealand_over_guldborgsund_and_storstrom_or_faro(road):
    route = leg(road, "4700", "4900")
    assert {"Guldborgsundtunnelen", "Guldborgsundbroen"} & set(route.crossings)
    assert {"Storstrømsbroen", "Farøbroen Syd"} & set(route.crossings)


LINK_USES = [
    ("Lillebæltsbroerne", "7000", "5500"), ("Storebæltsforbindelsen", "4220", "5800"),
    ("Storstrømsbroen", "4760", "4840"), ("Farøbroen Nord", "4720", "4800"),
    ("Farøbroen Syd", "4720", "4800"), ("Bogøbroen", "4793", "4760"),
    ("Guldborgsundtunnelen", "4800", "4930"), ("Guldborgsundbroen", "4863", "4990"),
    ("Kong Christian X's Bro", "6320", "6440"), ("Alssundbroen", "6400", "6430"),
    ("Svendborgsundbroen", "5000", "5700"), ("Langelandsbroerne", "5700", "5900"),
    ("Vilsundbroen", "7700", "7900"), ("Sallingsundbroen", "7800", "7900"),
    ("Oddesundbroen", "7600", "7790"), ("Aggersundbroen", "9670", "9690"),
    ("Limfjordsbroen", "9000", "9400"), ("Limfjordstunnelen", "9220", "9310"),
    ("Hadsundbroen", "9560", "8970"), ("Vejlefjordbroen", "8700", "7000"),
    ("Kronprinsesse Marys Bro", "3600", "3630"), ("Langebro", "1050", "2300"),
    ("Kalvebodbroen", "2650", "2770"), ("Dronning Alexandrines Bro", "4771", "4780"),
    ("Rømødæmningen", "6780", "6792"), ("Esbjerg-Fanø", "6700", "6720"),
    ("Hou-Sælvig", "8300", "8305"), ("Kalundborg-Ballen", "4400", "8305"),
    ("Svendborg-Ærøskøbing", "5881", "5970"), ("Faaborg-Søby", "5600", "5985"),
    ("Fynshav-Søby", "6440", "5985"), ("Marstal-Rudkøbing", "5900", "5960"),
    ("Bøjden-Fynshav", "5600", "6430"), ("Spodsbjerg-Tårs", "5900", "4900"),
    ("Frederikshavn-Læsø", "9900", "9940"), ("Rønne-Ystad-Øresund", "3700", "1050"),
    ("Aarhus-Odden", "8000", "4583"), ("Hundested-Rørvig", "3390", "4581"),
    ("Hals-Egense", "9370", "9280"), ("Thyborøn-Agger", "7680", "7770"),
    ("Branden-Fur", "7870", "7884"), ("Grenaa-Anholt", "8500", "8592"),
    ("Havnsø-Sejerø", "4591", "4592"), ("Kragenæs-Fejø", "4943", "4944"),
    ("Egernsundbroen", "6300", "6310"), ("Virksunddæmningen", "7840", "8832"),
    ("Hvalpsund-Sundsøre", "7870", "9640"), ("Udbyhøj", "8950", "8970"),
    ("Hou-Tunø", "8300", "8799"), ("Snaptun-Endelave", "7130", "8789"),
    ("Stigsnæs-Agersø", "4230", "4244"), ("Stigsnæs-Omø", "4230", "4245"),
    ("Holbæk-Orø", "4300", "4305"), ("Hammer Bakke-Orø", "3600", "4305"),
    ("Bandholm-Askø", "4941", "4942"), ("Kragenæs-Femø", "4943", "4945"),
    ("Faaborg-Lyø", "5600", "5601"), ("Faaborg-Avernakø", "5600", "5602"),
    ("Faaborg-Bjørnø", "5600", "5603"), ("Rudkøbing-Strynø", "5900", "5943"),
    ("Marstal-Birkholm", "5960", "5965"), ("Barsø Landing-Barsø", "6200", "6210"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "a", "b"), LINK_USES, ids=[u[0] for u in LINK_USES])
def test_each_link_is_used_where_it_is_the_way(road, name, a, b):
    assert name in leg(road, a, b).crossings


def test_every_crossing_has_a_use_test_except_the_slow_bornholm_ferry():
    # Køge-Rønne (5 h 30) is listed for completeness but Rønne-Ystad-Øresund is faster from
    # everywhere on Zealand, so the fastest route never takes it.
    assert {c.name for c in load_crossings()} - {u[0] for u in LINK_USES} == {"Køge-Rønne"}
    assert "Køge-Rønne" not in leg(RoadTravel(), "4600", "3700").crossings


def test_ferry_minutes_include_sailing_and_boarding(road):
    route = leg(road, "6700", "6720")  # 12 min sailing + 15 min boarding + a few km of road
    assert 27 < route.minutes < 45


def test_any_point_snaps_to_a_postcode_on_its_own_island(road):
    # A school on Als near the Alssund bridge, and one in Nordby on Fanø.
    als = Place("school:als", 54.935, 9.80)
    fano = Place("school:fano", 55.445, 8.40)
    assert (
        road.graph.nodes[road.snap(als).node].landmass
        == road.graph.nodes[road.graph.index["pc:6430"]].landmass
    )
    assert road.graph.nodes[road.snap(fano).node].key == "pc:6720"
    assert 0 < road.snap(fano).km < 10
    assert "Esbjerg-Fanø" in road.leg(place("6700"), fano).crossings


def test_same_place_and_same_node(road):
    assert road.leg(place("8000"), place("8000")).km == 0
    a, b = Place("a", 56.155, 10.20), Place("b", 56.16, 10.21)
    assert road.leg(a, b).km == pytest.approx(road.leg(b, a).km)
    assert road.leg(a, b).km < 2


def test_matrix_agrees_with_legs():
    places = load_places()
    origins = [pc.place for pc in places.postcodes()[::40]] + [Place("x", 55.3, 10.6)]
    schools = [place("8000"), place("3700"), place("6720"), Place("y", 55.31, 10.61)]
    fresh = RoadTravel()
    matrix = fresh.matrix(origins, schools)
    assert matrix.km.shape == (len(origins), len(schools))
    for i, o in enumerate(origins):
        for j, d in enumerate(schools):
            expected = RoadTravel().leg(o, d)
            assert matrix.km[i, j] == pytest.approx(expected.km)
            assert matrix.minutes[i, j] == pytest.approx(expected.minutes)
    assert np.isfinite(matrix.minutes).all()
