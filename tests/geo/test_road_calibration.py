"""The road model's km against the 21 published Jutland road distances.

Run with `-s` to see the table (model km vs published, per pair).
"""

import csv
import statistics

from geo.places import REFERENCE_DIR, load_places
from geo.road import RoadTravel


def jutland_table() -> list[tuple[str, str, float, float]]:
    places = load_places()
    model = RoadTravel()
    rows = []
    with open(REFERENCE_DIR / "road_distances_jutland.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a = places.postcode(row["from_postcode"]).place
            b = places.postcode(row["to_postcode"]).place
            rows.append(
                (row["from_place"], row["to_place"], float(row["road_km"]), model.leg(a, b).km)
            )
    return rows


def test_jutland_road_distances_within_tolerance():
    rows = jutland_table()
    errors = [model / published - 1 for _, _, published, model in rows]
    print(f"\n{'from':<11}{'to':<11}{'published':>10}{'model':>8}{'error':>8}")
    for (a, b, published, model), error in zip(rows, errors, strict=True):
        print(f"{a:<11}{b:<11}{published:>10.0f}{model:>8.1f}{error:>+8.1%}")
    median = statistics.median(abs(e) for e in errors)
    worst = max(abs(e) for e in errors)
    print(f"median |error| {median:.1%}, worst {worst:.1%}")
    assert len(rows) == 21
    assert median <= 0.10
    assert worst <= 0.25
    # The factor is fitted, not just loose: the signed errors straddle zero.
    assert abs(statistics.median(errors)) <= 0.03
