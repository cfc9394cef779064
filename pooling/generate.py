"""Seeded generator of synthetic AMU pooling scenarios on real Danish geography.

It writes the four scenario tables (courses, schools, offers, requests; format version 1) for
three sizes:

    small     ~300 learners in RAR Østjylland, 15 courses, 13 weeks from 2027-01-04
    region    ~3,000 learners in AMK Midt-Nord, 80 courses, 13 weeks
    national  ~30,000 learners in ~10,000 requests, 400 courses, ~100 sites, 52 weeks

The places are real: municipalities and postcode centroids from `geo`, the active AMU provider
sites from `fixtures/reference/amu_providers.csv` and the real AMU courses (number, title,
duration) from `fixtures/reference/amu_courses.csv`. Everything else is synthetic: the demand,
the requesting organisations, the schedules, the hold sizes and prices, the extra sites named
"Uddannelsescenter <municipality>" (school_id "site-<kommunekode>") and the courses numbered
90000-99999 and titled "Syntetisk kursus <nr>". It is not a forecast of real AMU demand and no
row describes a real person, firm or timetable.

Demand per municipality: there is no population column in the reference data, so the weight of
a municipality is its number of postal areas (postcodes.csv, by kommunekode_primary) plus a
boost for the four big cities (København +60, Aarhus +20, Odense +12, Aalborg +8), which brings
their share roughly to their share of the population. Demand per course follows a Zipf-like law
(weight 1/rank): a few broad courses carry much of it, the tail is small and regional.
Requests come from jobcentres (1-6 learners, splittable), a-kasser (1-4) and firms (2-12, kept
together). Most windows are planned around a published start within the requester's reach;
the rest are drawn blind, so some requests find no date, some no school near enough and some
too few others to fill a hold, as in reality.

The same (size, seed) gives identical tables; only the standard library, numpy and `geo` are
used. Distances inside the generator are haversine on a sphere (within 0.5 % of the geodesic
the engine uses), enough to aim demand at sites; the engine does its own travel arithmetic.

Command line: `pooling generate --size national --seed 7 OUT`.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geo.places import REFERENCE_DIR, Places, load_places
from pooling.workdays import next_working_day

COLUMNS: dict[str, list[str]] = {
    "courses": ["course_code", "title", "duration_days", "min_participants", "max_participants"],
    "schools": ["school_id", "name", "postcode"],
    "offers": [
        "school_id",
        "course_code",
        "start_date",
        "min_participants",
        "max_participants",
        "max_parallel",
        "price_dkk",
        "guaranteed",
        "seats_taken",
    ],
    "requests": [
        "request_id",
        "organisation_id",
        "organisation_kind",
        "course_code",
        "learners",
        "postcode",
        "earliest_start",
        "latest_start",
        "max_travel_km",
        "keep_together",
        "priority",
        "max_travel_minutes",
    ],
}

HORIZON_START = dt.date(2027, 1, 4)  # a Monday; AMU holds start on Mondays

EARTH_RADIUS_KM = 6371.0088

# Population proxy: postal areas per municipality undercount the big cities, whose postal
# areas are dense; these boosts lift them to roughly their share of the population.
CITY_BOOST = {"101": 60.0, "751": 20.0, "461": 12.0, "851": 8.0}

# Clearly synthetic labels for the high-demand courses, after the kinds of AMU courses that
# carry much of the real demand. Durations are plausible, not taken from the real courses.
LABELLED_COURSES: list[tuple[str, int]] = [
    ("gaffeltruck-lignende", 5),
    ("førstehjælps-lignende", 1),
    ("hygiejne-lignende", 1),
    ("SOSU-lignende", 5),
    ("lager-lignende", 3),
    ("rengørings-lignende", 2),
    ("svejse-lignende", 10),
    ("arbejdsmiljø-lignende", 3),
    ("godstransport-lignende", 5),
    ("IT-lignende", 2),
    ("byggeplads-lignende", 2),
    ("personbefordrings-lignende", 5),
]

# Main towns of the municipalities not named after one (or named after a smaller one), for
# placing extra sites; the others use the postal area that carries the municipality's name.
MAIN_TOWN = {
    "159": "2860",  # Gladsaxe: Søborg
    "169": "2630",  # Høje-Taastrup: Taastrup
    "185": "2770",  # Tårnby: Kastrup
    "190": "3520",  # Furesø: Farum
    "230": "3460",  # Rudersdal: Birkerød
    "240": "3660",  # Egedal: Stenløse
    "260": "3300",  # Halsnæs: Frederiksværk
    "270": "3200",  # Gribskov: Helsinge
    "306": "4500",  # Odsherred: Nykøbing Sjælland
    "320": "4690",  # Faxe: Haslev
    "336": "4660",  # Stevns: Store Heddinge
    "360": "4900",  # Lolland: Nakskov
    "376": "4800",  # Guldborgsund: Nykøbing Falster
    "400": "3700",  # Bornholm: Rønne
    "480": "5450",  # Nordfyns: Otterup
    "482": "5900",  # Langeland: Rudkøbing
    "706": "8400",  # Syddjurs: Ebeltoft
    "707": "8500",  # Norddjurs: Grenaa
    "710": "8370",  # Favrskov: Hadsten
    "751": "8000",  # Aarhus: Århus C
    "773": "7900",  # Morsø: Nykøbing Mors
    "820": "9600",  # Vesthimmerlands: Aars
    "840": "9530",  # Rebild: Støvring
    "846": "9500",  # Mariagerfjord: Hobro
    "849": "9440",  # Jammerbugt: Aabybro
}

# 48307 is an older number of 21078 (same title, see amu_courses.csv): keep one of them.
SUPERSEDED_AMU = {"48307"}

A_KASSER = 20
FIRST_SYNTHETIC_CODE = 90001
ZIPF_EXPONENT = 1.0
SITE_RADIUS_KM = 50.0  # demand within this of a site counts as its catchment when placing
LOCAL_RADIUS_KM = 60.0
ANCHORED_SHARE = 0.6  # regional courses draw their demand from within this of a centre


@dataclass(frozen=True, slots=True)
class SizeSpec:
    """What one size of scenario holds."""

    learners: int
    courses: int
    weeks: int
    rars: tuple[str, ...] | None  # None: all of Denmark
    labelled: int  # how many labelled synthetic courses head the demand ranking
    real_courses: int
    sites: int | None  # total sites wanted (extra synthetic sites fill up); None: real only
    max_sites_per_course: int
    learners_per_site: int  # demand for a course per extra site offering it


SIZES: dict[str, SizeSpec] = {
    "small": SizeSpec(
        learners=300,
        courses=15,
        weeks=13,
        rars=("RAR Østjylland",),
        labelled=5,
        real_courses=8,
        sites=None,
        max_sites_per_course=6,
        learners_per_site=15,
    ),
    "region": SizeSpec(
        learners=3_000,
        courses=80,
        weeks=13,
        rars=("RAR Nordjylland", "RAR Østjylland", "RAR Vestjylland"),  # AMK Midt-Nord
        labelled=10,
        real_courses=13,
        sites=32,
        max_sites_per_course=10,
        learners_per_site=30,
    ),
    "national": SizeSpec(
        learners=30_000,
        courses=400,
        weeks=52,
        rars=None,
        labelled=12,
        real_courses=13,
        sites=100,
        max_sites_per_course=35,
        learners_per_site=60,
    ),
}

# Requester mix: share of requests, learners per request (values, weights), window weeks.
KIND_SHARE = {"jobcentre": 0.5, "a-kasse": 0.27, "firm": 0.23}
LEARNERS = {
    "jobcentre": ([1, 2, 3, 4, 5, 6], [0.35, 0.25, 0.15, 0.10, 0.08, 0.07]),
    "a-kasse": ([1, 2, 3, 4], [0.45, 0.30, 0.15, 0.10]),
    "firm": (list(range(2, 13)), [1.0 / (n - 1) ** 0.75 for n in range(2, 13)]),
}


@dataclass(frozen=True, slots=True)
class _Site:
    school_id: str
    name: str
    postcode: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class _Course:
    code: str
    title: str
    duration_days: float
    min_participants: int
    max_participants: int


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle km between points (degrees); broadcasts like numpy."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def monday(week: int) -> str:
    """The week's first working day: its Monday, or the next day a Danish holiday allows."""
    return next_working_day(HORIZON_START + dt.timedelta(weeks=int(week))).isoformat()


def _postcode_code(code: str) -> str:
    """A usable 4-digit code for a postal area; ranges ("1000-1499") give a number inside."""
    if "-" in code:
        return str(int(code.split("-")[0]) + 50)
    return code


def _weights(places: Places, codes: Sequence[str]) -> np.ndarray:
    counts = {code: 0 for code in codes}
    for pc in places.postcodes():
        if pc.municipality_code in counts:
            counts[pc.municipality_code] += 1
    return np.array([counts[c] + CITY_BOOST.get(c, 0.0) for c in codes], dtype=float)


def _main_town(places: Places, municipality_code: str) -> str:
    """The postcode of a municipality's main town: the postal area named after it, as a rule."""
    if municipality_code in MAIN_TOWN:
        return MAIN_TOWN[municipality_code]
    municipality = places.municipalities[municipality_code]
    candidates = sorted(
        (pc for pc in places.postcodes() if pc.municipality_code == municipality_code),
        key=lambda pc: pc.code,
    )
    first_word = municipality.name.split("-")[0].split()[0].lower()
    for pc in candidates:
        if pc.name.lower().startswith(municipality.name.lower()):
            return _postcode_code(pc.code)
    for pc in candidates:
        if first_word in pc.name.lower():
            return _postcode_code(pc.code)
    # No postal area carries the name: take the one nearest the municipality's centre.
    dist = [
        float(haversine_km(municipality.lat, municipality.lon, pc.lat, pc.lon)) for pc in candidates
    ]
    return _postcode_code(candidates[int(np.argmin(dist))].code)


def _real_sites(places: Places, municipality_codes: set[str]) -> list[_Site]:
    sites = []
    with open(REFERENCE_DIR / "amu_providers.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["status"].startswith("active"):
                continue  # e.g. AMU-Vest, closed after its bankruptcy
            pc = places.postcode(row["postnummer"])
            if pc is None or pc.municipality_code not in municipality_codes:
                continue
            sites.append(
                _Site(
                    school_id=row["school_id"],
                    name=f"{row['provider']}, {row['location']}",
                    postcode=row["postnummer"],
                    lat=pc.lat,
                    lon=pc.lon,
                )
            )
    return sites


def _add_sites(
    places: Places, sites: list[_Site], codes: list[str], weights: np.ndarray, total: int
) -> list[_Site]:
    """Fill up to `total` sites in the main towns of municipalities without one.

    Greedy: the next site goes where weight times distance to the nearest site (capped at
    60 km) is largest, so the additions cover big municipalities far from any school rather
    than suburbs next to one.
    """
    sites = list(sites)
    have = {places.postcode(s.postcode).municipality_code for s in sites}
    towns = {c: places.postcode(_main_town(places, c)) for c in codes if c not in have}
    while len(sites) < total and towns:
        site_lat = np.array([s.lat for s in sites])
        site_lon = np.array([s.lon for s in sites])
        best, best_score = None, -1.0
        for code, pc in towns.items():
            nearest = float(haversine_km(pc.lat, pc.lon, site_lat, site_lon).min())
            score = weights[codes.index(code)] * min(nearest, 60.0) / 60.0
            if score > best_score:
                best, best_score = code, score
        pc = towns.pop(best)
        name = places.municipalities[best].name
        sites.append(_Site(f"site-{best}", f"Uddannelsescenter {name}", pc.code, pc.lat, pc.lon))
    return sites


def _hold_size(rng: np.random.Generator) -> tuple[int, int]:
    # Normal AMU holds are 16-20 with minimums of 16-18, but many courses run smaller: the mix
    # leans to minimums of 8-12.
    low = int(rng.choice([6, 8, 10, 12, 14, 16], p=[0.05, 0.25, 0.30, 0.20, 0.10, 0.10]))
    high = int(rng.choice([16, 18, 20, 22, 24], p=[0.25, 0.30, 0.25, 0.10, 0.10]))
    return low, max(high, low + 4)


def _courses(spec: SizeSpec, rng: np.random.Generator) -> list[_Course]:
    """The catalogue in demand order (rank 1 first)."""
    real = []
    with open(REFERENCE_DIR / "amu_courses.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["course_type"] == "AMU" and row["amu_nr"] not in SUPERSEDED_AMU:
                real.append((row["amu_nr"], row["title"], float(row["duration_days"])))
    picked = sorted(rng.choice(len(real), size=spec.real_courses, replace=False))
    code = FIRST_SYNTHETIC_CODE
    labelled = []
    for label, days in LABELLED_COURSES[: spec.labelled]:
        labelled.append((str(code), f"Syntetisk kursus {code} ({label})", float(days)))
        code += 1
    rest = [real[i] for i in picked]
    durations = [1, 2, 3, 4, 5, 10, 15]
    duration_p = [0.12, 0.22, 0.18, 0.10, 0.25, 0.10, 0.03]
    while len(labelled) + len(rest) < spec.courses:
        days = float(rng.choice(durations, p=duration_p))
        rest.append((str(code), f"Syntetisk kursus {code}", days))
        code += 1
    # The labelled courses head the ranking (in a slightly shuffled order); the real and the
    # plain synthetic courses share the tail at random.
    head = [
        labelled[i]
        for i in np.argsort(np.arange(len(labelled)) + rng.normal(0, 1.0, len(labelled)))
    ]
    tail = [rest[i] for i in rng.permutation(len(rest))]
    out = []
    for code_, title, days in head + tail:
        low, high = _hold_size(rng)
        out.append(_Course(code_, title, days, low, high))
    return out


def _weighted_choice(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


@dataclass(frozen=True, slots=True)
class _Area:
    """The places of a scenario: municipalities, postal areas and school sites."""

    muni_weight: np.ndarray
    muni_dist: np.ndarray  # municipality x municipality km
    postcodes: list  # geo postcodes, in code order
    pcs_of_muni: list[np.ndarray]  # postal-area indices per municipality
    sites: list[_Site]
    pc_site_km: np.ndarray  # postal area x site km


def _area(spec: SizeSpec, places: Places) -> _Area:
    muni_codes = sorted(
        c for c, m in places.municipalities.items() if spec.rars is None or m.rar in spec.rars
    )
    muni_w = _weights(places, muni_codes)
    muni_lat = np.array([places.municipalities[c].lat for c in muni_codes])
    muni_lon = np.array([places.municipalities[c].lon for c in muni_codes])
    # Postal areas per municipality, in code order so the draw is reproducible.
    postcodes = sorted(
        (pc for pc in places.postcodes() if pc.municipality_code in set(muni_codes)),
        key=lambda pc: pc.code,
    )
    sites = _real_sites(places, set(muni_codes))
    if spec.sites is not None:
        sites = _add_sites(places, sites, muni_codes, muni_w, spec.sites)
    pc_lat = np.array([pc.lat for pc in postcodes])
    pc_lon = np.array([pc.lon for pc in postcodes])
    return _Area(
        muni_weight=muni_w,
        muni_dist=haversine_km(muni_lat[:, None], muni_lon[:, None], muni_lat, muni_lon),
        postcodes=postcodes,
        pcs_of_muni=[
            np.array([i for i, pc in enumerate(postcodes) if pc.municipality_code == c])
            for c in muni_codes
        ],
        sites=sites,
        pc_site_km=haversine_km(
            pc_lat[:, None],
            pc_lon[:, None],
            np.array([s.lat for s in sites]),
            np.array([s.lon for s in sites]),
        ),
    )


@dataclass(slots=True)
class _Requests:
    """The drawn requests, one array entry per request (windows in weeks from the start)."""

    kind: np.ndarray  # index into KINDS
    learners: np.ndarray
    course: np.ndarray
    postcode: np.ndarray  # index into _Area.postcodes
    organisation: list[str]
    earliest: np.ndarray
    span: np.ndarray
    latest: np.ndarray
    max_km: np.ndarray
    priority: np.ndarray


KINDS = list(KIND_SHARE)


def _draw_sizes(spec: SizeSpec, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Requester kinds and learners per request, drawn until the learner target is met."""
    mean_learners = sum(
        KIND_SHARE[k] * np.average(LEARNERS[k][0], weights=LEARNERS[k][1]) for k in KIND_SHARE
    )
    n_draw = int(spec.learners / mean_learners * 1.3) + 20
    kind_idx = rng.choice(len(KINDS), size=n_draw, p=list(KIND_SHARE.values()))
    learners = np.empty(n_draw, dtype=int)
    for k, kind in enumerate(KINDS):
        values, w = LEARNERS[kind]
        mask = kind_idx == k
        w = np.asarray(w) / np.sum(w)
        learners[mask] = rng.choice(values, size=int(mask.sum()), p=w)
    keep = int(np.searchsorted(np.cumsum(learners), spec.learners)) + 1
    return kind_idx[:keep], learners[:keep]


def _draw_postcodes(
    area: _Area, course_idx: np.ndarray, centre: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Where each request's learners live: broad courses anywhere, smaller ones near a centre."""
    n_req, n_courses = len(course_idx), len(centre)
    p_local = 0.2 + 0.7 * np.arange(n_courses) / max(n_courses - 1, 1)
    local = rng.random(n_req) < p_local[course_idx]
    muni_idx = _weighted_choice(rng, area.muni_weight, n_req)
    local_choice = rng.random(n_req)
    for c in range(n_courses):
        rows = np.flatnonzero(local & (course_idx == c))
        if rows.size == 0:
            continue
        near = area.muni_weight * (area.muni_dist[centre[c]] <= LOCAL_RADIUS_KM)
        cdf = np.cumsum(near / near.sum())
        muni_idx[rows] = np.minimum(np.searchsorted(cdf, local_choice[rows]), len(cdf) - 1)
    pick = rng.random(n_req)
    return np.array(
        [
            area.pcs_of_muni[m][int(p * len(area.pcs_of_muni[m]))]
            for m, p in zip(muni_idx, pick, strict=True)
        ]
    )


def _draw_organisations(
    area: _Area, kind_idx: np.ndarray, pc_idx: np.ndarray, rng: np.random.Generator
) -> list[str]:
    """Who asks: a jobcentre of the municipality, an a-kasse, or a firm at the postcode.

    Firms sit at one postcode and often send several requests.
    """
    n_req = len(kind_idx)
    akasse_idx = _weighted_choice(rng, 1.0 / np.arange(1, A_KASSER + 1), n_req)
    org_ids: list[str] = []
    firms_at: dict[int, list[str]] = {}
    n_firms = 0
    reuse = rng.random(n_req)
    reuse_pick = rng.random(n_req)
    for r in range(n_req):
        kind = KINDS[kind_idx[r]]
        if kind == "jobcentre":
            org_ids.append(f"jobcenter-{area.postcodes[pc_idx[r]].municipality_code}")
        elif kind == "a-kasse":
            org_ids.append(f"akasse-{akasse_idx[r] + 1:02d}")
        else:
            existing = firms_at.setdefault(int(pc_idx[r]), [])
            if existing and reuse[r] < 0.5:
                org_ids.append(existing[int(reuse_pick[r] * len(existing))])
            else:
                n_firms += 1
                existing.append(f"firm-{n_firms:04d}")
                org_ids.append(existing[-1])
    return org_ids


def _draw_requests(
    spec: SizeSpec, area: _Area, n_courses: int, centre: np.ndarray, rng: np.random.Generator
) -> _Requests:
    kind_idx, learners = _draw_sizes(spec, rng)
    n_req = len(kind_idx)
    share = 1.0 / np.arange(1, n_courses + 1) ** ZIPF_EXPONENT
    course_idx = rng.choice(n_courses, size=n_req, p=share / share.sum())
    pc_idx = _draw_postcodes(area, course_idx, centre, rng)
    organisation = _draw_organisations(area, kind_idx, pc_idx, rng)

    # Windows: earliest_start anywhere but the last two weeks; 2-10 weeks long (firms plan
    # shorter windows, 2-6), cut at the end of the horizon. Moved later when anchored.
    is_firm = kind_idx == KINDS.index("firm")
    earliest = rng.integers(0, spec.weeks - 2, size=n_req)
    span = np.where(is_firm, rng.integers(2, 7, size=n_req), rng.integers(2, 11, size=n_req))
    latest = np.minimum(earliest + span, spec.weeks - 1)

    # Travel: jobcentres and a-kasser mostly accept 40-75 km one way, some more or less;
    # firms anything from 25 to 120 km.
    usual = rng.integers(8, 16, size=n_req) * 5  # 40..75
    wide = rng.integers(5, 25, size=n_req) * 5  # 25..120
    max_km = np.where(is_firm | (rng.random(n_req) < 0.15), wide, usual)

    prio_draw = rng.random(n_req)
    priority = np.where(
        is_firm,
        np.where(prio_draw < 0.25, 1, np.where(prio_draw < 0.95, 2, 3)),
        np.where(prio_draw < 0.15, 1, np.where(prio_draw < 0.85, 2, 3)),
    )
    return _Requests(
        kind_idx,
        learners,
        course_idx,
        pc_idx,
        organisation,
        earliest,
        span,
        latest,
        max_km,
        priority,
    )


def _choose_sites(
    spec: SizeSpec,
    area: _Area,
    req: _Requests,
    rows: np.ndarray,
    demand: float,
    rng: np.random.Generator,
) -> list[int]:
    """Sites for one course: a few for most, more for big courses, aimed at its demand.

    Greedy cover of the learners within SITE_RADIUS_KM of a site, with noise so equally good
    sites alternate.
    """
    base = int(rng.choice([2, 3, 4, 5, 6], p=[0.35, 0.3, 0.2, 0.1, 0.05]))
    k = max(base, round(demand / spec.learners_per_site * rng.uniform(0.8, 1.25)))
    k = min(k, spec.max_sites_per_course, len(area.sites))
    within = area.pc_site_km[req.postcode[rows]] <= SITE_RADIUS_KM  # requests x sites
    uncovered = req.learners[rows].astype(float)
    chosen: list[int] = []
    for _ in range(k):
        gain = uncovered @ within + 0.1
        gain *= rng.uniform(0.7, 1.3, size=len(area.sites))
        gain[chosen] = -1.0
        s = int(np.argmax(gain))
        chosen.append(s)
        uncovered = uncovered * ~within[:, s]
    return sorted(chosen)


def _course_offers(
    spec: SizeSpec,
    area: _Area,
    req: _Requests,
    rows: np.ndarray,
    course: _Course,
    chosen: list[int],
    parallel_allowed: bool,
    rng: np.random.Generator,
) -> tuple[list[dict[str, str]], list[tuple[int, int]]]:
    """Offer rows of one course at its sites, and its starts as (site, week).

    Each learner counts towards the nearest chosen site; that share sets the cadence.
    """
    offers: list[dict[str, str]] = []
    starts: list[tuple[int, int]] = []
    nearest = np.array(chosen)[np.argmin(area.pc_site_km[req.postcode[rows]][:, chosen], axis=1)]
    for s in chosen:
        served = float(req.learners[rows][nearest == s].sum())
        weekly = max(served, 1.0) / spec.weeks
        low, high = course.min_participants, course.max_participants
        if rng.random() < 0.25:  # the school sets its own minimum for this course
            low = int(np.clip(low + rng.choice([-2, 2]), 4, high - 4))
        # Start often enough that a start gathers about its minimum, every 1-8 weeks.
        cadence = int(np.clip(round(low / weekly) + rng.integers(-1, 2), 1, 8))
        parallel = 2 if parallel_allowed and rng.random() < 0.5 else 1
        first = int(rng.integers(0, cadence))
        starts.extend((s, week) for week in range(first, spec.weeks, cadence))
        for week in range(first, spec.weeks, cadence):
            guaranteed = rng.random() < 0.03
            taken = int(rng.integers(1, 7)) if guaranteed or rng.random() < 0.2 else 0
            price = 6000 + 3200 * course.duration_days * rng.uniform(0.85, 1.15)
            price = int(np.clip(round(price / 500) * 500, 8000, 40000))
            offers.append(
                {
                    "school_id": area.sites[s].school_id,
                    "course_code": course.code,
                    "start_date": monday(week),
                    "min_participants": str(low),
                    "max_participants": str(high),
                    "max_parallel": str(parallel),
                    "price_dkk": str(price),
                    "guaranteed": "true" if guaranteed else "false",
                    "seats_taken": str(min(taken, high - 1)),
                }
            )
    return offers, starts


def _anchor_windows(
    spec: SizeSpec,
    area: _Area,
    req: _Requests,
    rows: np.ndarray,
    starts: list[tuple[int, int]],
    pick: np.ndarray,
    lead_draw: np.ndarray,
) -> None:
    """Put each of `rows`' windows around one start within its reach (in place)."""
    start_site = np.array([s for s, _ in starts])
    start_week = np.array([w for _, w in starts])
    for r in rows:
        reach = np.flatnonzero(area.pc_site_km[req.postcode[r], start_site] <= req.max_km[r])
        if reach.size == 0:
            continue  # nothing within reach to plan against
        week = start_week[reach[int(pick[r] * reach.size)]]
        lead = int(lead_draw[r] * (req.span[r] + 1))
        req.earliest[r] = min(max(week - lead, 0), spec.weeks - 3)
        req.latest[r] = min(req.earliest[r] + req.span[r], spec.weeks - 1)


def generate_tables(size: str, seed: int) -> dict[str, list[dict[str, str]]]:
    """The four scenario tables for `size` ("small", "region", "national") and `seed`."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; expected one of {', '.join(SIZES)}")
    spec = SIZES[size]
    rng = np.random.default_rng(seed)
    area = _area(spec, load_places())
    courses = _courses(spec, rng)
    # Broad courses draw learners from everywhere; the smaller the course, the more of its
    # demand comes from around one centre (regional trades, a local industry).
    centre = _weighted_choice(rng, area.muni_weight, len(courses))
    req = _draw_requests(spec, area, len(courses), centre, rng)

    # Most organisations plan against the schools' published calendar: their window is put
    # around one start of the course within their reach. The rest ask blind, as drawn above.
    n_req = len(req.kind)
    anchored = rng.random(n_req) < ANCHORED_SHARE
    anchor_pick = rng.random(n_req)
    anchor_lead = rng.random(n_req)
    demand = np.bincount(req.course, weights=req.learners, minlength=len(courses))
    big = max(3, round(0.05 * len(courses)))
    offers: list[dict[str, str]] = []
    for c, course in enumerate(courses):
        rows = np.flatnonzero(req.course == c)
        chosen = _choose_sites(spec, area, req, rows, demand[c], rng)
        course_offers, starts = _course_offers(spec, area, req, rows, course, chosen, c < big, rng)
        offers.extend(course_offers)
        _anchor_windows(spec, area, req, rows[anchored[rows]], starts, anchor_pick, anchor_lead)
    offers.sort(key=lambda o: (o["start_date"], o["school_id"], o["course_code"]))
    return {
        "courses": [
            {
                "course_code": c.code,
                "title": c.title,
                "duration_days": f"{c.duration_days:g}",
                "min_participants": str(c.min_participants),
                "max_participants": str(c.max_participants),
            }
            for c in sorted(courses, key=lambda c: c.code)
        ],
        "schools": [
            {"school_id": s.school_id, "name": s.name, "postcode": s.postcode} for s in area.sites
        ],
        "offers": offers,
        "requests": _request_rows(area, courses, req),
    }


def _request_rows(area: _Area, courses: list[_Course], req: _Requests) -> list[dict[str, str]]:
    return [
        {
            "request_id": f"r{r + 1:05d}",
            "organisation_id": req.organisation[r],
            "organisation_kind": KINDS[req.kind[r]],
            "course_code": courses[req.course[r]].code,
            "learners": str(req.learners[r]),
            "postcode": _postcode_code(area.postcodes[req.postcode[r]].code),
            "earliest_start": monday(req.earliest[r]),
            "latest_start": monday(req.latest[r]),
            "max_travel_km": str(req.max_km[r]),
            "keep_together": "true" if KINDS[req.kind[r]] == "firm" else "false",
            "priority": str(req.priority[r]),
            "max_travel_minutes": "",
        }
        for r in range(len(req.kind))
    ]


def reachable_offers(tables: dict[str, list[dict[str, str]]]) -> np.ndarray:
    """Per request, how many offers it could go to (course, start in window, within km).

    A quick check of a generated scenario, haversine on postcode centroids; it ignores sizes.
    """
    places = load_places()
    school_pc = {s["school_id"]: places.postcode(s["postcode"]) for s in tables["schools"]}
    by_course: dict[str, list[tuple[str, float, float]]] = {}
    for o in tables["offers"]:
        pc = school_pc[o["school_id"]]
        by_course.setdefault(o["course_code"], []).append((o["start_date"], pc.lat, pc.lon))
    counts = np.zeros(len(tables["requests"]), dtype=int)
    for i, r in enumerate(tables["requests"]):
        options = by_course.get(r["course_code"], [])
        if not options:
            continue
        pc = places.postcode(r["postcode"])
        dates = np.array([d for d, _, _ in options])
        km = haversine_km(
            pc.lat, pc.lon, np.array([o[1] for o in options]), np.array([o[2] for o in options])
        )
        ok = (dates >= r["earliest_start"]) & (dates <= r["latest_start"])
        counts[i] = int((ok & (km <= float(r["max_travel_km"]))).sum())
    return counts


def write_scenario(tables: dict[str, list[dict[str, str]]], out_dir: Path) -> None:
    """Write courses.csv, schools.csv, offers.csv and requests.csv into `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, columns in COLUMNS.items():
        with open(out_dir / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[name])
