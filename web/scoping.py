"""The one place that decides what an organisation may see: every lookup by id goes here.

An organisation sees and changes only its own requests and uploads; a coordinator sees the
demand of its labour-market office's area (the municipalities of its AMK) and only its own
jobs and proposals; a school sees only published cohorts addressed to it. Anything else is
answered 404, exactly as an id that does not exist, so ids reveal nothing.
"""

from __future__ import annotations

from functools import cache

from flask import abort
from sqlalchemy import Select, false, select

from geo import load_places
from web.db import db_session
from web.models import (
    DEMAND_ROLES,
    ApiToken,
    Cohort,
    DemandRequest,
    Organisation,
    Proposal,
    Role,
    School,
    SolveJob,
    Upload,
    User,
)


@cache
def postcodes_of_amk(amk: str) -> frozenset[str]:
    """Postcodes whose municipality belongs to the labour-market office `amk`."""
    places = load_places()
    return frozenset(
        p.code
        for p in places.postcodes()
        if (m := places.municipality(p.municipality_code)) is not None and m.amk == amk
    )


MAX_ID = 2**31 - 1
COORDINATORS = frozenset({Role.COORDINATOR})


def _get(model, row_id: int):
    """The row with `row_id`, or None; an id no table can hold is simply not found."""
    if not 1 <= row_id <= MAX_ID:
        return None
    return db_session().get(model, row_id)


def _org(user: User) -> Organisation:
    return user.organisation


def requests_query(user: User) -> Select:
    """The requests `user` may see (not withdrawn ones excluded: callers filter that)."""
    query = select(DemandRequest)
    role = Role(user.role)
    if role in DEMAND_ROLES:
        return query.where(DemandRequest.organisation_id == user.organisation_id)
    if role is Role.COORDINATOR and _org(user).amk:
        return query.where(DemandRequest.postcode.in_(sorted(postcodes_of_amk(_org(user).amk))))
    return query.where(false())


def _owned(user: User, model, row_id: int, roles: frozenset[Role]):
    """The row of `model` with `row_id` if it belongs to the user's organisation and the user
    has one of `roles`; else 404, as for an id that does not exist."""
    found = _get(model, row_id)
    if found is None or Role(user.role) not in roles:
        abort(404)
    if found.organisation_id != user.organisation_id:
        abort(404)
    return found


def own_request(user: User, request_id: int) -> DemandRequest:
    """A request of the user's own organisation (to see or change), else 404."""
    return _owned(user, DemandRequest, request_id, DEMAND_ROLES)


def own_upload(user: User, upload_id: int) -> Upload:
    return _owned(user, Upload, upload_id, frozenset(Role))


def jobs_query(user: User) -> Select:
    if Role(user.role) is not Role.COORDINATOR:
        return select(SolveJob).where(false())
    return select(SolveJob).where(SolveJob.organisation_id == user.organisation_id)


def own_job(user: User, job_id: int) -> SolveJob:
    return _owned(user, SolveJob, job_id, COORDINATORS)


def proposals_query(user: User) -> Select:
    if Role(user.role) is not Role.COORDINATOR:
        return select(Proposal).where(false())
    return select(Proposal).where(Proposal.organisation_id == user.organisation_id)


def own_proposal(user: User, proposal_id: int) -> Proposal:
    return _owned(user, Proposal, proposal_id, COORDINATORS)


def school_cohorts_query(user: User) -> Select:
    """Published cohorts addressed to the user's school."""
    if Role(user.role) is not Role.SCHOOL:
        return select(Cohort).where(false())
    return (
        select(Cohort)
        .join(School, Cohort.school_id == School.id)
        .join(Proposal, Cohort.proposal_id == Proposal.id)
        .where(School.organisation_id == user.organisation_id)
        .where(Proposal.published_at.is_not(None))
    )


def school_cohort(user: User, cohort_id: int) -> Cohort:
    if not 1 <= cohort_id <= MAX_ID:
        abort(404)
    found = db_session().scalar(school_cohorts_query(user).where(Cohort.id == cohort_id))
    if found is None:
        abort(404)
    return found


def coordinator_cohort(user: User, cohort_id: int) -> Cohort:
    found = _get(Cohort, cohort_id)
    if found is None or Role(user.role) is not Role.COORDINATOR:
        abort(404)
    if found.proposal.organisation_id != user.organisation_id:
        abort(404)
    return found


def own_token(user: User, token_id: int) -> ApiToken:
    """One of the user's own API tokens (to revoke), else 404."""
    found = _get(ApiToken, token_id)
    if found is None or found.user_id != user.id:
        abort(404)
    return found


def organisation_for_admin(user: User, organisation_id: int) -> Organisation:
    found = _get(Organisation, organisation_id)
    if found is None or Role(user.role) is not Role.ADMIN:
        abort(404)
    return found
