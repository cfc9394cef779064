"""The pooling model of `solver.cpsat` as a mixed-integer program over plain arrays.

Same variables and constraints as the CP-SAT model; columns and rows are lists, so a MIP
solver in another process (HiGHS, see `solver.highs_cost`; OR-Tools and highspy bundle
clashing copies of libhighs and cannot share a process) can take them pickled. It builds
rows and reads solutions back; it solves nothing.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from solver.instance import Instance
from solver.solution import Assignment, OpenHold, Solution

_INF = math.inf


@dataclasses.dataclass(slots=True)
class MipModel:
    """Columns and rows of the pooling MIP as plain lists; every column is integer.

    open[o, k]      column of y: hold k of offer o opens (binary; holds open in order);
    learners[a, k]  (column, coefficient): learners of arc a in hold k are coefficient *
                    column; a splittable demand has an integer x with coefficient 1, an
                    unsplittable one a binary z with coefficient size (use[a, k] = z);
    demand_rows[d]  the row that limits demand d (at most its size, or one hold).
    """

    instance: Instance
    col_lower: list[float] = dataclasses.field(default_factory=list)
    col_upper: list[float] = dataclasses.field(default_factory=list)
    row_lower: list[float] = dataclasses.field(default_factory=list)
    row_upper: list[float] = dataclasses.field(default_factory=list)
    row_terms: list[list[tuple[int, int]]] = dataclasses.field(default_factory=list)
    open: dict[tuple[int, int], int] = dataclasses.field(default_factory=dict)
    learners: dict[tuple[int, int], tuple[int, int]] = dataclasses.field(default_factory=dict)
    use: dict[tuple[int, int], int] = dataclasses.field(default_factory=dict)
    demand_rows: dict[int, int] = dataclasses.field(default_factory=dict)

    @classmethod
    def build(cls, instance: Instance) -> MipModel:
        model = cls(instance)
        model._add_holds()
        model._add_assignments()
        model._add_demand_limits()
        model._add_hold_sizes()
        return model

    def _column(self, lower: int, upper: int) -> int:
        self.col_lower.append(lower)
        self.col_upper.append(upper)
        return len(self.col_lower) - 1

    def _row(self, lower: float, upper: float, terms: list[tuple[int, int]]) -> None:
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.row_terms.append(terms)

    def _add_holds(self) -> None:
        """One binary per possible hold; y[o, k] <= y[o, k-1] (holds open in order)."""
        for o, offer in enumerate(self.instance.offers):
            for k in range(offer.max_parallel):
                self.open[o, k] = self._column(0, 1)
                if k > 0:
                    self._row(-_INF, 0, [(self.open[o, k], 1), (self.open[o, k - 1], -1)])

    def _add_assignments(self) -> None:
        """Learners per arc and hold, linked to the hold being open (x <= n * y, z <= y)."""
        for a, arc in enumerate(self.instance.arcs):
            demand = self.instance.demands[arc.demand]
            offer = self.instance.offers[arc.offer]
            for k in range(offer.max_parallel):
                room = offer.max_size - offer.hold_seats_taken(k)
                y = self.open[arc.offer, k]
                if demand.splittable:
                    upper = min(demand.size, room)
                    if upper <= 0:
                        continue
                    x = self._column(0, upper)
                    self._row(-_INF, 0, [(x, 1), (y, -upper)])
                    self.learners[a, k] = (x, 1)
                else:
                    if demand.size > room:
                        continue  # the whole group can never fit in this hold
                    z = self._column(0, 1)
                    self._row(-_INF, 0, [(z, 1), (y, -1)])
                    self.use[a, k] = z
                    self.learners[a, k] = (z, demand.size)

    def _add_demand_limits(self) -> None:
        """A demand places at most its size; an unsplittable one goes to one hold at most."""
        by_demand: dict[int, list[tuple[int, int]]] = {}
        for (a, _), term in self.learners.items():
            by_demand.setdefault(self.instance.arcs[a].demand, []).append(term)
        for d, terms in by_demand.items():
            demand = self.instance.demands[d]
            self.demand_rows[d] = len(self.row_lower)
            if demand.splittable:
                self._row(-_INF, demand.size, terms)
            else:
                self._row(-_INF, 1, [(column, 1) for column, _ in terms])

    def _add_hold_sizes(self) -> None:
        """min <= participants <= max for every open hold; parallel holds ordered by size."""
        by_hold: dict[tuple[int, int], list[tuple[int, int]]] = {h: [] for h in self.open}
        for (a, k), term in self.learners.items():
            by_hold[self.instance.arcs[a].offer, k].append(term)
        for (o, k), members in by_hold.items():
            offer = self.instance.offers[o]
            y = self.open[o, k]
            seats = offer.hold_seats_taken(k)
            self._row(-_INF, 0, [*members, (y, seats - offer.max_size)])
            minimum = offer.hold_min(k)
            if minimum > 0:
                self._row(0, _INF, [*members, (y, seats - minimum)])
            if not members and minimum > seats:
                self.col_upper[y] = 0
            if k >= 2:  # holds after the first are identical: the earlier one is larger
                earlier = [(column, -coefficient) for column, coefficient in by_hold[o, k - 1]]
                self._row(-_INF, 0, [*members, *earlier])

    def placed_costs(self) -> list[float]:
        """Objective of stage 1 per column: priority-weighted learners placed."""
        costs = [0.0] * len(self.col_lower)
        for (a, _), (column, coefficient) in self.learners.items():
            weight = self.instance.demands[self.instance.arcs[a].demand].weight
            costs[column] += weight * coefficient
        return costs

    def cost_costs(self) -> list[float]:
        """Objective of stage 2 per column: hold prices, per-learner and fixed arc costs."""
        costs = [0.0] * len(self.col_lower)
        for (o, k), y in self.open.items():
            costs[y] += self.instance.offers[o].hold_open_cost(k)
        for (a, _), (column, coefficient) in self.learners.items():
            costs[column] += self.instance.arcs[a].cost * coefficient
        for (a, _), z in self.use.items():
            costs[z] += self.instance.arcs[a].fixed_cost
        return costs

    def problem(self, time_limit_s: float, threads: int, seed: int) -> dict[str, Any]:
        """The input of `solver.highs_process.solve_two_stages`: rows in compressed form."""
        starts, indices, values = [], [], []
        for terms in self.row_terms:
            starts.append(len(indices))
            indices += [column for column, _ in terms]
            values += [float(coefficient) for _, coefficient in terms]
        return {
            "col_lower": self.col_lower,
            "col_upper": self.col_upper,
            "row_lower": self.row_lower,
            "row_upper": self.row_upper,
            "row_starts": starts,
            "row_indices": indices,
            "row_values": values,
            "first": self.placed_costs(),
            "second": self.cost_costs(),
            "time_limit_s": time_limit_s,
            "threads": threads,
            "seed": seed,
        }

    def read_solution(self, values: list[float]) -> tuple[list[OpenHold], list[Assignment]]:
        """Open holds and assignments of a column vector (rounded to integers)."""
        holds = [OpenHold(o, k) for (o, k), y in self.open.items() if values[y] > 0.5]
        assignments = []
        for (a, k), (column, coefficient) in self.learners.items():
            learners = round(values[column]) * coefficient
            if learners > 0:
                arc = self.instance.arcs[a]
                assignments.append(Assignment(arc.demand, arc.offer, k, learners))
        return holds, assignments

    def start(self, solution: Solution) -> list[float]:
        """The column values of a known solution (a start for the MIP solver)."""
        values = [0.0] * len(self.col_lower)
        for h in solution.open_holds:
            values[self.open[h.offer, h.slot]] = 1.0
        amount = {(a.demand, a.offer, a.slot): a.learners for a in solution.assignments}
        for (a, k), (column, coefficient) in self.learners.items():
            arc = self.instance.arcs[a]
            values[column] = amount.get((arc.demand, arc.offer, k), 0) / coefficient
        return values
