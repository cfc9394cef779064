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
