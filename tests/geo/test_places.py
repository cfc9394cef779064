"""Reference place look-ups used by the travel models."""

from geo.places import load_places


def test_aarhus_postcode_is_in_aarhus_municipality():
    municipality = load_places().municipality_of_postcode("8000")
    assert municipality is not None
    assert (municipality.code, municipality.name) == ("751", "Aarhus")


def test_copenhagen_street_postcode_resolves_to_its_range():
    postcode = load_places().postcode("1050")
    assert postcode is not None
    assert postcode.name == "København K"
    assert postcode.place.key == "pc:1050"


def test_unknown_postcode_is_none():
    places = load_places()
    assert places.postcode("0001") is None
    assert places.postcode("abcd") is None
    assert places.municipality_of_postcode("9999") is None


def test_rar_of_postcode():
    assert load_places().rar_of_postcode("3700") == "RAR Bornholm"
