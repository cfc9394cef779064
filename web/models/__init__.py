"""The web's tables as SQLAlchemy 2 typed models (no Flask import); Alembic makes the schema."""

from web.models.accounts import DEMAND_ROLES, ApiToken, Organisation, Role, User
from web.models.base import Base
from web.models.catalogue import Course, Offer, School
from web.models.demand import DemandRequest, RequestChange, Upload
from web.models.proposals import (
    Cohort,
    CohortMember,
    JobStatus,
    Proposal,
    SchoolDecision,
    SolveJob,
    UnplacedRequest,
)

__all__ = [
    "DEMAND_ROLES",
    "ApiToken",
    "Base",
    "Cohort",
    "CohortMember",
    "Course",
    "DemandRequest",
    "JobStatus",
    "Offer",
    "Organisation",
    "Proposal",
    "RequestChange",
    "Role",
    "School",
    "SchoolDecision",
    "SolveJob",
    "UnplacedRequest",
    "Upload",
    "User",
]
