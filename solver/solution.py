"""What a solve returns: open holds, assignments, objective values, bounds and status.

Plain data, picklable. The status says whether a solve found anything and whether it is
proven optimal; a poor result is a status, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solver.instance import Instance


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"

    @staticmethod
    def combine(statuses: list[Status]) -> Status:
        """Overall status of parts: OPTIMAL only when every part is."""
        if not statuses or all(s is Status.OPTIMAL for s in statuses):
            return Status.OPTIMAL
        if any(s is Status.UNKNOWN for s in statuses):
            return Status.UNKNOWN
        if any(s is Status.INFEASIBLE for s in statuses):
            return Status.INFEASIBLE
        return Status.FEASIBLE


@dataclass(frozen=True, slots=True)
class OpenHold:
    """Hold number `slot` (0-based) of offer `offer` is opened."""

    offer: int
    slot: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """`learners` of demand `demand` go to hold `slot` of offer `offer`."""

    demand: int
    offer: int
    slot: int
    learners: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Solution:
    """A solution with its two lexicographic objectives and their proven bounds.

    `placed_value` is the priority-weighted number of learners placed (maximised first);
    `cost` is the total cost given that placement (minimised second). `placed_bound` is an
    upper bound on `placed_value`, `cost_bound` a lower bound on `cost` at that placement.
    """

    status: Status
    open_holds: tuple[OpenHold, ...]
    assignments: tuple[Assignment, ...]
    placed_value: int
    placed_learners: int
    cost: int
    placed_bound: int
    cost_bound: int
    seconds: float = 0.0

    @property
    def cost_gap(self) -> float:
        """Relative gap of the cost objective (0 when proven)."""
        if self.cost <= 0:
            return 0.0
        return max(0.0, (self.cost - self.cost_bound) / self.cost)

    @property
    def placed_gap(self) -> float:
        """Relative gap of the placement objective (0 when proven)."""
        if self.placed_bound <= 0:
            return 0.0
        return max(0.0, (self.placed_bound - self.placed_value) / self.placed_bound)

    @staticmethod
    def of(
        instance: Instance,
        holds: list[OpenHold] | tuple[OpenHold, ...],
        assignments: list[Assignment] | tuple[Assignment, ...],
        placed_bound: int,
        cost_bound: int,
        seconds: float = 0.0,
    ) -> Solution:
        """A solution with its objective values computed from `instance`.

        Bounds are clipped to the values found; the status is OPTIMAL when both objectives
        meet their bounds, else FEASIBLE.
        """
        placed_value = sum(instance.demands[s.demand].weight * s.learners for s in assignments)
        cost = sum(instance.offers[h.offer].hold_open_cost(h.slot) for h in holds)
        for s in assignments:
            arc = instance.arc_between(s.demand, s.offer)
            assert arc is not None, "assignments follow arcs"
            cost += arc.cost * s.learners + arc.fixed_cost
        placed_bound = max(placed_bound, placed_value)
        cost_bound = min(cost_bound, cost)
        proven = placed_bound == placed_value and cost_bound == cost
        return Solution(
            status=Status.OPTIMAL if proven else Status.FEASIBLE,
            open_holds=tuple(sorted(holds, key=lambda h: (h.offer, h.slot))),
            assignments=tuple(sorted(assignments, key=lambda a: (a.demand, a.offer, a.slot))),
            placed_value=placed_value,
            placed_learners=sum(s.learners for s in assignments),
            cost=cost,
            placed_bound=placed_bound,
            cost_bound=cost_bound,
            seconds=seconds,
        )

    @staticmethod
    def empty(status: Status = Status.OPTIMAL) -> Solution:
        return Solution(
            status=status,
            open_holds=(),
            assignments=(),
            placed_value=0,
            placed_learners=0,
            cost=0,
            placed_bound=0,
            cost_bound=0,
        )


def without_empty_holds(
    holds: list[OpenHold] | tuple[OpenHold, ...],
    assignments: list[Assignment] | tuple[Assignment, ...],
) -> list[OpenHold]:
    """Open holds without those that hold none of our learners.

    A hold is kept if it has learners, or a later hold of its offer is kept, so holds of an
    offer still open in order. A hold with only seats taken by others (or a guaranteed one)
    runs anyway or would not be opened for us: it is not a cohort of a proposal.
    """
    keep = {(s.offer, s.slot) for s in assignments}
    for offer, slot in list(keep):
        keep |= {(offer, k) for k in range(slot)}
    return [h for h in holds if (h.offer, h.slot) in keep]
