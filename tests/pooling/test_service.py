"""Tests of the service's summary figures: the cost in parts and the greedy baseline."""

from pooling.service import ProposeOptions, propose
from pooling.validation import load_scenario
from tests.pooling.test_fixes import SAMPLE


def test_cost_parts_add_up_and_guaranteed_holds_show_their_price():
    """Tests that hold prices, travel and waiting add up to the cost; guaranteed shown apart."""
    p = propose(load_scenario(SAMPLE), ProposeOptions(time_limit_s=10, workers=1))
    assert p.hold_prices_dkk + p.travel_cost_dkk + p.waiting_cost_dkk == p.cost_dkk
    assert p.hold_prices_dkk == sum(c.price_dkk for c in p.cohorts if not c.guaranteed)
    guaranteed = [c for c in p.cohorts if c.guaranteed]
    assert guaranteed and all(c.price_dkk > 0 for c in guaranteed)
    assert p.guaranteed_prices_dkk == sum(c.price_dkk for c in guaranteed)
    assert p.travel_cost_dkk > 0 and p.waiting_cost_dkk >= 0 and p.waiting_days >= 0
    assert p.greedy_learners_placed is not None
    assert p.greedy_learners_placed <= p.learners_placed


def test_fix_checks_get_what_is_left_before_the_deadline():
    """Tests the time left for fix checks: the settings' own, none past the deadline."""
    import time

    from pooling.service import check_seconds, prepare
    from pooling.settings import Settings

    options = ProposeOptions(time_limit_s=10, workers=1)
    prepared = prepare(load_scenario(SAMPLE), options)
    assert check_seconds(prepared, options, time.monotonic() - 1) == 0
    assert 0 < check_seconds(prepared, options, time.monotonic() + 5) < 5
    assert check_seconds(prepared, options, None) == 10
    own = ProposeOptions(time_limit_s=10, settings=Settings(fix_check_seconds=7))
    assert check_seconds(prepared, own, time.monotonic() - 1) == 7


def test_a_proposal_out_of_time_marks_its_fixes_unchecked():
    """Tests that when the time limit is spent before fix checks, fixes show unchecked."""
    import time

    p = propose(
        load_scenario(SAMPLE),
        ProposeOptions(time_limit_s=1, workers=1),
        started=time.monotonic() - 60,
    )
    fixes = [u.fix_change for u in p.unplaced if u.fix_change is not None]
    assert fixes and not any(f.checked for f in fixes)
    assert all(f.note for f in fixes)
