"""Danish places and travel between them.

`geo` knows municipalities, postcodes, RAR areas and AMU provider sites (from the reference
files in `fixtures/reference`) and how far it is from one place to another. It knows nothing
of courses, requests or holds.
"""

from geo.places import Municipality, Place, Places, Postcode, load_places
from geo.travel import GeodesicTravel, Leg, TravelMatrix, TravelModel, travel_model

__all__ = [
    "GeodesicTravel",
    "Leg",
    "Municipality",
    "Place",
    "Places",
    "Postcode",
    "TravelMatrix",
    "TravelModel",
    "load_places",
    "travel_model",
]
