"""Land borders between municipalities and the RAR adjacency derived from them."""

import pytest

from geo import shapes
from geo.rar_areas import bordering_rar_areas, rar_adjacency, rar_areas, rar_of_municipality

JUTLAND = {"RAR Nordjylland", "RAR Østjylland", "RAR Vestjylland", "RAR Sydjylland"}


def borders(a: str, b: str) -> bool:
    return frozenset((a, b)) in shapes.land_borders()


def test_every_municipality_has_one_of_eight_rar_areas():
    rar = rar_of_municipality()
    assert len(rar) == 98
    assert len(rar_areas()) == 8
    assert rar["751"] == "RAR Østjylland"
    assert rar["400"] == "RAR Bornholm"


@pytest.mark.parametrize(
    ("a", "b"),
    [("751", "746"), ("101", "147"), ("461", "430"), ("787", "671"), ("630", "766")],
    ids=["Aarhus-Skanderborg", "København-Frederiksberg", "Odense-Faaborg-Midtfyn",
         "Thisted-Struer (Thyholm)", "Vejle-Hedensted"],
)  # fmt: skip
def test_land_neighbours_border(a, b):
    assert borders(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("607", "410"), ("450", "330"), ("787", "773"), ("773", "779"), ("390", "376"),
     ("400", "101"), ("563", "561")],
    ids=["Little Belt", "Great Belt", "Vilsund", "Sallingsund", "Storstrømmen", "Bornholm",
         "Fanø"],
)  # fmt: skip
def test_water_is_not_a_border(a, b):
    assert not borders(a, b)


def test_islands_have_no_land_border():
    for island in ("400", "563", "825", "741", "492", "482", "773"):
        assert not any(island in pair for pair in shapes.land_borders()), island


def test_ostjylland_borders_nordjylland_vestjylland_sydjylland():
    assert bordering_rar_areas("RAR Østjylland") == {
        "RAR Nordjylland",
        "RAR Vestjylland",
        "RAR Sydjylland",
    }


def test_bornholm_borders_no_rar_by_land():
    assert bordering_rar_areas("RAR Bornholm") == frozenset()
    assert bordering_rar_areas("RAR Bornholm", include_fixed_links=True) == frozenset()


def test_fyn_borders_nothing_by_land_but_jutland_and_zealand_by_bridge():
    assert bordering_rar_areas("RAR Fyn") == frozenset()
    assert not bordering_rar_areas("RAR Fyn") & JUTLAND
    # The Little Belt and Great Belt bridges join Fyn to Sydjylland and Sjælland.
    assert bordering_rar_areas("RAR Fyn", include_fixed_links=True) == {
        "RAR Sydjylland",
        "RAR Sjælland",
    }


def test_zealand_areas_border_each_other_only():
    assert bordering_rar_areas("RAR Hovedstaden") == {"RAR Sjælland"}
    assert bordering_rar_areas("RAR Sjælland") == {"RAR Hovedstaden"}


def test_adjacency_is_a_graph_over_all_areas():
    graph = rar_adjacency()
    assert set(graph.nodes) == set(rar_areas())
    assert all(via == "land" for _, _, via in graph.edges(data="via"))
