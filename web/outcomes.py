"""Where each request stands in the latest published proposal that includes it: the holds
it is placed in (school, date, travel) or why it is not, and what would place it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from web.models import Cohort, CohortMember, Proposal, UnplacedRequest


@dataclass
class Outcome:
    proposal_id: int
    published_at: object
    placements: list[tuple[Cohort, CohortMember]] = field(default_factory=list)
    unplaced: list[UnplacedRequest] = field(default_factory=list)

    @property
    def learners_placed(self) -> int:
        return sum(m.learners for _, m in self.placements)


def latest_outcomes(session: Session, request_ids: list[int]) -> dict[int, Outcome]:
    if not request_ids:
        return {}
    ids = list(request_ids)
    found: dict[int, dict[int, Outcome]] = defaultdict(dict)
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start : chunk_start + 900]
        placed = session.execute(
            select(CohortMember, Cohort, Proposal)
            .join(Cohort, CohortMember.cohort_id == Cohort.id)
            .options(selectinload(Cohort.school), selectinload(Cohort.decision))
            .join(Proposal, Cohort.proposal_id == Proposal.id)
            .where(CohortMember.request_id.in_(chunk), Proposal.published_at.is_not(None))
        ).all()
        for member, cohort, proposal in placed:
            outcome = found[member.request_id].setdefault(
                proposal.id, Outcome(proposal.id, proposal.published_at)
            )
            outcome.placements.append((cohort, member))
        missing = session.execute(
            select(UnplacedRequest, Proposal)
            .join(Proposal, UnplacedRequest.proposal_id == Proposal.id)
            .where(UnplacedRequest.request_id.in_(chunk), Proposal.published_at.is_not(None))
        ).all()
        for unplaced, proposal in missing:
            outcome = found[unplaced.request_id].setdefault(
                proposal.id, Outcome(proposal.id, proposal.published_at)
            )
            outcome.unplaced.append(unplaced)
    return {rid: by_proposal[max(by_proposal)] for rid, by_proposal in found.items()}
