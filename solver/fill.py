"""A start for the search: open holds one at a time, each the one that takes in the most.

Where the first-come-first-served baseline (`solver.greedy`) follows arrival order, this
heuristic looks at every hold that could open next and opens the one that would take in the
most priority-weighted learners not yet placed (highest weight first, then the cheapest
arcs), provided it reaches its minimum. Scores only fall as learners are placed, so a heap
with lazily refreshed scores finds the best hold without rescoring every hold each time.
Learners left over then join open holds that still have room. The result is feasible; it is
a start (hint) for CP-SAT, not a baseline and not a proof.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import replace

from solver.instance import Instance
from solver.solution import Assignment, OpenHold, Solution


class _Fill:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.left = [d.size for d in instance.demands]
        # Per offer, its arcs: highest weight first, then cheapest.
        self.arcs_of: list[list[int]] = [[] for _ in instance.offers]
        for a, arc in enumerate(instance.arcs):
            self.arcs_of[arc.offer].append(a)
        for arcs in self.arcs_of:
            arcs.sort(
                key=lambda a: (
                    -instance.demands[instance.arcs[a].demand].weight,
                    instance.arcs[a].cost,
                )
            )
        self.opened = [0] * len(instance.offers)
        self.load: dict[tuple[int, int], int] = {}
        self.placed: dict[tuple[int, int, int], int] = {}

    def take(self, o: int, k: int, room: int) -> tuple[int, int, list[tuple[int, int]]]:
        """(weighted value, learners, [(demand, learners)]) that hold k of offer o would take."""
        value = count = 0
        taken = []
        for a in self.arcs_of[o]:
            if room == 0:
                break
            arc = self.instance.arcs[a]
            demand = self.instance.demands[arc.demand]
            left = self.left[arc.demand]
            if left == 0:
                continue
            n = min(left, room) if demand.splittable else (left if left <= room else 0)
            if n == 0:
                continue
            taken.append((arc.demand, n))
            value += demand.weight * n
            count += n
            room -= n
        return value, count, taken

    def score(self, o: int) -> tuple[int, list[tuple[int, int]]] | None:
        """The value of opening offer o's next hold, with what it takes; None if it cannot."""
        offer = self.instance.offers[o]
        k = self.opened[o]
        if k >= offer.max_parallel:
            return None
        seats = offer.hold_seats_taken(k)
        value, count, taken = self.take(o, k, offer.max_size - seats)
        if count == 0 or count + seats < offer.hold_min(k):
            return None
        return value, taken

    def open_best_holds(self) -> None:
        heap = []
        for o in range(len(self.instance.offers)):
            found = self.score(o)
            if found is not None:
                heap.append((-found[0], o))
        heapq.heapify(heap)
        while heap:
            _, o = heapq.heappop(heap)
            found = self.score(o)
            if found is None:
                continue
            if heap and -heap[0][0] > found[0]:
                heapq.heappush(heap, (-found[0], o))  # stale: another hold now takes more
                continue
            k = self.opened[o]
            self.opened[o] += 1
            self.load[o, k] = self.instance.offers[o].hold_seats_taken(k)
            for d, n in found[1]:
                self._assign(d, o, k, n)
            again = self.score(o)
            if again is not None:
                heapq.heappush(heap, (-again[0], o))

    def _assign(self, d: int, o: int, k: int, n: int) -> None:
        self.left[d] -= n
        self.load[o, k] += n
        self.placed[d, o, k] = self.placed.get((d, o, k), 0) + n

    def top_up(self) -> None:
        """Learners left over join open holds with room, cheapest arc first."""
        for a in sorted(
            range(len(self.instance.arcs)),
            key=lambda a: (
                -self.instance.demands[self.instance.arcs[a].demand].weight,
                self.instance.arcs[a].cost,
            ),
        ):
            arc = self.instance.arcs[a]
            demand = self.instance.demands[arc.demand]
            offer = self.instance.offers[arc.offer]
            for k in range(self.opened[arc.offer]):
                left = self.left[arc.demand]
                room = offer.max_size - self.load[arc.offer, k]
                n = min(left, room) if demand.splittable else (left if left <= room else 0)
                if n > 0:
                    self._assign(arc.demand, arc.offer, k, n)


def solve_fill(instance: Instance) -> Solution:
    """A feasible solution that opens the fullest holds first. Status FEASIBLE."""
    started = time.perf_counter()
    fill = _Fill(instance)
    fill.open_best_holds()
    fill.top_up()
    holds = [OpenHold(o, k) for (o, k) in sorted(fill.load)]
    assignments = [Assignment(d, o, k, n) for (d, o, k), n in sorted(fill.placed.items()) if n]
    everyone = sum(d.size * d.weight for d in instance.demands)
    solution = Solution.of(instance, holds, assignments, placed_bound=everyone, cost_bound=0)
    return replace(solution, seconds=time.perf_counter() - started)
