"""Pure integer model of the pooling problem: Instance -> Solution.

This package knows nothing of dates, kilometres, course codes or Denmark. It sees demands
(groups of learners), offers (holds that may open, possibly several in parallel) and arcs
(which demand may go to which offer, at what cost per learner). It is not the place for
validation of user input or for explanations; `pooling` does both.
"""

from solver.greedy import solve_greedy
from solver.instance import Arc, Demand, Instance, Offer
from solver.solution import Assignment, OpenHold, Solution, Status
from solver.solve import METHODS, PartReport, Progress, SolveOptions, SolveReport, solve
from solver.verify import verify_solution

__all__ = [
    "METHODS",
    "Arc",
    "Assignment",
    "Demand",
    "Instance",
    "Offer",
    "OpenHold",
    "PartReport",
    "Progress",
    "Solution",
    "SolveOptions",
    "SolveReport",
    "Status",
    "solve",
    "solve_greedy",
    "verify_solution",
]
