"""Benchmarks of the engine's hot loop: candidates, model building, solving, and finishing.

Every solve goes through `propose()`, which runs the proposal verifier on the result; status,
learners placed, cost, bound and gap go into `extra_info`. Solves use
`benchmark.pedantic(rounds=3, iterations=1)`; the travel model is built once beforehand so
its start-up is not counted in the solve. `test_finish` measures what follows a solve
(cohorts, every unplaced request's reason and fixes, the greedy baseline, both verifiers)
without the re-solves that check fixes.
"""

from __future__ import annotations

import pytest
from scenarios import scenario

import solver
from geo import travel_model
from pooling.candidates import find_candidates
from pooling.service import ProposeOptions, finish, prepare, propose
from pooling.settings import Settings
from pooling.translate import to_instance
from solver.cpsat import PoolingModel
from solver.decompose import decompose

SIZES = ["small", "region", "national"]


@pytest.fixture(scope="module")
def road():
    model = travel_model("road")
    for size in SIZES:
        find_candidates(scenario(size), model)  # warm the travel cache once
    return model


@pytest.mark.parametrize("size", SIZES)
def test_candidates(benchmark, size):
    """Candidate arcs with a fresh road model (travel computed, not cached)."""
    sc = scenario(size)
    candidates = benchmark.pedantic(
        lambda: find_candidates(sc, travel_model("road")), rounds=3, iterations=1
    )
    benchmark.extra_info["arcs"] = sum(len(candidates.arcs(i)) for i in range(len(sc.requests)))


@pytest.mark.parametrize("size", SIZES)
def test_build_models(benchmark, size, road):
    """Translation, decomposition and building every part's CP-SAT model."""
    sc = scenario(size)
    candidates = find_candidates(sc, road)

    def build():
        parts = decompose(to_instance(sc, candidates, Settings()))
        return [PoolingModel(p.instance) for p in parts]

    models = benchmark.pedantic(build, rounds=3, iterations=1)
    benchmark.extra_info["parts"] = len(models)


@pytest.mark.parametrize("method", ["cpsat", "greedy"])
@pytest.mark.parametrize("size", SIZES)
def test_solve(benchmark, size, method, road, time_limit):
    """A verified proposal for a generated scenario of each size."""
    sc = scenario(size)
    options = ProposeOptions(method=method, time_limit_s=time_limit, workers=2)
    proposal = benchmark.pedantic(
        lambda: propose(sc, options, travel=road),
        rounds=1 if benchmark.disabled else 3,
        iterations=1,
    )
    benchmark.extra_info.update(
        status=proposal.status,
        learners_requested=proposal.learners_requested,
        learners_placed=proposal.learners_placed,
        cost_dkk=proposal.cost_dkk,
        cost_bound_dkk=proposal.cost_bound_dkk,
        gap=round(proposal.cost_gap, 4),
        placed_value=proposal.placed_value,
        placed_bound=proposal.placed_bound,
    )
    assert proposal.learners_placed > 0


@pytest.mark.parametrize("size", ["region", "national"])
def test_finish(benchmark, size, road, time_limit):
    """The proposal of one solve: cohorts, explanations and fixes (unchecked), verification."""
    options = ProposeOptions(settings=Settings(fix_checks_per_request=0))
    prepared = prepare(scenario(size), options, road)
    report = solver.solve(
        prepared.instance, solver.SolveOptions(time_limit_s=time_limit, workers=2)
    )

    def fresh():
        # New candidates every round, so no request's reach is kept from the round before.
        return (prepare(prepared.scenario, options, road), report), {}

    proposal = benchmark.pedantic(
        lambda again, report: finish(again, report, options),
        setup=fresh,
        rounds=1 if benchmark.disabled else 5,
        iterations=1,
    )
    benchmark.extra_info.update(unplaced=len(proposal.unplaced))
