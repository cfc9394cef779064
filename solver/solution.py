"""What a solve returns: open holds, assignments, objective values, bounds and status.

Plain data, picklable. The status says whether a solve found anything and whether it is
proven optimal; a poor result is a status, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
