"""The integer instance the solver works on: demands, offers and arcs as plain numbers.

An `Instance` is immutable, picklable plain data, so parts of it can be sent to worker
processes (a CP-SAT model cannot). It checks its own consistency in the constructor; it does
not know where the numbers came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class Demand:
    """A group of `size` learners who want the same course.

    `weight` is the value of placing one learner (higher for higher priority). An
    unsplittable demand goes whole into one hold or stays unplaced.
    """

    size: int
    weight: int = 1
    splittable: bool = True

    def __post_init__(self) -> None:
        if self.size < 1:
            raise ValueError(f"demand size must be >= 1, got {self.size}")
        if self.weight < 1:
            raise ValueError(f"demand weight must be >= 1, got {self.weight}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Offer:
    """Up to `max_parallel` identical holds that may open together.

    Each open hold has between `min_size` and `max_size` participants. `seats_taken` are
    participants already signed up; they sit in the first hold. If `guaranteed`, the first
    hold runs regardless of size (no minimum) and costs nothing extra to open.
    """

    min_size: int
    max_size: int
    open_cost: int = 0
    max_parallel: int = 1
    seats_taken: int = 0
    guaranteed: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.min_size <= self.max_size:
            raise ValueError(
                f"need 0 <= min_size <= max_size, got {self.min_size}, {self.max_size}"
            )
        if self.max_size < 1:
            raise ValueError(f"max_size must be >= 1, got {self.max_size}")
        if self.max_parallel < 1:
            raise ValueError(f"max_parallel must be >= 1, got {self.max_parallel}")
        if not 0 <= self.seats_taken <= self.max_size:
            raise ValueError(f"need 0 <= seats_taken <= max_size, got {self.seats_taken}")
        if self.open_cost < 0:
            raise ValueError(f"open_cost must be >= 0, got {self.open_cost}")

    def hold_min(self, slot: int) -> int:
        """Minimum participants of the hold in `slot` (0 is the first hold)."""
        return 0 if (slot == 0 and self.guaranteed) else self.min_size

    def hold_open_cost(self, slot: int) -> int:
        """Cost of opening the hold in `slot`: a guaranteed first hold runs anyway."""
        return 0 if (slot == 0 and self.guaranteed) else self.open_cost

    def hold_seats_taken(self, slot: int) -> int:
        """Seats already taken in the hold in `slot`: they all belong to the first hold."""
        return self.seats_taken if slot == 0 else 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Arc:
    """Demand `demand` may go to offer `offer` at `cost` per learner.

    `fixed_cost` is charged once when an unsplittable demand uses the arc (a whole group sent
    somewhere, as in facility-location benchmarks); splittable demands cannot have one.
    """

    demand: int
    offer: int
    cost: int = 0
    fixed_cost: int = 0

    def __post_init__(self) -> None:
        if self.cost < 0 or self.fixed_cost < 0:
            raise ValueError(f"arc costs must be >= 0, got {self.cost}, {self.fixed_cost}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Instance:
    """Demands, offers and the arcs between them."""

    demands: tuple[Demand, ...]
    offers: tuple[Offer, ...]
    arcs: tuple[Arc, ...]
    _arc_index: dict[tuple[int, int], int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[tuple[int, int], int] = {}
        for i, arc in enumerate(self.arcs):
            if not 0 <= arc.demand < len(self.demands):
                raise ValueError(f"arc {i} names unknown demand {arc.demand}")
            if not 0 <= arc.offer < len(self.offers):
                raise ValueError(f"arc {i} names unknown offer {arc.offer}")
            if arc.fixed_cost and self.demands[arc.demand].splittable:
                raise ValueError(f"arc {i} has a fixed cost but demand {arc.demand} is splittable")
            key = (arc.demand, arc.offer)
            if key in index:
                raise ValueError(f"arc {i} repeats demand {arc.demand} -> offer {arc.offer}")
            index[key] = i
        object.__setattr__(self, "_arc_index", index)

    def arc_between(self, demand: int, offer: int) -> Arc | None:
        """The arc from `demand` to `offer`, or None."""
        i = self._arc_index.get((demand, offer))
        return None if i is None else self.arcs[i]

    @property
    def total_learners(self) -> int:
        return sum(d.size for d in self.demands)

    def __getstate__(self) -> tuple:
        return (self.demands, self.offers, self.arcs)

    def __setstate__(self, state: tuple) -> None:
        demands, offers, arcs = state
        object.__setattr__(self, "demands", demands)
        object.__setattr__(self, "offers", offers)
        object.__setattr__(self, "arcs", arcs)
        Instance.__post_init__(self)
