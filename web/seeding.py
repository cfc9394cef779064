"""Loading a scenario's catalogue and demand into the database, and demo accounts.

Used by `flask --app web load-scenario` and `flask --app web demo`. Organisations named in the
requests are created with their kind; a school organisation is created per school.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from geo import load_places
from pooling.domain import Scenario
from web.auth.passwords import hash_password
from web.demand_store import add_request
from web.models import (
    Course,
    Offer,
    Organisation,
    Role,
    School,
    User,
)


def get_or_create_organisation(
    session: Session, slug: str, name: str, kind: str, **fields: object
) -> Organisation:
    found = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if found is None:
        found = Organisation(slug=slug, name=name, kind=kind, **fields)
        session.add(found)
        session.flush()
    return found


def organisation_name(slug: str, kind: str) -> str:
    if kind == "jobcentre" and slug.startswith("jobcenter-"):
        municipality = load_places().municipality(slug.removeprefix("jobcenter-"))
        if municipality is not None:
            return f"Jobcenter {municipality.name}"
    if kind == "a-kasse" and slug.startswith("akasse-"):
        return f"A-kasse {slug.removeprefix('akasse-').upper()}"
    if kind == "firm":
        return f"Virksomhed {slug.removeprefix('firm-')}"
    return slug


def load_scenario(session: Session, scenario: Scenario) -> dict[str, int]:
    """Add the scenario's courses, schools, offers and requests (in the caller's transaction)."""
    for c in scenario.courses:
        if session.get(Course, c.course_code) is None:
            session.add(
                Course(
                    course_code=c.course_code,
                    title=c.title,
                    duration_days=c.duration_days,
                    min_participants=c.min_participants,
                    max_participants=c.max_participants,
                )
            )
    schools = {}
    for s in scenario.schools:
        school = session.scalar(select(School).where(School.code == s.school_id))
        if school is None:
            org = get_or_create_organisation(session, f"school-{s.school_id}", s.name, "school")
            school = School(
                code=s.school_id,
                name=s.name,
                postcode=s.postcode,
                lat=s.lat,
                lon=s.lon,
                organisation_id=org.id,
            )
            session.add(school)
            session.flush()
        schools[s.school_id] = school
    for o in scenario.offers:
        session.add(
            Offer(
                school_id=schools[o.school_id].id,
                course_code=o.course_code,
                start_date=o.start_date,
                min_participants=o.min_participants,
                max_participants=o.max_participants,
                max_parallel=o.max_parallel,
                price_dkk=o.price_dkk,
                guaranteed=o.guaranteed,
                seats_taken=o.seats_taken,
            )
        )
    for r in scenario.requests:
        kind = r.organisation_kind.value
        fields = {}
        if kind == "jobcentre" and r.organisation_id.startswith("jobcenter-"):
            fields["municipality_code"] = r.organisation_id.removeprefix("jobcenter-")
        org = get_or_create_organisation(
            session, r.organisation_id, organisation_name(r.organisation_id, kind), kind, **fields
        )
        add_request(session, org.id, r, user_id=None, action="imported", changes={})
    session.flush()
    return {
        "courses": len(scenario.courses),
        "schools": len(scenario.schools),
        "offers": len(scenario.offers),
        "requests": len(scenario.requests),
    }


def create_user(
    session: Session,
    email: str,
    password: str,
    organisation: Organisation,
    role: Role,
    password_hash: str | None = None,
) -> User:
    """A user of `organisation`; `password_hash` may be given to skip hashing again."""
    user = User(
        email=email.strip().lower(),
        password_hash=password_hash or hash_password(password),
        role=role.value,
        organisation_id=organisation.id,
    )
    session.add(user)
    session.flush()
    return user


DEMO_PASSWORD = "demo-kode-2027"


def demo_accounts(session: Session, password_hash: str | None = None) -> list[tuple[str, str, str]]:
    """One account per role on the loaded sample: (role, email, organisation name)."""

    def first(kind: str) -> Organisation:
        org = session.scalar(
            select(Organisation).where(Organisation.kind == kind).order_by(Organisation.slug)
        )
        if org is None:
            raise LookupError(f"no organisation of kind {kind} is loaded")
        return org

    chosen = {
        Role.JOBCENTRE: session.scalar(
            select(Organisation).where(Organisation.slug == "jobcenter-751")
        )
        or first("jobcentre"),
        Role.A_KASSE: first("a-kasse"),
        Role.FIRM: first("firm"),
        Role.SCHOOL: session.scalar(
            select(Organisation).where(Organisation.slug == "school-aarhus-tech")
        )
        or first("school"),
        Role.COORDINATOR: get_or_create_organisation(
            session, "amk-midt-nord", "AMK Midt-Nord", "coordinator", amk="AMK Midt-Nord"
        ),
        Role.ADMIN: get_or_create_organisation(session, "admin", "Administratorer", "admin"),
    }
    accounts = []
    for role, org in chosen.items():
        email = f"{role.value.replace('-', '')}@demo.example"
        if session.scalar(select(User).where(User.email == email)) is None:
            create_user(session, email, DEMO_PASSWORD, org, role, password_hash)
        accounts.append((role.value, email, org.name))
    return accounts
