"""`pooling travel`: road or geodesic distance between postcodes or municipalities.

One pair: `pooling travel 8000 4400 [--model road|geodesic]` prints km, minutes and the
bridges and ferries used. Many pairs: `pooling travel --pairs pairs.csv [--out out.csv]` reads
`from_postcode,to_postcode` rows and writes them back with `km` and `minutes`. This module
only parses input and prints; the travel arithmetic lives in `geo`.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click

from geo import Place, load_places, travel_model
from geo.travel import TRAVEL_MODELS


def resolve(code: str) -> Place | None:
    """A 4-digit postcode or a 3-digit municipality code as a place, or None if unknown."""
    code = code.strip()
    places = load_places()
    if code.isdigit() and len(code) == 4:
        postcode = places.postcode(code)
        return None if postcode is None else postcode.place
    if code.isdigit() and len(code) == 3:
        m = places.municipality(code)
        return None if m is None else Place(f"mun:{m.code}", m.lat, m.lon, f"{m.code} {m.name}")
    return None


def _place_or_fail(code: str, what: str) -> Place:
    place = resolve(code)
    if place is None:
        raise click.BadParameter(
            f"{code!r} is not a known 4-digit postcode or 3-digit municipality code",
            param_hint=what,
        )
    return place


def _run_pairs(pairs: Path, out: Path | None, model_name: str) -> None:
    model = travel_model(model_name)
    with open(pairs, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames or []
        for needed in ("from_postcode", "to_postcode"):
            if needed not in columns:
                raise click.ClickException(
                    f"{pairs}: row 1 (header): no column {needed!r}; expected a header "
                    "with from_postcode,to_postcode"
                )
        rows = []
        for line, row in enumerate(reader, start=2):
            ends = []
            for column in ("from_postcode", "to_postcode"):
                value = (row[column] or "").strip()
                place = load_places().postcode(value)
                if place is None:
                    raise click.ClickException(
                        f"{pairs}: row {line}, column {column}: {value!r} is not a known "
                        "4-digit Danish postcode"
                    )
                ends.append(place.place)
            leg = model.leg(*ends)
            rows.append({**row, "km": f"{leg.km:.1f}", "minutes": f"{leg.minutes:.0f}"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*columns, "km", "minutes"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if out is None:
        sys.stdout.write(buffer.getvalue())
    else:
        out.write_text(buffer.getvalue(), encoding="utf-8")


@click.command("travel")
@click.argument("origin", required=False, metavar="FROM")
@click.argument("destination", required=False, metavar="TO")
@click.option("--model", "model_name", type=click.Choice(TRAVEL_MODELS), default="road",
              show_default=True, help="Travel model.")  # fmt: skip
@click.option("--pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV with from_postcode,to_postcode rows.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where --pairs writes its result (default: stdout).")  # fmt: skip
def travel(
    origin: str | None,
    destination: str | None,
    model_name: str,
    pairs: Path | None,
    out: Path | None,
) -> None:
    """Distance and time FROM a postcode or municipality code TO another, or for --pairs."""
    if pairs is not None:
        if origin or destination:
            raise click.UsageError("give either FROM TO or --pairs, not both")
        _run_pairs(pairs, out, model_name)
        return
    if out is not None:
        raise click.UsageError("--out only goes with --pairs")
    if not (origin and destination):
        raise click.UsageError("give FROM and TO (postcodes or municipality codes), or --pairs")
    a = _place_or_fail(origin, "FROM")
    b = _place_or_fail(destination, "TO")
    leg = travel_model(model_name).leg(a, b)
    click.echo(f"{a.label} -> {b.label} ({model_name})")
    click.echo(f"km: {leg.km:.1f}")
    click.echo(f"minutes: {leg.minutes:.0f}")
    click.echo(f"crossings: {', '.join(leg.crossings) if leg.crossings else 'none'}")
