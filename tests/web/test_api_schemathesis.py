"""Tests of the JSON API with schemathesis: for each role, with that role's token, every
operation of `/api/openapi.json` is called with generated valid and invalid data, and no
answer may be a server error or differ from what the document promises.

Bounded so the file runs in well under a minute: the document's own examples, then up to 12
generated cases (valid and invalid) per operation the role may call and 3 per operation it
may not; no example database, derandomized so a run is repeatable. The coordinator's and the
school's runs have a published proposal, so ids that exist and are theirs come up too.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.test_api import make_proposal
from web.models import Proposal
from web.token_commands import create_token

ROLES = ("jobcentre", "a-kasse", "firm", "coordinator", "school", "admin")
# Examples per operation: more where the role is admitted (the view runs), a few where it
# is refused before anything is read.
ADMITTED_EXAMPLES = 12
REFUSED_EXAMPLES = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _publish_a_proposal(app, sessions, email: str) -> None:
    """A proposal of the coordinator's area made by the worker, and published."""
    with sessions() as session:
        proposal = session.get(Proposal, make_proposal(app, sessions, email))
        proposal.published_at = proposal.created_at
        session.commit()


@pytest.mark.parametrize("account", ROLES)
def test_api_holds_to_its_document(app, sample, sessions, account):
    """Tests that no generated call answers 5xx or strays from the OpenAPI document."""
    if account in ("coordinator", "school"):
        _publish_a_proposal(app, sessions, sample["coordinator"])
    with sessions() as session:
        token = create_token(session, sample[account], "schemathesis")
        session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18
    calls: Counter = Counter()

    def run(strategy, examples: int) -> None:
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def call(case) -> None:
            # The document declares bearer auth, so schemathesis makes up tokens too: valid
            # cases carry the role's token; invalid ones may keep a made-up one (must be 401).
            negative = case.meta is not None and case.meta.generation.mode.is_negative
            if not (negative and "Authorization" in (case.headers or {})):
                case.headers = {**(case.headers or {}), **headers}
            response = case.call()
            calls[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

        call()

    for operation in operations:
        admitted = account in operation.definition.raw["x-roles"]
        # The document's own examples first (a valid request, job or answer), then generated
        # valid and invalid data.
        for explicit in schema.get_strategies_from_examples(operation):
            run(explicit, 1)
        generated = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )
        run(generated, ADMITTED_EXAMPLES if admitted else REFUSED_EXAMPLES)
    assert calls and max(calls) < 500
    print(f"schemathesis {account}: {len(operations)} operations, {calls.total()} calls {calls}")
