"""The "first come, first served" baseline a coordinator would follow by hand.

Requests are taken in arrival order (demand index). Each goes to its cheapest reachable hold
(nearest and soonest, as its arc costs say) that has room, joining a hold already in the plan
or starting the next hold of that offer. At the end, holds below their minimum are cancelled
and their learners are offered the remaining room in holds that do run; what does not fit
stays unplaced. No look-ahead, no reshuffling: it is the baseline the optimiser must beat, and
a feasible starting point (hint) for CP-SAT.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace

from solver.instance import Instance
from solver.solution import Assignment, OpenHold, Solution


def solve_greedy(instance: Instance) -> Solution:
    """A feasible solution by first come, first served. Status FEASIBLE (nothing is proven)."""
    started = time.perf_counter()
    arcs_of: dict[int, list[int]] = defaultdict(list)
    for a, arc in enumerate(instance.arcs):
        arcs_of[arc.demand].append(a)
    for arcs in arcs_of.values():
        arcs.sort(key=lambda a: (instance.arcs[a].cost, instance.arcs[a].offer))

    load: dict[tuple[int, int], int] = {}  # (offer, slot) -> participants incl. seats taken
    placed: dict[tuple[int, int, int], int] = defaultdict(int)  # (demand, offer, slot)
    slots_open: dict[int, int] = defaultdict(int)  # offer -> holds in the plan (0..n-1)
    placed_of: dict[int, int] = defaultdict(int)  # demand -> learners placed

    def place(demand_index: int, may_open: bool) -> None:
        demand = instance.demands[demand_index]
        left = demand.size - placed_of[demand_index]
        for a in arcs_of[demand_index]:
            offer_index = instance.arcs[a].offer
            offer = instance.offers[offer_index]
            n_open = slots_open[offer_index]
            can_open = may_open and n_open < offer.max_parallel
            for k in range(n_open + 1 if can_open else n_open):
                current = load.get((offer_index, k), offer.hold_seats_taken(k))
                room = offer.max_size - current
                take = min(room, left) if demand.splittable else (left if room >= left else 0)
                if take <= 0:
                    continue
                load[offer_index, k] = current + take
                slots_open[offer_index] = max(slots_open[offer_index], k + 1)
                placed[demand_index, offer_index, k] += take
                placed_of[demand_index] += take
                left -= take
                if left == 0:
                    return

    for d in range(len(instance.demands)):
        place(d, may_open=True)

    cancelled = _cancel_small_holds(instance, load, placed)
    slots_open.clear()
    placed_of.clear()
    for o, k in load:
        slots_open[o] = max(slots_open[o], k + 1)
    for (d, _, _), n in placed.items():
        placed_of[d] += n
    # Learners of cancelled holds may still join holds that run, in arrival order.
    for d in sorted(cancelled):
        place(d, may_open=False)

    holds = tuple(OpenHold(o, k) for (o, k) in sorted(load))
    assignments = tuple(Assignment(d, o, k, n) for (d, o, k), n in sorted(placed.items()) if n > 0)
    everyone = sum(d.size * d.weight for d in instance.demands)
    # Its only bounds are trivial: everyone placed, at no cost.
    solution = Solution.of(instance, holds, assignments, placed_bound=everyone, cost_bound=0)
    return replace(solution, seconds=time.perf_counter() - started)


def _cancel_small_holds(
    instance: Instance,
    load: dict[tuple[int, int], int],
    placed: dict[tuple[int, int, int], int],
) -> set[int]:
    """Cancel holds below their minimum; return the demands whose learners lost a seat.

    If the first hold of an offer (the one with seats taken) is too small, the offer does
    not run at all. Later holds are identical, so those that run are renumbered 1, 2, ...
    """
    affected: set[int] = set()
    members: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for (d, o, k), n in placed.items():
        members[o, k][d] = n
    new_load: dict[tuple[int, int], int] = {}
    new_placed: dict[tuple[int, int, int], int] = defaultdict(int)
    slots_of: dict[int, list[int]] = defaultdict(list)
    for o, k in load:
        slots_of[o].append(k)
    for o in sorted(slots_of):
        offer = instance.offers[o]
        slots = sorted(slots_of[o])
        first_runs = 0 in slots and load[o, 0] >= offer.hold_min(0)
        running = [k for k in slots if first_runs and (k == 0 or load[o, k] >= offer.hold_min(k))]
        for new_k, k in enumerate(running):
            new_load[o, new_k] = load[o, k]
            for d, n in members[o, k].items():
                new_placed[d, o, new_k] = n
        for k in slots:
            if k not in running:
                affected.update(members[o, k])
    load.clear()
    load.update(new_load)
    placed.clear()
    placed.update(new_placed)
    return affected
