"""Lowering a solution's cost without changing who is placed: local moves, no search.

Two moves, repeated while they pay: a demand's learners move to a hold of lower cost that is
already open and has room (its arc cheaper; the hold they leave stays at or above its minimum,
or empties and closes), and a hold closes when all its learners fit into other open holds for
less than its price. Who is placed, and how many of each demand, never changes, so the
placement value stays the same. Parallel holds are numbered again afterwards so that they open
in order, largest first. The result is checked by `solver.verify_solution`; if it broke a rule
the solution comes back unchanged. This is a start for the cost search, not a proof.
"""

from __future__ import annotations

import time
from collections import defaultdict

from solver.instance import Instance
from solver.solution import Assignment, OpenHold, Solution, without_empty_holds
from solver.verify import verify_solution

Hold = tuple[int, int]


class _Plan:
    """Learners per (demand, hold), hold sizes, and each demand's arcs, cheapest first."""

    def __init__(self, instance: Instance, solution: Solution) -> None:
        self.instance = instance
        self.open: set[Hold] = {(h.offer, h.slot) for h in solution.open_holds}
        self.amount: dict[tuple[int, Hold], int] = defaultdict(int)
        self.size: dict[Hold, int] = {
            h: instance.offers[h[0]].hold_seats_taken(h[1]) for h in self.open
        }
        self.members: dict[Hold, set[int]] = defaultdict(set)
        for a in solution.assignments:
            hold = (a.offer, a.slot)
            self.amount[a.demand, hold] += a.learners
            self.size[hold] += a.learners
            self.members[hold].add(a.demand)
        self.arcs: dict[int, list] = defaultdict(list)
        for arc in instance.arcs:
            self.arcs[arc.demand].append(arc)
        for arcs in self.arcs.values():
            arcs.sort(key=lambda arc: arc.cost)
        self.cost_of = {(arc.demand, arc.offer): arc.cost for arc in instance.arcs}

    def room(self, hold: Hold) -> int:
        return self.instance.offers[hold[0]].max_size - self.size[hold]

    def spare(self, hold: Hold) -> int:
        """Learners the hold can give away and stay at or above its minimum."""
        offer = self.instance.offers[hold[0]]
        return self.size[hold] - offer.hold_min(hold[1])

    def move(self, demand: int, source: Hold, target: Hold, learners: int) -> None:
        self.amount[demand, source] -= learners
        self.amount[demand, target] += learners
        self.size[source] -= learners
        self.size[target] += learners
        if self.amount[demand, source] == 0:
            del self.amount[demand, source]
            self.members[source].discard(demand)
        self.members[target].add(demand)
        if not self.members[source]:
            self.open.discard(source)

    def cheaper_moves(self) -> bool:
        """Move learners to cheaper open holds with room; True if anything moved."""
        moved = False
        for (demand, source), learners in list(self.amount.items()):
            if learners <= 0 or source not in self.open:
                continue
            here = self.cost_of[demand, source[0]]
            whole = not self.instance.demands[demand].splittable
            for arc in self.arcs[demand]:
                if arc.cost >= here:
                    break
                for slot in range(self.instance.offers[arc.offer].max_parallel):
                    target = (arc.offer, slot)
                    if target not in self.open or target == source:
                        continue
                    left = self.amount.get((demand, source), 0)
                    # Leave the source above its minimum, or empty it altogether (not a hold
                    # with seats already taken: those learners stay where they signed up).
                    can = min(left, self.room(target))
                    if not (can == left and self._alone(demand, source)):
                        can = min(can, max(0, self.spare(source)))
                    if can <= 0 or (whole and can < left):
                        continue
                    self.move(demand, source, target, can)
                    moved = True
                if (demand, source) not in self.amount:
                    break
        return moved

    def _alone(self, demand: int, hold: Hold) -> bool:
        """The demand is all the hold has (no one else, no seats already taken)."""
        taken = self.instance.offers[hold[0]].hold_seats_taken(hold[1])
        return self.members[hold] == {demand} and not taken

    def close_holds(self) -> bool:
        """Close holds whose learners fit elsewhere for less than the hold's price."""
        closed = False
        offers = self.instance.offers
        for hold in sorted(self.open, key=lambda h: -offers[h[0]].hold_open_cost(h[1])):
            if hold not in self.open or offers[hold[0]].hold_seats_taken(hold[1]):
                continue
            plan = self._relocate(hold)
            if plan is None:
                continue
            extra = sum(
                (self.cost_of[d, target[0]] - self.cost_of[d, hold[0]]) * n for d, target, n in plan
            )
            if extra < offers[hold[0]].hold_open_cost(hold[1]):
                for demand, target, learners in plan:
                    self.move(demand, hold, target, learners)
                closed = True
        return closed

    def _relocate(self, hold: Hold) -> list[tuple[int, Hold, int]] | None:
        """Where every learner of `hold` could go in other open holds, or None."""
        room = {}
        plan = []
        for demand in sorted(self.members[hold]):
            left = self.amount[demand, hold]
            whole = not self.instance.demands[demand].splittable
            for arc in self.arcs[demand]:
                for slot in range(self.instance.offers[arc.offer].max_parallel):
                    target = (arc.offer, slot)
                    if target == hold or target not in self.open:
                        continue
                    free = room.setdefault(target, self.room(target))
                    take = min(left, free)
                    if take <= 0 or (whole and take < left):
                        continue
                    plan.append((demand, target, take))
                    room[target] = free - take
                    left -= take
                    if left == 0:
                        break
                if left == 0:
                    break
            if left:
                return None
        return plan

    def solution(self, placed_bound: int, cost_bound: int) -> Solution:
        """The plan as a Solution, parallel holds numbered again (in order, largest first)."""
        relabel: dict[Hold, Hold] = {}
        by_offer: dict[int, list[int]] = defaultdict(list)
        for o, k in self.open:
            by_offer[o].append(k)
        for o, slots in by_offer.items():
            first = [0] if 0 in slots else []
            rest = sorted((k for k in slots if k != 0), key=lambda k: -self.size[o, k])
            for new, old in enumerate(first + rest):
                relabel[o, old] = (o, new)
        holds = [OpenHold(*relabel[h]) for h in self.open]
        assignments = [Assignment(d, *relabel[h], n) for (d, h), n in self.amount.items() if n > 0]
        # A hold kept open only for a later one (seats taken, or guaranteed) closes with it.
        holds = without_empty_holds(holds, assignments)
        return Solution.of(self.instance, holds, assignments, placed_bound, cost_bound)


def polish(instance: Instance, solution: Solution, seconds: float = 1.0) -> Solution:
    """`solution` with the same learners placed at a cost no higher (see the module)."""
    deadline = time.monotonic() + seconds
    plan = _Plan(instance, solution)
    for _ in range(20):
        moved = plan.cheaper_moves()
        closed = plan.close_holds()
        if not (moved or closed) or time.monotonic() > deadline:
            break
    better = plan.solution(solution.placed_bound, solution.cost_bound)
    if (
        better.cost >= solution.cost
        or better.placed_value != solution.placed_value
        or verify_solution(instance, better)
    ):
        return solution
    return better
