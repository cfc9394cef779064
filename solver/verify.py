"""Checks a solution against its integer instance, independently of how it was found.

One check per rule, and a recount of both objectives that must match what the solution
claims. It shares no code with the model or the heuristics (only the plain data types), so a
bug in either cannot hide itself here. It returns a list of violations in words; empty means
the solution is valid.
"""

from __future__ import annotations

from collections import defaultdict

from solver.instance import Instance
from solver.solution import Solution, Status


def verify_solution(instance: Instance, solution: Solution) -> list[str]:
    """Every rule the solution breaks, in words. Empty when it is valid."""
    problems: list[str] = []
    offers, demands = instance.offers, instance.demands
    arc_cost = {(arc.demand, arc.offer): arc for arc in instance.arcs}

    opened = set()
    for hold in solution.open_holds:
        key = (hold.offer, hold.slot)
        if not 0 <= hold.offer < len(offers):
            problems.append(f"open hold names unknown offer {hold.offer}")
            continue
        if not 0 <= hold.slot < offers[hold.offer].max_parallel:
            problems.append(f"offer {hold.offer} opens hold {hold.slot}, beyond max_parallel")
        if key in opened:
            problems.append(f"hold {key} opened twice")
        opened.add(key)
    for offer, slot in opened:
        if slot > 0 and (offer, slot - 1) not in opened:
            problems.append(f"offer {offer} opens hold {slot} without hold {slot - 1}")

    size = {key: offers[key[0]].hold_seats_taken(key[1]) for key in opened if key[0] < len(offers)}
    per_demand: dict[int, list[int]] = defaultdict(list)
    assignments = []
    for s in solution.assignments:
        if not 0 <= s.demand < len(demands):
            problems.append(f"assignment names unknown demand {s.demand}")
            continue
        assignments.append(s)
        if s.learners < 1:
            problems.append(f"assignment of demand {s.demand} has {s.learners} learners")
        if (s.demand, s.offer) not in arc_cost:
            problems.append(f"demand {s.demand} assigned to offer {s.offer} without an arc")
        if (s.offer, s.slot) not in opened:
            problems.append(f"demand {s.demand} assigned to closed hold {(s.offer, s.slot)}")
            continue
        size[s.offer, s.slot] += s.learners
        per_demand[s.demand].append(s.learners)

    for (o, k), participants in size.items():
        offer = offers[o]
        minimum = 0 if (k == 0 and offer.guaranteed) else offer.min_size
        if participants > offer.max_size:
            problems.append(f"hold {(o, k)} has {participants} > max {offer.max_size}")
        if participants < minimum:
            problems.append(f"hold {(o, k)} has {participants} < min {minimum}")

    for d, parts in per_demand.items():
        demand = demands[d]
        if sum(parts) > demand.size:
            problems.append(f"demand {d} places {sum(parts)} > its {demand.size} learners")
        if not demand.splittable and (len(parts) != 1 or parts[0] != demand.size):
            problems.append(f"unsplittable demand {d} is split or partly placed: {parts}")

    placed_value = sum(demands[s.demand].weight * s.learners for s in assignments)
    placed_learners = sum(s.learners for s in assignments)
    cost = 0
    for o, k in opened:
        if o < len(offers) and not (k == 0 and offers[o].guaranteed):
            cost += offers[o].open_cost
    for s in assignments:
        arc = arc_cost.get((s.demand, s.offer))
        if arc is not None:
            cost += arc.cost * s.learners + arc.fixed_cost
    if placed_value != solution.placed_value:
        problems.append(f"placed value is {placed_value}, solution says {solution.placed_value}")
    if placed_learners != solution.placed_learners:
        problems.append(
            f"placed learners {placed_learners}, solution says {solution.placed_learners}"
        )
    if cost != solution.cost:
        problems.append(f"cost is {cost}, solution says {solution.cost}")
    if solution.placed_bound < placed_value:
        problems.append(f"placement bound {solution.placed_bound} below value {placed_value}")
    if solution.cost_bound > cost:
        problems.append(f"cost bound {solution.cost_bound} above cost {cost}")
    if solution.status is Status.OPTIMAL and (
        solution.placed_bound != placed_value or solution.cost_bound != cost
    ):
        problems.append("status OPTIMAL but bounds do not meet the objective values")
    return problems
