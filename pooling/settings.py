"""Prices and weights of the objective, with documented defaults a coordinator can override.

Objective, lexicographic: first the most learners placed, each weighted by its request's
priority; then the lowest total cost in DKK:
  hold price (offer's `price_dkk`, else `default_hold_price_dkk`) for every hold opened, except
  a guaranteed hold, which runs anyway;
  + travel: 2 x one-way km x course days (rounded up) x `dkk_per_km` per learner, the
    state's rate for daily travel to and from a course;
  + waiting: days from the request's earliest start to the hold's start x
    `dkk_per_waiting_day` per learner, the value of starting sooner.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    default_hold_price_dkk: int = 20_000
    dkk_per_km: float = 2.0
    dkk_per_waiting_day: float = 50.0
    # Weight of one placed learner for priority 1 (high), 2 and 3 (low).
    priority_weights: tuple[int, int, int] = (3, 2, 1)

    def __post_init__(self) -> None:
        if self.default_hold_price_dkk < 0 or self.dkk_per_km < 0 or self.dkk_per_waiting_day < 0:
            raise ValueError("prices must be >= 0")
        if len(self.priority_weights) != 3 or min(self.priority_weights) < 1:
            raise ValueError("priority_weights must be three whole numbers >= 1")

    def weight(self, priority: int) -> int:
        return self.priority_weights[priority - 1]

    def learner_cost_dkk(self, km: float, duration_days: float, waiting_days: int) -> int:
        """Cost of sending one learner `km` away to a course starting `waiting_days` late."""
        travel = 2 * km * math.ceil(duration_days) * self.dkk_per_km
        return round(travel + max(0, waiting_days) * self.dkk_per_waiting_day)

    def as_dict(self) -> dict[str, object]:
        values = asdict(self)
        values["priority_weights"] = list(self.priority_weights)
        return values
