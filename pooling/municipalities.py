"""Municipalities where a postcode is expected: `Aarhus`, `Aarhus Kommune`, `751`, `0751`.

A request or school given by municipality is placed at the municipality's reference postcode:
the postcode named as the municipality (Randers 8900), else the lowest one whose name starts
with it (Aarhus 8000 Århus C, København 1000), else the one nearest the municipality's centre
(Favrskov). Names compare without case, with `aa` for `å`, `ae` for `æ` and `oe` for `ø`.
This module only finds places (from `geo.places`); saying so to the user is validation's.
"""

from __future__ import annotations

import math
import re
from functools import cache

from geo import load_places
from geo.places import Municipality

_CODE = re.compile(r"0?([1-9][0-9]{2})")


def _fold(name: str) -> str:
    name = name.strip().lower()
    for letter, spelled in (("å", "aa"), ("æ", "ae"), ("ø", "oe"), ("-", " ")):
        name = name.replace(letter, spelled)
    name = re.sub(r"\s+", " ", name)
    return re.sub(r"\s*kommune$", "", name).strip()


@cache
def _by_name() -> dict[str, Municipality]:
    return {_fold(m.name): m for m in load_places().municipalities.values()}


@cache
def reference_postcode(code: str) -> str:
    """The reference postcode of municipality `code` (three digits)."""
    places = load_places()
    municipality = places.municipalities[code]
    own = sorted(
        (pc for pc in places.postcodes() if pc.municipality_code == code),
        key=lambda pc: pc.code,
    )
    name = _fold(municipality.name)
    for match in (
        lambda pc: _fold(pc.name) == name,
        lambda pc: _fold(pc.name).startswith(name + " "),
    ):
        for pc in own:
            if match(pc):
                return pc.code.split("-")[0]
    nearest = min(
        own,
        key=lambda pc: math.hypot(pc.lat - municipality.lat, pc.lon - municipality.lon),
    )
    return nearest.code.split("-")[0]


def municipality_of(text: str) -> Municipality | None:
    """The municipality `text` names or numbers, if any (a postcode is not one)."""
    code = _CODE.fullmatch(text.strip())
    if code:
        return load_places().municipality(code.group(1))
    if not text or text.strip().isdigit():
        return None
    return _by_name().get(_fold(text))
