"""Built-in plugin: registers the design card's four policy areas.

The core defines their evaluator hooks (``ala_policy.hookspecs``) and facts classes
(``ala_policy.facts``); this plugin registers them as areas, the way any plugin registers an
area, so they can be listed and blocked by name like every other plugin. It decides
nothing: the evaluator plugins (``gift``, ``conflict_of_interest``, ``directory_use``,
``solicitation``) implement the hooks.
"""

from __future__ import annotations

from collections.abc import Callable

from ala_policy import (
    Area,
    ConflictOfInterestFacts,
    DirectoryUseFacts,
    GiftFacts,
    SolicitationFacts,
    hookimpl,
)

# The facts classes used to live here; they are the kernel's now, and stay importable from
# this module for plugins written against it.
__all__ = [
    "ConflictOfInterestFacts",
    "DirectoryUseFacts",
    "GiftFacts",
    "SolicitationFacts",
]


@hookimpl
def ala_policy_register_areas(register: Callable[[Area], None]) -> None:
    """Register the four areas of the design card."""
    register(
        Area(
            name="gift",
            facts=GiftFacts,
            hook="ala_policy_evaluate_gift",
            title="Gift acceptance",
            description="Fees, commissions, gifts, gratuities, discounts and loans "
            "(Code III.C; III.B for the appearance of a conflict).",
        )
    )
    register(
        Area(
            name="conflict_of_interest",
            facts=ConflictOfInterestFacts,
            hook="ala_policy_evaluate_conflict_of_interest",
            title="Conflict of interest",
            description="Actual and apparent conflicts, disclosure, recusal, and the use of "
            "confidential information (Code III.B, III.E).",
        )
    )
    register(
        Area(
            name="directory_use",
            facts=DirectoryUseFacts,
            hook="ala_policy_evaluate_directory_use",
            title="Member Directory use",
            description="What the Member Directory may be used for (Nonsolicitation "
            "preamble, Q3, Q5, Q8, and the Directory terms of use).",
        )
    )
    register(
        Area(
            name="solicitation",
            facts=SolicitationFacts,
            hook="ala_policy_evaluate_solicitation",
            title="Solicitation of members",
            description="Networking versus solicitation among members (Nonsolicitation "
            "preamble, Q1, Q2, Q4, Q6, Q7, Q8).",
        )
    )
