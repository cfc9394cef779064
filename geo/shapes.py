"""Municipality outlines: which municipalities share a land border, and where the coast is.

Reads `municipalities.geojson` once per process and works in a flat km plane (an
equirectangular projection centred on Denmark; distances are good to a few per cent, which is
plenty for tolerances of ~100 m and exact for "do these two lines cross"). A boundary segment
lying on another municipality's boundary is a land border; every other boundary segment is
coast (sea, fjord or a lake hole). A straight line that crosses the coast leaves the land;
`water_km` measures how far it runs over water. This module knows nothing of roads, postcodes
or RAR areas.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache

import numpy as np

from geo.places import REFERENCE_DIR

KM_PER_DEG_LAT = 110.6
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(56.0))

# The polygons were simplified with a 0.0004° tolerance (30-45 m) one municipality at a time,
# so two sides of one land border can drift apart by up to ~90 m. The narrowest sounds that
# separate municipalities (Vilsund, Aggersund, Little Belt) are several hundred metres wide,
# so 0.15 km accepts every land border and no water gap.
BORDER_TOLERANCE_KM = 0.15
# A land border is a stretch of boundary, not a point where two coasts nearly meet.
MIN_BORDER_VERTICES = 3

_CELL_KM = 2.0  # spatial hash cell for segment look-ups


def project(lat: np.ndarray | float, lon: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) in km on the flat plane used for all geometry here."""
    return np.asarray(lon) * KM_PER_DEG_LON, np.asarray(lat) * KM_PER_DEG_LAT


@dataclass(frozen=True, slots=True)
class Outlines:
    """Every polygon ring as segments a -> b, with the municipality that owns it."""

    ax: np.ndarray
    ay: np.ndarray
    bx: np.ndarray
    by: np.ndarray
    owner: np.ndarray  # index into `codes`
    part: np.ndarray  # index of the polygon (island or mainland piece) the ring belongs to
    coast: np.ndarray  # True where the segment is not on another municipality's boundary
    codes: tuple[str, ...]


def _cells(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.floor(x / _CELL_KM).astype(np.int64) * 100_000 + np.floor(y / _CELL_KM).astype(
        np.int64
    )


def _register(ax, ay, bx, by, pad: float) -> tuple[np.ndarray, np.ndarray]:
    """(cell, segment) for every hash cell touched by each segment's bbox grown by `pad`."""
    i0 = np.floor((np.minimum(ax, bx) - pad) / _CELL_KM).astype(np.int64)
    i1 = np.floor((np.maximum(ax, bx) + pad) / _CELL_KM).astype(np.int64)
    j0 = np.floor((np.minimum(ay, by) - pad) / _CELL_KM).astype(np.int64)
    j1 = np.floor((np.maximum(ay, by) + pad) / _CELL_KM).astype(np.int64)
    width = i1 - i0 + 1
    counts = width * (j1 - j0 + 1)
    seg = np.repeat(np.arange(len(ax)), counts)
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    cell = (i0[seg] + offset % width[seg]) * 100_000 + j0[seg] + offset // width[seg]
    order = np.argsort(cell, kind="stable")
    return cell[order], seg[order]


def _candidates(point_cells: np.ndarray, table: tuple[np.ndarray, np.ndarray]):
    """All (point, segment) pairs that share a hash cell."""
    cells, segs = table
    lo = np.searchsorted(cells, point_cells, side="left")
    hi = np.searchsorted(cells, point_cells, side="right")
    counts = hi - lo
    point = np.repeat(np.arange(len(point_cells)), counts)
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return point, segs[lo[point] + offset]


def _point_segment_km(px, py, ax, ay, bx, by) -> np.ndarray:
    dx, dy = bx - ax, by - ay
    length2 = np.maximum(dx * dx + dy * dy, 1e-12)
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0)
    return np.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _near_other(px, py, owner_of_point, segs: Outlines, table) -> tuple[np.ndarray, np.ndarray]:
    """(point, segment) pairs: a point within tolerance of another municipality's boundary."""
    point, seg = _candidates(_cells(px, py), table)
    other = segs.owner[seg] != owner_of_point[point]
    point, seg = point[other], seg[other]
    d = _point_segment_km(
        px[point], py[point], segs.ax[seg], segs.ay[seg], segs.bx[seg], segs.by[seg]
    )
    close = d <= BORDER_TOLERANCE_KM
    return point[close], seg[close]


@cache
def outlines() -> Outlines:
    """The municipality boundaries, with each segment marked as land border or coast."""
    with open(REFERENCE_DIR / "municipalities.geojson", encoding="utf-8") as f:
        features = json.load(f)["features"]
    codes = tuple(str(feat["properties"]["kommunekode"]).zfill(3) for feat in features)
    rings, owners, parts = [], [], []
    part = -1
    for index, feat in enumerate(features):
        geometry = feat["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            part += 1
            for ring in polygon:  # outer ring and lake holes alike bound the land
                rings.append(np.asarray(ring, dtype=float))
                owners.append(index)
                parts.append(part)
    x, y = project(
        np.concatenate([r[:, 1] for r in rings]), np.concatenate([r[:, 0] for r in rings])
    )
    ends = np.cumsum([len(r) for r in rings])
    starts = np.setdiff1d(np.arange(len(x) - 1), ends - 1)  # every vertex but each ring's last
    ring_of = np.searchsorted(ends, starts, side="right")
    owner = np.asarray(owners)[ring_of]
    part = np.asarray(parts)[ring_of]
    ax, ay, bx, by = x[starts], y[starts], x[starts + 1], y[starts + 1]
    draft = Outlines(ax, ay, bx, by, owner, part, np.ones(len(ax), bool), codes)
    table = _register(ax, ay, bx, by, BORDER_TOLERANCE_KM)
    # A segment is land border when both ends and its middle lie on another's boundary.
    on_border = np.zeros((3, len(ax)), bool)
    for row, (px, py) in enumerate(((ax, ay), (bx, by), ((ax + bx) / 2, (ay + by) / 2))):
        point, _ = _near_other(px, py, owner, draft, table)
        on_border[row, point] = True
    return Outlines(ax, ay, bx, by, owner, part, ~on_border.all(axis=0), codes)


@cache
def _border_pairs() -> tuple[np.ndarray, np.ndarray]:
    """(vertex, segment) pairs: a vertex lying on another municipality's boundary segment."""
    segs = outlines()
    table = _register(segs.ax, segs.ay, segs.bx, segs.by, BORDER_TOLERANCE_KM)
    return _near_other(segs.ax, segs.ay, segs.owner, segs, table)


@cache
def land_borders() -> frozenset[frozenset[str]]:
    """Pairs of municipality codes that share a land border (water gaps do not count)."""
    segs = outlines()
    vertex, seg = _border_pairs()
    # Count each vertex once per neighbour, however many of the neighbour's segments it is near.
    touching = set(zip(vertex.tolist(), segs.owner[seg].tolist(), strict=True))
    per_pair = Counter(frozenset((segs.codes[segs.owner[v]], segs.codes[n])) for v, n in touching)
    return frozenset(pair for pair, n in per_pair.items() if n >= MIN_BORDER_VERTICES)


@cache
def landmass_of_part() -> np.ndarray:
    """For each polygon part, a landmass id: parts joined by a land border share one."""
    segs = outlines()
    vertex, seg = _border_pairs()
    label = np.arange(segs.part.max() + 1)

    def root(i: int) -> int:
        while label[i] != i:
            label[i] = label[label[i]]
            i = label[i]
        return i

    joined = Counter(zip(segs.part[vertex].tolist(), segs.part[seg].tolist(), strict=True))
    for (a, b), n in joined.items():
        if n >= MIN_BORDER_VERTICES:
            label[root(a)] = root(b)
    return np.array([root(i) for i in range(len(label))])


def locate(lat, lon) -> list[tuple[str, int] | None]:
    """For each point: (municipality code, landmass id) of the land holding it, or None at sea."""
    segs = outlines()
    landmass = landmass_of_part()
    px, py = project(np.atleast_1d(lat), np.atleast_1d(lon))
    found: list[tuple[str, int] | None] = []
    for x, y in zip(px.tolist(), py.tolist(), strict=True):
        # Ray casting to +x: an odd number of crossings of one part's rings means inside it.
        straddle = (segs.ay > y) != (segs.by > y)
        t = (y - segs.ay[straddle]) / (segs.by[straddle] - segs.ay[straddle])
        hit_x = segs.ax[straddle] + t * (segs.bx[straddle] - segs.ax[straddle])
        parts = segs.part[straddle][hit_x > x]
        odd = np.flatnonzero(np.bincount(parts, minlength=len(landmass)) % 2)
        if len(odd) == 0:
            found.append(None)
        else:
            owner = segs.owner[np.argmax(segs.part == odd[0])]
            found.append((segs.codes[owner], int(landmass[odd[0]])))
    return found


@cache
def _coast_table() -> tuple[Outlines, tuple[np.ndarray, np.ndarray]]:
    segs = outlines()
    c = segs.coast
    coast = Outlines(
        segs.ax[c],
        segs.ay[c],
        segs.bx[c],
        segs.by[c],
        segs.owner[c],
        segs.part[c],
        c[c],
        segs.codes,
    )
    return coast, _register(coast.ax, coast.ay, coast.bx, coast.by, 0.3 * _CELL_KM)


def _coast_hits(lat1, lon1, lat2, lon2) -> tuple[np.ndarray, ...]:
    """Coast crossings of straight lines: (line, position 0..1, coast segment), line lengths."""
    coast, table = _coast_table()
    px, py = project(np.atleast_1d(lat1), np.atleast_1d(lon1))
    qx, qy = project(np.atleast_1d(lat2), np.atleast_1d(lon2))
    # Sample each line every 0.4 x cell so every cell it passes through is visited; coast
    # segments were registered with a padding of 0.3 x cell, which covers the sampling gap.
    steps = np.maximum(np.ceil(np.hypot(qx - px, qy - py) / (0.4 * _CELL_KM)), 1).astype(int)
    line = np.repeat(np.arange(len(px)), steps + 1)
    t = (np.arange(len(line)) - np.repeat(np.cumsum(steps + 1) - (steps + 1), steps + 1)) / (
        steps[line]
    )
    sx, sy = px[line] + t * (qx - px)[line], py[line] + t * (qy - py)[line]
    sample, seg = _candidates(_cells(sx, sy), table)
    pairs = np.unique(line[sample] * len(coast.ax) + seg)
    line_of, seg = pairs // len(coast.ax), pairs % len(coast.ax)
    ax, ay, bx, by = coast.ax[seg], coast.ay[seg], coast.bx[seg], coast.by[seg]
    ox, oy, dx, dy = px[line_of], py[line_of], (qx - px)[line_of], (qy - py)[line_of]
    hit = _segments_cross(ox, oy, ox + dx, oy + dy, ax, ay, bx, by)
    ox, oy, dx, dy, ax, ay, bx, by = (v[hit] for v in (ox, oy, dx, dy, ax, ay, bx, by))
    ex, ey = bx - ax, by - ay
    at = ((ax - ox) * ey - (ay - oy) * ex) / (dx * ey - dy * ex)
    return line_of[hit], at, seg[hit], np.hypot(qx - px, qy - py)


def crosses_coast(lat1, lon1, lat2, lon2) -> np.ndarray:
    """For each straight line (lat1, lon1)-(lat2, lon2): does it cross the coast anywhere?"""
    line_of, _, _, length = _coast_hits(lat1, lon1, lat2, lon2)
    result = np.zeros(len(length), bool)
    result[line_of] = True
    return result


def water_km(lat1, lon1, lat2, lon2, closed=()) -> np.ndarray:
    """For each straight line between two points on land: km of it over water (inf if unsure).

    The line starts on land and each coast crossing toggles land and water, so the water is
    the spans between the 1st and 2nd crossing, the 3rd and 4th, and so on. An odd number of
    crossings (the line grazes a vertex, or two outlines overlap) gives inf: not measured.
    So does crossing the coast inside any `closed` box (south, west, north, east in degrees).
    """
    line_of, at, seg, length = _coast_hits(lat1, lon1, lat2, lon2)
    order = np.lexsort((at, line_of))
    line_of, at, seg = line_of[order], at[order], seg[order]
    count = np.bincount(line_of, minlength=len(length))
    rank = np.arange(len(line_of)) - np.repeat(np.cumsum(count) - count, count)
    signed = np.where(rank % 2 == 0, -at, at)  # each water span is -entry + exit
    result = np.bincount(line_of, weights=signed, minlength=len(length)) * length
    result[count % 2 == 1] = np.inf
    coast, _ = _coast_table()
    mx, my = (coast.ax[seg] + coast.bx[seg]) / 2, (coast.ay[seg] + coast.by[seg]) / 2
    for south, west, north, east in closed:
        (x0, x1), (y0, y1) = project(np.array([south, north]), np.array([west, east]))
        result[line_of[(mx > x0) & (mx < x1) & (my > y0) & (my < y1)]] = np.inf
    return result


def _segments_cross(px, py, qx, qy, ax, ay, bx, by) -> np.ndarray:
    """Proper intersection of segments p-q and a-b (touching end points do not count)."""

    def side(ox, oy, ux, uy, vx, vy):
        return (ux - ox) * (vy - oy) - (uy - oy) * (vx - ox)

    d1 = side(ax, ay, bx, by, px, py)
    d2 = side(ax, ay, bx, by, qx, qy)
    d3 = side(px, py, qx, qy, ax, ay)
    d4 = side(px, py, qx, qy, bx, by)
    return (d1 * d2 < 0) & (d3 * d4 < 0)
