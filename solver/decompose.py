"""Splitting an instance into independent parts, and merging their solutions back.

Two demands or offers belong to the same part when an arc links them, directly or through
others (connected components, by union-find over the offers); capacity rules live inside one
offer, so they link nothing further. Parts share nothing, so each can be solved alone and in
parallel. Demands without arcs form no part: they cannot be placed.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.instance import Arc, Instance
from solver.solution import Assignment, OpenHold, Solution, Status


@dataclass(frozen=True, slots=True)
class Part:
    """A sub-instance and the global indices of its demands and offers."""

    instance: Instance
    demand_ids: tuple[int, ...]
    offer_ids: tuple[int, ...]

    @property
    def size(self) -> int:
        """A measure of model size: hold slots per arc, summed."""
        return model_size(self.instance)


def model_size(instance: Instance) -> int:
    """A measure of an instance's model size: hold slots per arc, summed, and the offers."""
    offers = instance.offers
    return sum(offers[a.offer].max_parallel for a in instance.arcs) + len(offers)


def _offer_groups(instance: Instance) -> list[int]:
    """For each offer, a representative offer of its part (union-find over shared demands)."""
    parent = list(range(len(instance.offers)))

    def root(o: int) -> int:
        while parent[o] != o:
            parent[o] = parent[parent[o]]
            o = parent[o]
        return o

    first_offer: dict[int, int] = {}
    for arc in instance.arcs:
        other = first_offer.setdefault(arc.demand, arc.offer)
        a, b = root(arc.offer), root(other)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [root(o) for o in range(len(instance.offers))]


def decompose(instance: Instance) -> list[Part]:
    """The independent parts of `instance`, largest first."""
    group = _offer_groups(instance)
    arcs_of: dict[int, list[Arc]] = {}
    for arc in instance.arcs:
        arcs_of.setdefault(arc.demand, []).append(arc)
    demands_in: dict[int, list[int]] = {}
    offers_in: dict[int, list[int]] = {}
    for d in sorted(arcs_of):
        demands_in.setdefault(group[arcs_of[d][0].offer], []).append(d)
    for o in range(len(instance.offers)):
        if group[o] in demands_in:
            offers_in.setdefault(group[o], []).append(o)
    parts = []
    for key, demand_list in demands_in.items():
        demand_ids = tuple(demand_list)
        offer_ids = tuple(offers_in[key])
        local_offer = {o: i for i, o in enumerate(offer_ids)}
        arcs = tuple(
            Arc(demand=i, offer=local_offer[arc.offer], cost=arc.cost, fixed_cost=arc.fixed_cost)
            for i, d in enumerate(demand_ids)
            for arc in arcs_of[d]
        )
        sub = Instance(
            demands=tuple(instance.demands[d] for d in demand_ids),
            offers=tuple(instance.offers[o] for o in offer_ids),
            arcs=arcs,
        )
        parts.append(Part(sub, demand_ids, offer_ids))
    parts.sort(key=lambda p: (-p.size, p.demand_ids))
    return parts


def merge(instance: Instance, parts: list[Part], solutions: list[Solution]) -> Solution:
    """One solution of `instance` from the solutions of its parts."""
    holds: list[OpenHold] = []
    assignments: list[Assignment] = []
    for part, sol in zip(parts, solutions, strict=True):
        holds += [OpenHold(part.offer_ids[h.offer], h.slot) for h in sol.open_holds]
        assignments += [
            Assignment(part.demand_ids[s.demand], part.offer_ids[s.offer], s.slot, s.learners)
            for s in sol.assignments
        ]
    return Solution(
        status=Status.combine([s.status for s in solutions]),
        open_holds=tuple(sorted(holds, key=lambda h: (h.offer, h.slot))),
        assignments=tuple(sorted(assignments, key=lambda s: (s.demand, s.offer, s.slot))),
        placed_value=sum(s.placed_value for s in solutions),
        placed_learners=sum(s.placed_learners for s in solutions),
        cost=sum(s.cost for s in solutions),
        placed_bound=sum(s.placed_bound for s in solutions),
        cost_bound=sum(s.cost_bound for s in solutions),
        seconds=max((s.seconds for s in solutions), default=0.0),
    )
