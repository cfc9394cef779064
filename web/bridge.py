"""Between the database and the engine: stored rows to a `pooling.Scenario`, and a
`pooling.Proposal` back to rows. No solving and no views here.

The engine knows a stored request by its database id (as text) and its organisation by slug,
so a proposal's members and unplaced entries lead straight back to the stored requests.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pooling.domain import Course as PCourse
from pooling.domain import Offer as POffer
from pooling.domain import OrganisationKind, Scenario
from pooling.domain import Proposal as PProposal
from pooling.domain import Request as PRequest
from pooling.domain import School as PSchool
from pooling.export import proposal_to_dict
from web.models import (
    Cohort,
    CohortMember,
    Course,
    DemandRequest,
    Offer,
    Organisation,
    Proposal,
    School,
    SolveJob,
    UnplacedRequest,
)
from web.scoping import postcodes_of_amk


def catalogue_scenario_parts(session: Session) -> tuple[tuple, tuple, tuple]:
    courses = tuple(
        PCourse(
            course_code=c.course_code,
            title=c.title,
            duration_days=c.duration_days,
            min_participants=c.min_participants,
            max_participants=c.max_participants,
        )
        for c in session.scalars(select(Course).order_by(Course.course_code))
    )
    schools = tuple(
        PSchool(school_id=s.code, name=s.name, postcode=s.postcode, lat=s.lat, lon=s.lon)
        for s in session.scalars(select(School).order_by(School.code))
    )
    offers = tuple(
        POffer(
            school_id=o.school.code,
            course_code=o.course_code,
            start_date=o.start_date,
            min_participants=o.min_participants,
            max_participants=o.max_participants,
            max_parallel=o.max_parallel,
            price_dkk=o.price_dkk,
            guaranteed=o.guaranteed,
            seats_taken=o.seats_taken,
        )
        for o in session.scalars(select(Offer).order_by(Offer.id))
    )
    return courses, schools, offers


def engine_request(r: DemandRequest, organisation: Organisation) -> PRequest:
    return PRequest(
        request_id=str(r.id),
        organisation_id=organisation.slug,
        organisation_kind=OrganisationKind(organisation.kind),
        course_code=r.course_code,
        learners=r.learners,
        postcode=r.postcode,
        earliest_start=r.earliest_start,
        latest_start=r.latest_start,
        max_travel_km=r.max_travel_km,
        keep_together=r.keep_together,
        priority=r.priority,
        max_travel_minutes=r.max_travel_minutes,
    )


def scenario_for_area(session: Session, amk: str) -> Scenario:
    """Every school's offers and the active requests of the labour-market office `amk`."""
    courses, schools, offers = catalogue_scenario_parts(session)
    postcodes = sorted(postcodes_of_amk(amk))
    rows = session.execute(
        select(DemandRequest, Organisation)
        .join(Organisation, DemandRequest.organisation_id == Organisation.id)
        .where(DemandRequest.withdrawn.is_(False), DemandRequest.postcode.in_(postcodes))
        .order_by(DemandRequest.id)
    ).all()
    requests = tuple(engine_request(r, org) for r, org in rows)
    return Scenario(courses=courses, schools=schools, offers=offers, requests=requests)


def store_proposal(session: Session, job: SolveJob, proposal: PProposal) -> Proposal:
    """The engine's proposal as rows (in the caller's transaction)."""
    options = job.options or {}
    row = Proposal(
        organisation_id=job.organisation_id,
        status=proposal.status,
        method=proposal.method,
        travel_model=proposal.travel_model,
        seed=int(options.get("seed", 0)),
        time_limit_s=float(options.get("time_limit_s", 30.0)),
        settings=proposal.settings,
        learners_requested=proposal.learners_requested,
        learners_placed=proposal.learners_placed,
        placed_value=proposal.placed_value,
        placed_bound=proposal.placed_bound,
        learners_bound=proposal.learners_bound,
        cost_dkk=proposal.cost_dkk,
        cost_bound_dkk=proposal.cost_bound_dkk,
        hold_prices_dkk=proposal.hold_prices_dkk,
        guaranteed_prices_dkk=proposal.guaranteed_prices_dkk,
        travel_cost_dkk=proposal.travel_cost_dkk,
        waiting_cost_dkk=proposal.waiting_cost_dkk,
        waiting_days=proposal.waiting_days,
        greedy_learners_placed=proposal.greedy_learners_placed,
        gap=proposal.cost_gap,
        solve_seconds=proposal.solve_seconds,
        parts=proposal.parts,
        parts_optimal=proposal.parts_optimal,
        document=proposal_to_dict(proposal),
        created_at=datetime.now(UTC),
    )
    session.add(row)
    school_ids = {code: id_ for code, id_ in session.execute(select(School.code, School.id))}
    for c in proposal.cohorts:
        cohort = Cohort(
            proposal=row,
            cohort_key=c.cohort_id,
            school_id=school_ids[c.school_id],
            course_code=c.course_code,
            start_date=c.start_date,
            end_date=c.end_date,
            hold_number=c.hold_number,
            participants=c.participants,
            seats_taken=c.seats_taken,
            min_participants=c.min_participants,
            max_participants=c.max_participants,
            guaranteed=c.guaranteed,
            price_dkk=c.price_dkk,
        )
        session.add(cohort)
        for m in c.members:
            session.add(
                CohortMember(
                    cohort=cohort,
                    request_id=int(m.request_id),
                    learners=m.learners,
                    travel_km=m.travel_km,
                    travel_minutes=m.travel_minutes,
                )
            )
    for u in proposal.unplaced:
        session.add(
            UnplacedRequest(
                proposal=row,
                request_id=int(u.request_id),
                learners=u.learners,
                reason=u.reason.value,
                detail=u.detail,
                fix=u.fix,
                no_fix_reason=u.no_fix_reason,
            )
        )
    return row


def engine_proposal(
    session: Session, row: Proposal, for_people: bool = False
) -> tuple[Scenario, PProposal]:
    """A stored proposal and the scenario it speaks of, as the engine's types (for exports).

    `for_people` names requests by the organisation's own reference (with the organisation's
    id where two organisations use the same one) and organisations by their names, as a
    workbook shows them; else by the database ids the engine used.
    """
    from dataclasses import replace

    from pooling.domain import Cohort as PCohort
    from pooling.domain import Member, Reason, Unplaced

    courses, schools, offers = catalogue_scenario_parts(session)
    ids = {m.request_id for c in row.cohorts for m in c.members} | {
        u.request_id for u in row.unplaced
    }
    pairs = session.execute(
        select(DemandRequest, Organisation)
        .join(Organisation, DemandRequest.organisation_id == Organisation.id)
        .where(DemandRequest.id.in_(sorted(ids)))
        .order_by(DemandRequest.id)
    ).all()
    requests = tuple(engine_request(r, org) for r, org in pairs)
    label = {str(r.id): str(r.id) for r, _ in pairs}
    if for_people:
        uses = Counter(r.reference for r, _ in pairs)
        label = {
            str(r.id): r.reference if uses[r.reference] == 1 else f"{org.slug}/{r.reference}"
            for r, org in pairs
        }
        names = {org.slug: org.name for _, org in pairs}
        requests = tuple(
            replace(q, request_id=label[q.request_id], organisation_id=names[q.organisation_id])
            for q in requests
        )
    scenario = Scenario(courses=courses, schools=schools, offers=offers, requests=requests)
    cohorts = tuple(
        PCohort(
            cohort_id=c.cohort_key,
            school_id=c.school.code,
            course_code=c.course_code,
            start_date=c.start_date,
            hold_number=c.hold_number,
            participants=c.participants,
            seats_taken=c.seats_taken,
            min_participants=c.min_participants,
            max_participants=c.max_participants,
            guaranteed=c.guaranteed,
            price_dkk=c.price_dkk,
            end_date=c.end_date,
            members=tuple(
                Member(
                    request_id=label[str(m.request_id)],
                    learners=m.learners,
                    travel_km=m.travel_km,
                    travel_minutes=m.travel_minutes,
                )
                for m in c.members
            ),
        )
        for c in row.cohorts
    )
    unplaced = tuple(
        Unplaced(
            request_id=label[str(u.request_id)],
            learners=u.learners,
            reason=Reason(u.reason),
            detail=u.detail,
            fix=u.fix,
            no_fix_reason=u.no_fix_reason,
        )
        for u in row.unplaced
    )
    proposal = PProposal(
        status=row.status,
        method=row.method,
        travel_model=row.travel_model,
        learners_requested=row.learners_requested,
        learners_placed=row.learners_placed,
        placed_value=row.placed_value,
        placed_bound=row.placed_bound,
        learners_bound=row.learners_bound,
        hold_prices_dkk=row.hold_prices_dkk,
        guaranteed_prices_dkk=row.guaranteed_prices_dkk,
        travel_cost_dkk=row.travel_cost_dkk,
        waiting_cost_dkk=row.waiting_cost_dkk,
        waiting_days=row.waiting_days,
        greedy_learners_placed=row.greedy_learners_placed,
        cost_dkk=row.cost_dkk,
        cost_bound_dkk=row.cost_bound_dkk,
        solve_seconds=row.solve_seconds,
        parts=row.parts,
        parts_optimal=row.parts_optimal,
        cohorts=cohorts,
        unplaced=unplaced,
        settings=row.settings,
    )
    return scenario, proposal
