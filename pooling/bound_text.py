"""What the placement bound means, in words: "at most N more learners could be placed".

For the CLI and the web to show under a proposal. The number is the proposal's bound on the
learners any plan could place (`Proposal.learners_bound`, from `solver.bound`) less the
learners placed. This module only words it; it computes no bound.
"""

from __future__ import annotations

from pooling.domain import Proposal
from pooling.i18n import _, ngettext


def more_learners(proposal: Proposal) -> int | None:
    """How many more learners any plan could place at most (None if no bound was computed)."""
    if proposal.learners_bound is None:
        return None
    return max(0, proposal.learners_bound - proposal.learners_placed)


def more_learners_text(proposal: Proposal) -> str | None:
    """The bound in words, in the current language; None if no bound was computed."""
    n = more_learners(proposal)
    if n is None:
        return None
    if n == 0:
        return _("No plan could place more learners.")
    return ngettext(
        "At most {n} more learner could be placed.",
        "At most {n} more learners could be placed.",
        n,
    ).format(n=n)
