"""Prices, weights and fix ceilings, with documented defaults a coordinator can override.

Objective, lexicographic: first the most learners placed, each weighted by its request's
priority; then the lowest total cost in DKK:
  hold price (offer's `price_dkk`, else `default_hold_price_dkk`) for every hold opened, except
  a guaranteed hold, which runs anyway (its price is shown, but the proposal adds nothing);
  + travel: 2 x one-way km x course days (rounded up) x `dkk_per_km` per learner, the
    state's rate for daily travel to and from a course;
  + waiting: days from the request's earliest start to the hold's start x
    `dkk_per_waiting_day` per learner, the value of starting sooner.
Hold prices are money paid; travel and waiting are notional, and outputs keep them apart.

Fixes (see `pooling.fixes`) stay within ceilings: at most `fix_max_extra_km` km and
`fix_max_extra_minutes` minutes more travel each way, never beyond `fix_max_travel_minutes`
minutes each way, and a start window at most `fix_max_extra_days` days wider. Each kind of
change has an effort in DKK (`fix_effort_dkk`) that ranks fixes together with what the change
costs by the prices above. Checking fixes re-solves parts of the scenario: at most
`fix_checks_per_request` changes per request and `fix_check_seconds` in all (by default a
share of the time limit, see `pooling.service`).

`Settings.from_toml(path)` reads the same names from a TOML file (see README); unknown names
and wrong types are refused with a message naming them.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

# Kinds of fix, in the order they are listed (see pooling.domain.FixKind).
FIX_KINDS = (
    "more_travel",
    "wider_window",
    "larger_hold",
    "second_hold",
    "empty_seats",
    "guarantee",
    "more_learners",
)
_DEFAULT_EFFORT = {
    "more_travel": 500,
    "wider_window": 500,
    "larger_hold": 2_000,
    "second_hold": 2_000,
    "empty_seats": 1_000,
    "guarantee": 2_000,
    "more_learners": 3_000,
}


class SettingsError(ValueError):
    """A settings file or value that cannot be used, in words naming the setting."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    default_hold_price_dkk: int = 20_000
    dkk_per_km: float = 2.0
    dkk_per_waiting_day: float = 50.0
    # Weight of one placed learner for priority 1 (high), 2 and 3 (low).
    priority_weights: tuple[int, int, int] = (3, 2, 1)
    # Price of one empty seat paid for to reach a hold's minimum (tompladsordning); 0 means
    # the hold's price divided by its minimum participants.
    empty_seat_price_dkk: int = 0
    fix_max_extra_km: float = 25.0
    fix_max_extra_minutes: float = 20.0
    fix_max_travel_minutes: float = 90.0
    fix_max_extra_days: int = 28
    # Effort of asking for each kind of change, in DKK (more_learners: per learner).
    fix_effort_dkk: dict[str, int] = field(default_factory=lambda: dict(_DEFAULT_EFFORT))
    fix_checks_per_request: int = 4
    # Seconds for checking fixes in all; 0 means a share of the time limit.
    fix_check_seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.default_hold_price_dkk < 0 or self.dkk_per_km < 0 or self.dkk_per_waiting_day < 0:
            raise SettingsError("prices must be >= 0")
        if len(self.priority_weights) != 3 or min(self.priority_weights) < 1:
            raise SettingsError("priority_weights must be three whole numbers >= 1")
        if self.empty_seat_price_dkk < 0:
            raise SettingsError("empty_seat_price_dkk must be >= 0")
        ceilings = (
            self.fix_max_extra_km,
            self.fix_max_extra_minutes,
            self.fix_max_travel_minutes,
            self.fix_max_extra_days,
        )
        if min(ceilings) < 0:
            raise SettingsError("fix ceilings must be >= 0")
        if self.fix_checks_per_request < 0 or self.fix_check_seconds < 0:
            raise SettingsError("fix_checks_per_request and fix_check_seconds must be >= 0")
        unknown = sorted(set(self.fix_effort_dkk) - set(FIX_KINDS))
        if unknown:
            raise SettingsError(
                f"fix_effort_dkk: unknown kind(s) {', '.join(unknown)}; "
                f"known: {', '.join(FIX_KINDS)}"
            )
        if any(not isinstance(v, int) or v < 0 for v in self.fix_effort_dkk.values()):
            raise SettingsError("fix_effort_dkk: every effort must be a whole number >= 0")
        effort = {**_DEFAULT_EFFORT, **self.fix_effort_dkk}
        object.__setattr__(self, "fix_effort_dkk", effort)

    def weight(self, priority: int) -> int:
        return self.priority_weights[priority - 1]

    def learner_cost_dkk(self, km: float, duration_days: float, waiting_days: int) -> int:
        """Cost of sending one learner `km` away to a course starting `waiting_days` late."""
        travel = 2 * km * math.ceil(duration_days) * self.dkk_per_km
        return round(travel + max(0, waiting_days) * self.dkk_per_waiting_day)

    def travel_cost_dkk(self, km: float, duration_days: float) -> int:
        """Notional travel cost of one learner: to and from the school every course day."""
        return round(2 * km * math.ceil(duration_days) * self.dkk_per_km)

    def waiting_cost_dkk(self, waiting_days: int) -> int:
        """Notional cost of one learner starting `waiting_days` after their earliest start."""
        return round(max(0, waiting_days) * self.dkk_per_waiting_day)

    def seat_price_dkk(self, hold_price_dkk: int, min_participants: int) -> int:
        """Price of one empty seat paid for in a hold (tompladsordning)."""
        if self.empty_seat_price_dkk:
            return self.empty_seat_price_dkk
        return math.ceil(hold_price_dkk / max(1, min_participants))

    def as_dict(self) -> dict[str, object]:
        values = asdict(self)
        values["priority_weights"] = list(self.priority_weights)
        values["fix_effort_dkk"] = dict(self.fix_effort_dkk)
        return values

    @classmethod
    def from_dict(cls, values: dict[str, object], source: str = "settings") -> Settings:
        """Settings from plain values (as in a TOML file); unknown names are refused."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise SettingsError(
                f"{source}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(known)}"
            )
        given: dict[str, object] = {}
        for name, value in values.items():
            default = getattr(cls(), name)
            if isinstance(default, bool) or isinstance(value, bool):
                raise SettingsError(f"{source}: {name} must be a number, got {value!r}")
            if isinstance(default, tuple):
                if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
                    raise SettingsError(f"{source}: {name} must be a list of whole numbers")
                value = tuple(value)
            elif isinstance(default, dict):
                if not isinstance(value, dict):
                    raise SettingsError(f"{source}: {name} must be a table of kind = DKK")
                value = dict(value)
            elif isinstance(default, int) and not isinstance(value, int):
                raise SettingsError(f"{source}: {name} must be a whole number, got {value!r}")
            elif isinstance(default, float) and not isinstance(value, int | float):
                raise SettingsError(f"{source}: {name} must be a number, got {value!r}")
            given[name] = value
        try:
            return cls(**given)
        except SettingsError as error:
            raise SettingsError(f"{source}: {error}") from error

    @classmethod
    def from_toml(cls, path: Path) -> Settings:
        """Settings from a TOML file; a file that cannot be read is a SettingsError."""
        try:
            values = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise SettingsError(f"{path}: cannot read the settings: {error}") from error
        return cls.from_dict(values, source=str(path))
