"""The one service: `propose(scenario) -> Proposal`, used by the CLI, the benchmarks and the web.

Candidates, translation, the solve (decomposed, in parallel), cohorts, explanations, then the
independent proposal verifier on every result: a proposal that breaks a rule is a bug and
raises `ProposalError`, never a result. This module does no file I/O.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import solver
from geo import TravelModel, travel_model
from pooling.candidates import Candidates, find_candidates
from pooling.domain import Cohort, Proposal, Scenario
from pooling.executors import open_executor
from pooling.settings import Settings
from pooling.translate import to_cohorts, to_instance
from pooling.unplaced import explain_unplaced
from pooling.verify import verify_proposal

Progress = solver.Progress


class ProposalError(RuntimeError):
    """A proposal broke a rule of the scenario: a bug, reported with every violation."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        super().__init__("proposal failed verification:\n" + "\n".join(violations))


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeOptions:
    method: str = "cpsat"
    time_limit_s: float = 60.0
    seed: int = 0
    workers: int = 2
    gap_limit: float = 0.0
    travel: str = "road"
    executor: str = "local"
    settings: Settings = field(default_factory=Settings)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A scenario turned into the solver's instance, with what is needed to come back."""

    scenario: Scenario
    candidates: Candidates
    instance: solver.Instance
    travel: TravelModel


def prepare(
    scenario: Scenario, options: ProposeOptions, travel: TravelModel | None = None
) -> Prepared:
    """Candidates and the integer instance of `scenario` (the step before any solver)."""
    travel = travel or travel_model(options.travel)
    candidates = find_candidates(scenario, travel)
    instance = to_instance(scenario, candidates, options.settings)
    return Prepared(scenario, candidates, instance, travel)


def propose(
    scenario: Scenario,
    options: ProposeOptions | None = None,
    progress: Callable[[Progress], None] | None = None,
    travel: TravelModel | None = None,
    started: float | None = None,
) -> Proposal:
    """A verified proposal of cohorts for `scenario`, with every unplaced learner explained.

    The time limit counts from `started` (a `time.monotonic()` reading; by default now) and
    covers set-up, the solve, explanations with their fix checks, and verification.
    """
    options = options or ProposeOptions()
    deadline = (time.monotonic() if started is None else started) + options.time_limit_s
    prepared = prepare(scenario, options, travel)
    with open_executor(options.executor) as executor:
        report = solver.solve(
            prepared.instance,
            solver.SolveOptions(
                method=options.method,
                time_limit_s=solve_seconds(prepared, options, deadline - time.monotonic()),
                seed=options.seed,
                workers=options.workers,
                gap_limit=options.gap_limit,
            ),
            progress=progress,
            executor=executor,
        )
    return finish(prepared, report, options, deadline)


# Explanations and verification take about this long per pair of a request and an offer of
# its course (generated national scenarios: 1.4 million pairs, 1.2 s without fix checks on
# 2 busy cores, 0.8e-6 a pair; twice that here for a margin), plus a margin for building
# the proposal and writing it.
_FINISH_SECONDS_PER_PAIR = 1.6e-6
_FINISH_SECONDS = 0.3
_MIN_SOLVE_SECONDS = 0.1
# Checking fixes may use this share of the time limit (unless the settings give seconds of
# their own); time the solve leaves unused flows on to them.
_FIX_CHECK_SHARE = 0.15


def solve_seconds(prepared: Prepared, options: ProposeOptions, left: float) -> float:
    """The solver's share of the `left` seconds: less the finish and the fix checks."""
    checks = options.settings.fix_check_seconds or _FIX_CHECK_SHARE * options.time_limit_s
    left -= _finish_seconds(prepared) + checks
    return max(_MIN_SOLVE_SECONDS, left)


def _finish_seconds(prepared: Prepared) -> float:
    """What explanations (without fix checks) and verification are expected to take."""
    offers = Counter(o.course_code for o in prepared.scenario.offers)
    pairs = sum(offers[r.course_code] for r in prepared.scenario.requests)
    return _FINISH_SECONDS + _FINISH_SECONDS_PER_PAIR * pairs


def check_seconds(prepared: Prepared, options: ProposeOptions, deadline: float | None) -> float:
    """Seconds for checking fixes: the settings' own, or what is left before `deadline`.

    Without a deadline (a result finished outside `propose`), the time limit.
    """
    if options.settings.fix_check_seconds:
        return options.settings.fix_check_seconds
    if deadline is None:
        return options.time_limit_s
    return max(0.0, deadline - time.monotonic() - _finish_seconds(prepared))


def cost_parts(
    scenario: Scenario, cohorts: tuple[Cohort, ...], settings: Settings, cost_dkk: int
) -> dict[str, int]:
    """The cost split into hold prices paid, guaranteed holds' prices, travel and waiting.

    Travel is the notional learner travel (rounded once); waiting is the rest of the cost, so
    the parts add up to the cost exactly.
    """
    requests = {r.request_id: r for r in scenario.requests}
    holds = sum(c.price_dkk for c in cohorts if not c.guaranteed)
    travel = 0.0
    waiting_days = 0
    for c in cohorts:
        days = scenario.course_by_code[c.course_code].duration_days
        for m in c.members:
            travel += settings.travel_cost_dkk(m.travel_km, days) * m.learners
            waiting = max(0, (c.start_date - requests[m.request_id].earliest_start).days)
            waiting_days += waiting * m.learners
    if waiting_days == 0:
        travel = cost_dkk - holds  # no waiting at all: the rest is travel, to the krone
    return {
        "hold_prices_dkk": holds,
        "guaranteed_prices_dkk": sum(c.price_dkk for c in cohorts if c.guaranteed),
        "travel_cost_dkk": round(travel),
        "waiting_cost_dkk": cost_dkk - holds - round(travel),
        "waiting_days": waiting_days,
    }


def finish(
    prepared: Prepared,
    report: solver.SolveReport,
    options: ProposeOptions,
    deadline: float | None = None,
) -> Proposal:
    """The proposal of a solver result, explained and verified; ProposalError if it is wrong.

    Any solver's result comes back this way (the benchmarks' peers too), so every proposal
    passes both verifiers. Fix checks stop in time to finish by `deadline` (monotonic).
    """
    scenario, candidates, solution = prepared.scenario, prepared.candidates, report.solution
    violations = solver.verify_solution(prepared.instance, solution)
    if violations:
        raise ProposalError(violations)
    cohorts = to_cohorts(scenario, candidates, solution, options.settings)
    placed: dict[str, int] = defaultdict(int)
    for cohort in cohorts:
        for member in cohort.members:
            placed[member.request_id] += member.learners
    proposal = Proposal(
        status=solution.status.value,
        method=options.method,
        travel_model=prepared.travel.name,
        learners_requested=scenario.learners_requested,
        learners_placed=solution.placed_learners,
        placed_value=solution.placed_value,
        placed_bound=solution.placed_bound,
        cost_dkk=solution.cost,
        cost_bound_dkk=solution.cost_bound,
        solve_seconds=round(report.seconds, 3),
        parts=len(report.parts),
        parts_optimal=sum(p.status is solver.Status.OPTIMAL for p in report.parts),
        learners_bound=report.learners_bound,
        cohorts=cohorts,
        unplaced=explain_unplaced(
            scenario,
            candidates,
            cohorts,
            placed,
            prepared.instance,
            solution,
            options.settings,
            options.seed,
            check_seconds(prepared, options, deadline),
        ),
        settings=options.settings.as_dict(),
    )
    proposal = replace(
        proposal,
        **cost_parts(scenario, cohorts, options.settings, proposal.cost_dkk),
        greedy_learners_placed=(
            solution.placed_learners
            if options.method == "greedy"
            else solver.solve_greedy(prepared.instance).placed_learners
        ),
    )
    violations = verify_proposal(scenario, proposal, prepared.travel)
    if violations:
        raise ProposalError(violations)
    return proposal
