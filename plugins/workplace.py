"""Built-in plugin: the ``workplace`` area, the work environment of Code II.F (and II.A).

The module brings its facts class, its evaluator hook spec (``ala_policy_evaluate_workplace``,
added through ``ala_policy_addhooks``), the area and the evaluator. The clauses it cites come
from the Code of Professional Responsibility, which the built-in ``ala_policies`` plugin
registers.

Readings of Code II.F ("Promote a work environment that does not discriminate, intimidate or
allow harassment based on ... legally protected characteristics") and II.A ("... where all
employees can develop, contribute and prosper"):

* ``discriminates``, ``intimidates``, ``harasses`` or ``tolerates`` (knowing of such conduct
  by others and letting it go on: *allowing* it) on a protected basis (every ``basis`` but
  ``not_protected``) is ``prohibited`` under II.F (``workplace.protected-basis``).
* ``intimidates``, ``harasses`` or ``tolerates`` on a ``not_protected`` or unknown basis is
  ``prohibited`` under II.A, and II.F is cited with it: it reaches the conduct whenever the
  basis turns out to be protected. Every value of an unknown basis gives the same decision,
  so the basis is not a missing fact (``workplace.hostile-environment``).
* ``discriminates`` on a ``not_protected`` basis is ``not_applicable``: II.F reaches
  protected characteristics only (``workplace.unprotected-basis``). On an unknown basis it is
  ``indeterminate`` on ``workplace.basis`` (``workplace.basis-unknown``).
* ``addresses`` (investigating or stopping such conduct) is ``permitted`` whatever the basis:
  it is what II.F asks, through the policies and procedures of II.D (``workplace.addresses``).

``affects`` (default ``employees``) only enters the wording of the reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from ala_policy import Area, Decision, Ruling, hookimpl, hookspec, make_ruling
from ala_policy.plugins._common import ETHICS_POLICIES, SOUND_PRACTICES, WORK_ENVIRONMENT

if TYPE_CHECKING:
    import pluggy

    from ala_policy import PolicyView, Scenario

__all__ = ["WorkplaceFacts", "WorkplaceHooks"]

Conduct = Literal["discriminates", "intimidates", "harasses", "tolerates", "addresses"]
Basis = Literal[
    "race",
    "color",
    "ethnicity",
    "national_origin",
    "gender",
    "age",
    "religion",
    "disability",
    "veterans_status",
    "marital_status",
    "sexual_orientation",
    "other_protected",
    "not_protected",
]
Affects = Literal["employees", "applicants", "clients", "vendors", "others"]

#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "workplace.protected-basis": (WORK_ENVIRONMENT,),
    "workplace.hostile-environment": (SOUND_PRACTICES, WORK_ENVIRONMENT),
    "workplace.unprotected-basis": (WORK_ENVIRONMENT,),
    "workplace.basis-unknown": (WORK_ENVIRONMENT,),
    "workplace.addresses": (WORK_ENVIRONMENT, ETHICS_POLICIES),
}

#: How a reason names each basis (II.F's own words where it has them).
BASIS: Mapping[str, str] = {
    "race": "race",
    "color": "color",
    "ethnicity": "ethnicity",
    "national_origin": "national origin",
    "gender": "gender",
    "age": "age",
    "religion": "religion",
    "disability": "disability",
    "veterans_status": "veteran's status",
    "marital_status": "marital status",
    "sexual_orientation": "sexual orientation",
    "other_protected": "another legally protected characteristic",
}

_AFFECTS: Mapping[str, str] = {
    "employees": "employees",
    "applicants": "job applicants",
    "clients": "clients",
    "vendors": "vendors",
    "others": "others",
}

#: What the actor does, as the subject of a reason's sentence: ``{who}`` is who is affected,
#: ``{on}`` the basis (" based on age", or nothing).
_CONDUCT: Mapping[str, str] = {
    "discriminates": "Treating {who} differently{on}",
    "intimidates": "Intimidating {who}{on}",
    "harasses": "Harassing {who}{on}",
    "tolerates": "Knowing that others discriminate against, intimidate or harass {who}{on} "
    "and letting it go on",
}


@attrs.frozen(kw_only=True)
class WorkplaceFacts:
    """Facts of the ``workplace`` area (Code II.F, and II.A)."""

    conduct: Conduct = attrs.field(
        metadata={
            "doc": "what the actor does: treats people differently (discriminates), "
            "intimidates, harasses; tolerates: knows of such conduct by others and lets it go "
            "on; addresses: acts on it (investigates, stops it)"
        }
    )
    basis: Basis | None = attrs.field(
        default=None,
        metadata={
            "doc": "the characteristic the conduct is based on: one II.F names, "
            "other_protected (another legally protected characteristic) or not_protected"
        },
    )
    affects: Affects = attrs.field(
        default="employees",
        metadata={
            "doc": "who is affected: employees, applicants, clients, vendors or others "
            "(default employees)"
        },
    )


class WorkplaceHooks:
    """The evaluator hook of the ``workplace`` area."""

    @hookspec
    def ala_policy_evaluate_workplace(
        self, scenario: Scenario, facts: WorkplaceFacts, policy: PolicyView
    ) -> Ruling | Iterable[Ruling] | None:
        """Decide the ``workplace`` section of a scenario (Code II.F, and II.A).

        :param scenario: the validated scenario.
        :param facts: its ``workplace`` section.
        :param policy: the policy corpus as of the scenario's date.
        :returns: a ruling, several, or ``None``.
        """


@hookimpl
def ala_policy_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Declare the evaluator hook of the ``workplace`` area."""
    pluginmanager.add_hookspecs(WorkplaceHooks)


@hookimpl
def ala_policy_register_areas(register: Callable[[Area], None]) -> None:
    """Register the ``workplace`` area."""
    register(
        Area(
            name="workplace",
            facts=WorkplaceFacts,
            hook="ala_policy_evaluate_workplace",
            title="Work environment",
            description="Discrimination, intimidation and harassment in the work environment, "
            "and tolerating or addressing them (Code II.F, and II.A).",
        )
    )


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


@hookimpl
def ala_policy_evaluate_workplace(
    scenario: Scenario, facts: WorkplaceFacts, policy: PolicyView
) -> Ruling:
    """Decide conduct that bears on the work environment."""
    who = _AFFECTS[facts.affects]
    if facts.conduct == "addresses":
        return make_ruling(
            decision=Decision.PERMITTED,
            reason="Acting on discrimination, intimidation or harassment affecting "
            f"{who} (investigating it, stopping it) is what the Code asks: promote a work "
            "environment that does not discriminate, intimidate or allow harassment (Code II.F), "
            "through policies and procedures that address professional responsibility, "
            "business ethics and conduct (Code II.D).",
            cites=(WORK_ENVIRONMENT, ETHICS_POLICIES),
            rule="workplace.addresses",
            facts_used=("workplace.conduct", "workplace.affects"),
        )
    used = ("workplace.conduct", "workplace.basis", "workplace.affects")
    basis = facts.basis
    if basis is not None and basis != "not_protected":
        what = BASIS[basis]
        conduct = _CONDUCT[facts.conduct].format(who=who, on=f" based on {what}")
        allowing = " is allowing it, which" if facts.conduct == "tolerates" else ""
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{conduct}{allowing} is what the Code forbids: a legal administrator must "
            "promote a work environment that does not discriminate, intimidate or allow "
            f"harassment based on {what} (Code II.F).",
            cites=(WORK_ENVIRONMENT,),
            rule="workplace.protected-basis",
            facts_used=used,
        )
    on = "" if basis is None else " on a basis that is not a legally protected characteristic"
    conduct = _CONDUCT[facts.conduct].format(who=who, on=on)
    if facts.conduct != "discriminates":
        if basis is None:
            why = (
                "The characteristic it is based on is not given, and it makes no difference "
                "to the decision: based on a legally protected characteristic, it is also what "
                "Code II.F forbids."
            )
        else:
            why = (
                "Code II.F, which reaches legally protected characteristics, does not decide "
                "it, but II.A does."
            )
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=f"{conduct} is contrary to the environment the Code asks you to foster, one "
            "where all employees can develop, contribute and prosper (Code II.A). " + why,
            cites=(SOUND_PRACTICES, WORK_ENVIRONMENT),
            rule="workplace.hostile-environment",
            facts_used=used,
        )
    if basis == "not_protected":
        return make_ruling(
            decision=Decision.NOT_APPLICABLE,
            reason=f"{conduct} is not what Code II.F addresses: it forbids discrimination "
            "based on race, color, ethnicity, national origin, gender, age, religion, "
            "disability, veteran's status, marital status, sexual orientation or other legally "
            "protected characteristics.",
            cites=(WORK_ENVIRONMENT,),
            rule="workplace.unprotected-basis",
            facts_used=used,
        )
    return Ruling.unknown(
        f"{conduct} is discrimination Code II.F forbids when it is based on a legally "
        "protected characteristic, and not what II.F addresses otherwise; the characteristic "
        "it is based on is not given.",
        missing=("workplace.basis",),
        cites=(WORK_ENVIRONMENT,),
        rule="workplace.basis-unknown",
        facts_used=used,
    )
