"""Clause ids and duty texts that several built-in evaluators share.

One place for each, so that the same duty reads the same in every area that imposes it (a
newsletter's opt-out duty is the same whether it is declared under ``directory_use`` or
``solicitation``). The readings themselves are in docs/scenarios.md, "Areas, facts and
readings".
"""

from __future__ import annotations

# -- ALA Code of Professional Responsibility ---------------------------------------------------

SOUND_PRACTICES = "code/II.A"
TRUTHFUL = "code/II.B"
FINANCIAL_REPORTING = "code/II.C"
ETHICS_POLICIES = "code/II.D"
GRIEVANCE_PROCESS = "code/II.E"
WORK_ENVIRONMENT = "code/II.F"
CONFLICTS = "code/III.B"
GIFTS = "code/III.C"
CLIENT_SERVICE = "code/III.D"
CONFIDENTIAL = "code/III.E"

# -- Member-to-Member Nonsolicitation Policy and the Member Directory terms --------------------

PREAMBLE = "nonsolicitation/preamble"
Q1 = "nonsolicitation/q1"
Q2 = "nonsolicitation/q2"
Q3 = "nonsolicitation/q3"
Q4 = "nonsolicitation/q4"
Q5 = "nonsolicitation/q5"
Q6 = "nonsolicitation/q6"
Q7 = "nonsolicitation/q7"
Q8 = "nonsolicitation/q8"
TERMS = "nonsolicitation/directory-terms"

#: Relationships that count as "established a direct relationship" (Q8, with Q2).
DIRECT = frozenset({"direct", "requested_followup", "expressed_interest"})

#: How a reason names the actor's relationship with the recipients of a mailing.
RELATIONSHIP = {
    "direct": "with whom you have a direct relationship",
    "requested_followup": "who requested the follow-up",
    "expressed_interest": "who expressed interest in hearing from you",
    "met": "whom you have only met",
    "none": "with whom you have no relationship",
}

# -- Duties: the conditions of conditional findings ----------------------------------------
# Their wording is policy data (the ``duties`` of each document's edition, in policies/);
# a ruling names them in ``Ruling(duties=...)`` and the kernel quotes them.

#: A newsletter's standing duty (Q2), whichever area declares the mailing.
OPT_OUT = "nonsolicitation/opt-out"
#: The terms' duty, where whether directory content is copied is not given.
NO_COPYING = "nonsolicitation/no-copying"
#: The terms' duty, where whether a directory mailing or contact includes solicitation is
#: not given (Q7's wording for a mutual business issue or advice, below).
NO_SOLICITATION = "nonsolicitation/no-solicitation"
#: Q7's duty, where whether a contact is used to market or sell is not given.
NOT_TO_MARKET = "nonsolicitation/not-to-market"
