"""Pure integer model of the pooling problem: Instance -> Solution.

This package knows nothing of dates, kilometres, course codes or Denmark. It sees demands
(groups of learners), offers (holds that may open, possibly several in parallel) and arcs
(which demand may go to which offer, at what cost per learner). It is not the place for
validation of user input or for explanations; `pooling` does both.
"""

from solver.instance import Arc, Demand, Instance, Offer
from solver.solution import Assignment, OpenHold, Solution, Status

__all__ = [
    "Arc",
    "Assignment",
    "Demand",
    "Instance",
    "Offer",
    "OpenHold",
    "Solution",
    "Status",
]
