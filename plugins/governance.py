"""Built-in plugin: the ``governance`` area (Code II.D, II.E and III.D).

The administrator's duties to put policies in place in the legal organization: "Implement
policies and procedures to address professional responsibility, business ethics and conduct"
(II.D), "Establish an appropriate grievance and appeals process tailored to the legal
organization's size and structure" (II.E) and "Ensure the existence of policies and
procedures to provide quality client service" (III.D). The module brings its facts class,
its evaluator hook spec (``ala_policy_evaluate_governance``, added through
``ala_policy_addhooks``), the area and the evaluator; the clauses it cites come from the
built-in ``ala_policies`` plugin.

Each fact is about the actor's legal organization, and a section gives only the facts its
question is about: a fact left out is outside the question, not a duty taken as met or
unmet. A section is one finding, citing the clauses of the duties it is about, in the order
II.D, II.E, III.D. Readings, in order:

* any duty given as not met is ``prohibited`` (the Code says implement, establish, ensure),
  and the reason names every duty not met: ``ethics_policies`` false (II.D),
  ``grievance_process`` false (II.E), a grievance process that is not tailored to the
  organization's size and structure (``grievance_process_fits`` false, II.E),
  ``client_service_policies`` false (III.D). ``grievance_process_fits: false`` with
  ``grievance_process`` left out is prohibited too: with or without a process, there is no
  process tailored to the organization, so II.E is not met either way;
* ``grievance_process_fits: true`` with ``grievance_process`` left out is ``indeterminate``
  on ``governance.grievance_process`` (a tailored process needs a process; the engine does
  not guess that there is one);
* a section that gives none of ``ethics_policies``, ``grievance_process`` and
  ``client_service_policies`` (nor ``grievance_process_fits``) is ``indeterminate`` and
  lists the three; ``grievance_process_fits`` is never listed, since it matters only once
  ``grievance_process`` is true;
* a grievance process whose fit is not given is ``conditional`` on tailoring it to the
  organization's size and structure (II.E);
* every duty given as met is ``permitted``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from ala_policy import Area, Decision, Ruling, hookimpl, hookspec, make_ruling
from ala_policy.plugins._common import CLIENT_SERVICE, ETHICS_POLICIES, GRIEVANCE_PROCESS

if TYPE_CHECKING:
    import pluggy

    from ala_policy import PolicyView, Scenario

__all__ = ["RULES", "TAILOR", "GovernanceFacts", "GovernanceHooks"]

AREA = "governance"

ETHICS = f"{AREA}.ethics_policies"
GRIEVANCE = f"{AREA}.grievance_process"
FITS = f"{AREA}.grievance_process_fits"
CLIENTS = f"{AREA}.client_service_policies"

#: Every clause this area may cite, in the order a finding cites them.
_CLAUSES = (ETHICS_POLICIES, GRIEVANCE_PROCESS, CLIENT_SERVICE)

#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "governance.duties-not-met": _CLAUSES,
    "governance.grievance-process-unknown": _CLAUSES,
    "governance.nothing-given": _CLAUSES,
    "governance.grievance-process-fit-unknown": _CLAUSES,
    "governance.duties-met": _CLAUSES,
}

#: The duty a grievance process of unknown fit leaves (its wording: policies/code.yaml).
TAILOR = "code/tailor-grievance-process"


@attrs.frozen(kw_only=True)
class GovernanceFacts:
    """Facts of the ``governance`` area (Code II.D, II.E, III.D): each about the actor's legal
    organization; leave out what the question is not about."""

    ethics_policies: bool | None = attrs.field(
        default=None,
        metadata={
            "doc": "the organization's policies and procedures address professional "
            "responsibility, business ethics and conduct (Code II.D)",
            "omitted": "not asked",
        },
    )
    grievance_process: bool | None = attrs.field(
        default=None,
        metadata={
            "doc": "the organization has a grievance and appeals process (Code II.E)",
            "omitted": "not asked",
        },
    )
    grievance_process_fits: bool | None = attrs.field(
        default=None,
        metadata={
            "doc": "the grievance and appeals process is tailored to the organization's size "
            "and structure (Code II.E)",
            "omitted": "not asked",
        },
    )
    client_service_policies: bool | None = attrs.field(
        default=None,
        metadata={
            "doc": "the organization's policies and procedures provide quality client service "
            "(Code III.D)",
            "omitted": "not asked",
        },
    )


class GovernanceHooks:
    """The evaluator hook of the ``governance`` area."""

    @hookspec
    def ala_policy_evaluate_governance(
        self, scenario: Scenario, facts: GovernanceFacts, policy: PolicyView
    ) -> Ruling | Iterable[Ruling] | None:
        """Decide the ``governance`` section of a scenario (Code II.D, II.E, III.D).

        :param scenario: the validated scenario.
        :param facts: its ``governance`` section.
        :param policy: the policy corpus as of the scenario's date.
        :returns: a ruling, several, or ``None``.
        """


@hookimpl
def ala_policy_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Declare the evaluator hook of the ``governance`` area."""
    pluginmanager.add_hookspecs(GovernanceHooks)


@hookimpl
def ala_policy_register_areas(register: Callable[[Area], None]) -> None:
    """Register the ``governance`` area."""
    register(
        Area(
            name=AREA,
            facts=GovernanceFacts,
            hook="ala_policy_evaluate_governance",
            title="Governance policies",
            description="The administrator's duties to put policies in place in the legal "
            "organization: policies and procedures on professional responsibility, business "
            "ethics and conduct (Code II.D), a grievance and appeals process tailored to the "
            "organization's size and structure (II.E), and policies and procedures for "
            "quality client service (III.D).",
        )
    )


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


@hookimpl
def ala_policy_evaluate_governance(
    scenario: Scenario, facts: GovernanceFacts, policy: PolicyView
) -> Ruling:
    """Decide whether the legal organization has the policies the Code asks of it."""
    ethics, grievance = facts.ethics_policies, facts.grievance_process
    fits, clients = facts.grievance_process_fits, facts.client_service_policies
    # The grievance process is in question when either of its facts is given; its fit is
    # read only where a process may exist.
    grievance_asked = grievance is not None or fits is not None
    cites: list[str] = []
    used: list[str] = []
    if ethics is not None:
        cites.append(ETHICS_POLICIES)
        used.append(ETHICS)
    if grievance_asked:
        cites.append(GRIEVANCE_PROCESS)
        used.append(GRIEVANCE)
        if grievance is not False:
            used.append(FITS)
    if clients is not None:
        cites.append(CLIENT_SERVICE)
        used.append(CLIENTS)

    unmet: list[str] = []
    if ethics is False:
        unmet.append(
            "it has no policies and procedures addressing professional responsibility, "
            "business ethics and conduct, which Code II.D says to implement"
        )
    if grievance is False:
        unmet.append("it has no grievance and appeals process, which Code II.E says to establish")
    elif fits is False:
        unmet.append(
            (
                "its grievance and appeals process is not tailored to its size and structure"
                if grievance
                else "it has no grievance and appeals process tailored to its size and structure"
            )
            + ", as Code II.E requires"
        )
    if clients is False:
        unmet.append(
            "it does not have policies and procedures to provide quality client service, "
            "whose existence Code III.D says to ensure"
        )
    if unmet:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="The legal organization does not meet the Code's governance duties: "
            + _join(unmet)
            + ".",
            cites=tuple(cites),
            rule="governance.duties-not-met",
            facts_used=tuple(used),
        )
    if grievance is None and fits:
        return Ruling.unknown(
            "The grievance and appeals process is said to be tailored to the legal "
            "organization's size and structure, but whether the organization has established "
            "one is not given; Code II.E says to establish it.",
            missing=(GRIEVANCE,),
            cites=tuple(cites),
            rule="governance.grievance-process-unknown",
            facts_used=tuple(used),
        )
    if not cites:
        return Ruling.unknown(
            "The governance duties are to implement policies and procedures addressing "
            "professional responsibility, business ethics and conduct (Code II.D), to "
            "establish a grievance and appeals process tailored to the legal organization's "
            "size and structure (Code II.E) and to ensure policies and procedures for quality "
            "client service (Code III.D); the section gives none of them.",
            missing=(ETHICS, GRIEVANCE, CLIENTS),
            cites=_CLAUSES,
            rule="governance.nothing-given",
            facts_used=(ETHICS, GRIEVANCE, CLIENTS),
        )
    met = _met(ethics=ethics, grievance=grievance, fits=fits, clients=clients)
    if grievance and fits is None:
        return make_ruling(
            decision=Decision.CONDITIONAL,
            reason=f"The legal organization {met}. Code II.E asks for one tailored to the "
            "organization's size and structure, and whether it is tailored is not given, so "
            "tailoring it remains a duty.",
            cites=tuple(cites),
            duties=(TAILOR,),
            rule="governance.grievance-process-fit-unknown",
            facts_used=tuple(used),
        )
    return make_ruling(
        decision=Decision.PERMITTED,
        reason=f"The legal organization {met}, as the Code asks.",
        cites=tuple(cites),
        rule="governance.duties-met",
        facts_used=tuple(used),
    )


def _met(
    *, ethics: bool | None, grievance: bool | None, fits: bool | None, clients: bool | None
) -> str:
    """How a reason names the duties given as met (at least one)."""
    met: list[str] = []
    if ethics:
        met.append(
            "has policies and procedures addressing professional responsibility, business "
            "ethics and conduct (Code II.D)"
        )
    if grievance:
        tailored = " tailored to its size and structure" if fits else ""
        met.append(f"has established a grievance and appeals process{tailored} (Code II.E)")
    if clients:
        met.append("has policies and procedures to provide quality client service (Code III.D)")
    return _join(met)


def _join(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return "; ".join(phrases[:-1]) + "; and " + phrases[-1]
