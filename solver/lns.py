"""Large-neighbourhood search for very large parts: re-solve a few offers at a time.

A part of tens of thousands of model variables is too large for CP-SAT to improve quickly as
a whole. Here each step frees a neighbourhood, a group of offers that share demands grown
from an offer near learners still waiting, and solves it exactly with CP-SAT while every
other offer keeps its holds and learners: the demands that reach the group keep what they
have elsewhere and may place the rest inside it. A step's answer replaces the group's part
of the plan only when it places more (weighted), or as much for less, so the plan never gets
worse. Groups start large and shrink step by step to a least size.

This module does not decide how long a part searches (see `solver.solve`) and proves no
bound: the part's bounds come from elsewhere.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from solver.cpsat import SolveParameters, solve_model
from solver.instance import Arc, Demand, Instance
from solver.solution import Assignment, OpenHold, Solution, without_empty_holds

# Neighbourhoods start at about this model size (hold slots per arc, as
# `solver.decompose.model_size`) and shrink by a fifth each step down to the least: a few
# coarse steps first, then many quick ones. Measured on national seed 1 / 2's largest part,
# 6 s of placement from its start: 9,035 / 8,961 (size 300 throughout: 9,044 / 8,961;
# growing while steps were proven: 8,799 / 8,918); seed 2's, 6 s of cost: 9.48 M -> 8.88 M DKK
# (300: 8.89 M; growing: 9.26 M); a region's largest part, 0.5 s of cost: 1.54 M -> 1.35 M
# (300: 1.42 M; growing: 1.35 M).
_START_SIZE = 1_500
_LEAST_SIZE = 300
# Each step may take at most this long; shorter when the time left is shorter.
_STEP_SECONDS = 1.0
# Share of steps that grow from an offer next to a demand with learners still waiting.
_WAITING_SHARE = 0.8
# The search stops early when it has found nothing better for this long, or for this share
# of the time it has run, whichever is longer: its time is worth more elsewhere (national
# seed 2's largest part: 8,961 after 3 s, still 8,961 after 10 s).
_STALL_SECONDS = 2.0
_STALL_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class _Neighbourhood:
    """A sub-instance over some offers, and how its indices map back to the part's."""

    instance: Instance
    demand_ids: tuple[int, ...]
    offer_ids: tuple[int, ...]
    hint: Solution


class _Graph:
    """Which demands reach which offers, and each offer's model size."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.arcs_of: dict[int, list[Arc]] = defaultdict(list)
        self.demands_of: dict[int, list[int]] = defaultdict(list)
        for arc in instance.arcs:
            self.arcs_of[arc.demand].append(arc)
            self.demands_of[arc.offer].append(arc.demand)
        self.offer_size = [
            1 + offer.max_parallel * len(self.demands_of[o])
            for o, offer in enumerate(instance.offers)
        ]

    def grow(self, seeds: list[int], size: int, rng: random.Random) -> set[int]:
        """Offers reached from `seeds` through shared demands, nearest first, about `size`
        (the seeds always)."""
        chosen: set[int] = set()
        frontier = deque(seeds)
        total = 0
        while frontier and (total < size or len(chosen) < len(seeds)):
            offer = frontier.popleft()
            if offer in chosen:
                continue
            chosen.add(offer)
            total += self.offer_size[offer]
            nearby = [
                arc.offer
                for d in self.demands_of[offer]
                for arc in self.arcs_of[d]
                if arc.offer not in chosen
            ]
            rng.shuffle(nearby)
            frontier.extend(nearby)
        return chosen


def improve(
    instance: Instance,
    start: Solution,
    seconds: float,
    *,
    seed: int = 0,
    workers: int = 1,
    stages: str = "placement",
    between: Callable[[], None] | None = None,
) -> Solution:
    """A plan at least as good as `start` after `seconds` of neighbourhood steps.

    `stages` "placement" seeks to place more (each step also keeps the cheaper of equal
    placements); "cost" keeps every step's placement value and lowers its cost; "both" does
    one then the other. The search ends early once it stops finding better plans (see
    `_STALL_SECONDS`). `between` is called after every step. The result keeps `start`'s
    placement bound; its cost bound is kept only while the placement value is unchanged.
    """
    began = time.monotonic()
    deadline = began + seconds
    graph = _Graph(instance)
    rng = random.Random(seed)
    best = start
    size = _START_SIZE
    last_gain = began
    while True:
        now = time.monotonic()
        left = deadline - now
        if left < 0.05 or (stages == "placement" and best.placed_value >= best.placed_bound):
            break
        if now - last_gain > max(_STALL_SECONDS, _STALL_SHARE * (now - began)):
            break
        offers = graph.grow([_seed_offer(graph, best, rng, stages)], size, rng)
        hood = _neighbourhood(graph, best, offers)
        if hood is None:
            continue
        limit = min(_STEP_SECONDS, left)
        found = solve_model(
            hood.instance,
            SolveParameters(
                time_limit_s=limit,
                seed=rng.randrange(1 << 30),
                workers=workers,
                stages=stages,
                placement_from_hint=True,
            ),
            hint=hood.hint,
            placed_upper=hood.hint.placed_bound,
        )
        size = max(_LEAST_SIZE, int(size * 0.8))
        if (found.placed_value, -found.cost) > (hood.hint.placed_value, -hood.hint.cost):
            if stages == "cost" or found.placed_value > hood.hint.placed_value:
                last_gain = time.monotonic()
            best = _splice(instance, best, hood, found)
        if between is not None:
            between()
    return replace(best, seconds=time.monotonic() - began)


def solve_around(
    instance: Instance,
    solution: Solution,
    offers: list[int],
    size: int,
    parameters: SolveParameters,
) -> Solution | None:
    """`solution` with a neighbourhood grown from `offers` (all of them, and others to about
    `size`) solved again by CP-SAT and put back, or None when there is nothing to solve.

    One step of `improve`, for a caller that knows where to look; the answer may be worse
    than `solution` by the caller's measure, and is the caller's to judge.
    """
    graph = _Graph(instance)
    chosen = graph.grow(sorted(set(offers)), size, random.Random(parameters.seed))
    hood = _neighbourhood(graph, solution, chosen)
    if hood is None:
        return None
    found = solve_model(hood.instance, parameters, hint=hood.hint)
    return _splice(instance, solution, hood, found)


def _seed_offer(graph: _Graph, solution: Solution, rng: random.Random, stages: str) -> int:
    """Where a neighbourhood grows from: for placement mostly an offer next to a demand with
    learners still waiting, for cost mostly an offer with a hold open; else any offer."""
    if stages == "cost" and solution.open_holds and rng.random() < _WAITING_SHARE:
        return rng.choice(solution.open_holds).offer
    if stages != "cost" and rng.random() < _WAITING_SHARE:
        placed: dict[int, int] = defaultdict(int)
        for a in solution.assignments:
            placed[a.demand] += a.learners
        waiting = [
            d
            for d, demand in enumerate(graph.instance.demands)
            if placed[d] < demand.size and graph.arcs_of[d]
        ]
        if waiting:
            return rng.choice(graph.arcs_of[rng.choice(waiting)]).offer
    return rng.randrange(len(graph.instance.offers))


def _neighbourhood(graph: _Graph, solution: Solution, offers: set[int]) -> _Neighbourhood | None:
    """The sub-instance of `offers` and the demands that reach them, with the plan inside it.

    A demand keeps its learners outside the group: inside, it may place only the rest (an
    unsplittable demand placed outside stays out of the sub-instance).
    """
    instance = graph.instance
    outside: dict[int, int] = defaultdict(int)
    for a in solution.assignments:
        if a.offer not in offers:
            outside[a.demand] += a.learners
    offer_ids = tuple(sorted(offers))
    local_offer = {o: i for i, o in enumerate(offer_ids)}
    demand_ids: list[int] = []
    demands: list[Demand] = []
    arcs: list[Arc] = []
    for d in sorted({d for o in offer_ids for d in graph.demands_of[o]}):
        demand = instance.demands[d]
        rest = demand.size - outside[d]
        if rest <= 0 or (outside[d] and not demand.splittable):
            continue
        local = len(demand_ids)
        demand_ids.append(d)
        demands.append(Demand(size=rest, weight=demand.weight, splittable=demand.splittable))
        arcs += [
            Arc(
                demand=local, offer=local_offer[arc.offer], cost=arc.cost, fixed_cost=arc.fixed_cost
            )
            for arc in graph.arcs_of[d]
            if arc.offer in local_offer
        ]
    if not arcs:
        return None
    sub = Instance(
        demands=tuple(demands),
        offers=tuple(instance.offers[o] for o in offer_ids),
        arcs=tuple(arcs),
    )
    local_demand = {d: i for i, d in enumerate(demand_ids)}
    holds = [
        OpenHold(local_offer[h.offer], h.slot) for h in solution.open_holds if h.offer in offers
    ]
    inside = [
        Assignment(local_demand[a.demand], local_offer[a.offer], a.slot, a.learners)
        for a in solution.assignments
        if a.offer in offers
    ]
    everyone = sum(d.weight * d.size for d in demands)
    hint = Solution.of(sub, holds, inside, placed_bound=everyone, cost_bound=0)
    return _Neighbourhood(sub, tuple(demand_ids), offer_ids, hint)


def _splice(
    instance: Instance, solution: Solution, hood: _Neighbourhood, found: Solution
) -> Solution:
    """`solution` with the neighbourhood's offers planned as in `found`."""
    offers = set(hood.offer_ids)
    holds = [h for h in solution.open_holds if h.offer not in offers]
    holds += [OpenHold(hood.offer_ids[h.offer], h.slot) for h in found.open_holds]
    assignments = [a for a in solution.assignments if a.offer not in offers]
    assignments += [
        Assignment(hood.demand_ids[a.demand], hood.offer_ids[a.offer], a.slot, a.learners)
        for a in found.assignments
    ]
    holds = without_empty_holds(holds, assignments)
    result = Solution.of(
        instance, holds, assignments, solution.placed_bound, solution.cost_bound, solution.seconds
    )
    if result.placed_value != solution.placed_value:
        result = Solution.of(instance, holds, assignments, solution.placed_bound, 0)
    return result
