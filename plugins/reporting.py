"""Built-in plugin: the ``reporting`` area, financial reports (Code II.C) and professional and
organizational communication (Code II.B).

The module brings its facts class, its evaluator hook spec (``ala_policy_evaluate_reporting``,
added through ``ala_policy_addhooks``), the area and the evaluator. The clauses it cites come
from the Code of Professional Responsibility, which the built-in ``ala_policies`` plugin
registers.

Readings of Code II.C ("Report financial information promptly, completely and accurately,
and in a manner that facilitates informed decision making") and II.B ("Be truthful and
forthright in all forms of professional and organizational communication"):

* A ``financial_report`` is held to all four facts: ``truthful``, ``complete``, ``prompt``
  and ``accurate``. Any of them false is ``prohibited`` under II.C, and under II.B as well
  when it is ``truthful`` or ``complete`` that is false (``reporting.financial-report-faulty``);
  the decision stands whatever the other facts are. All four true is ``permitted``, citing
  II.C and II.B (``reporting.financial-report``). Otherwise (none false, some unknown) it is
  ``indeterminate`` on exactly the unknown ones (``reporting.financial-report-unknown``).
* A ``professional_communication`` or ``organizational_communication`` is held to
  ``truthful`` and ``complete`` (forthright) under II.B: either false is ``prohibited``
  (``reporting.communication-not-forthright``), both true ``permitted``
  (``reporting.communication``), otherwise ``indeterminate`` on the unknown ones
  (``reporting.communication-unknown``). ``prompt`` and ``accurate`` are II.C's words for
  financial information: for a communication they are neither read nor mentioned.

No fact is taken as false, or as true, when it is not given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from ala_policy import Area, Decision, Ruling, hookimpl, hookspec, make_ruling, unknown_facts
from ala_policy.plugins._common import FINANCIAL_REPORTING, TRUTHFUL

if TYPE_CHECKING:
    import pluggy

    from ala_policy import PolicyView, Scenario

__all__ = ["ReportingFacts", "ReportingHooks"]

Kind = Literal["financial_report", "professional_communication", "organizational_communication"]

#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "reporting.financial-report-faulty": (FINANCIAL_REPORTING, TRUTHFUL),
    "reporting.financial-report-unknown": (FINANCIAL_REPORTING, TRUTHFUL),
    "reporting.financial-report": (FINANCIAL_REPORTING, TRUTHFUL),
    "reporting.communication-not-forthright": (TRUTHFUL,),
    "reporting.communication-unknown": (TRUTHFUL,),
    "reporting.communication": (TRUTHFUL,),
}

#: The facts a financial report is held to, in order, with how a reason names each one
#: that is false.
FINANCIAL_FACTS: tuple[tuple[str, str], ...] = (
    ("truthful", "contains something false or misleading"),
    ("complete", "holds back something material"),
    ("prompt", "was not given when due"),
    ("accurate", "has figures that are wrong"),
)
#: The facts a communication is held to (II.B), named the same way.
COMMUNICATION_FACTS = FINANCIAL_FACTS[:2]
#: The facts whose falsity is also a breach of II.B.
_FORTHRIGHT = frozenset({"truthful", "complete"})

_KIND: Mapping[str, str] = {
    "financial_report": "A financial report",
    "professional_communication": "A professional communication",
    "organizational_communication": "An organizational communication",
}


@attrs.frozen(kw_only=True)
class ReportingFacts:
    """Facts of the ``reporting`` area (Code II.C, II.B)."""

    kind: Kind = attrs.field(
        metadata={
            "doc": "what is reported or communicated: financial_report, "
            "professional_communication or organizational_communication"
        }
    )
    truthful: bool | None = attrs.field(
        default=None, metadata={"doc": "nothing in it is false or misleading"}
    )
    complete: bool | None = attrs.field(
        default=None,
        metadata={"doc": "nothing material is held back (forthright; completely)"},
    )
    prompt: bool | None = attrs.field(
        default=None,
        metadata={"doc": "given when due, without delay (financial reports only)"},
    )
    accurate: bool | None = attrs.field(
        default=None, metadata={"doc": "the figures are right (financial reports only)"}
    )


class ReportingHooks:
    """The evaluator hook of the ``reporting`` area."""

    @hookspec
    def ala_policy_evaluate_reporting(
        self, scenario: Scenario, facts: ReportingFacts, policy: PolicyView
    ) -> Ruling | Iterable[Ruling] | None:
        """Decide the ``reporting`` section of a scenario (Code II.C, II.B).

        :param scenario: the validated scenario.
        :param facts: its ``reporting`` section.
        :param policy: the policy corpus as of the scenario's date.
        :returns: a ruling, several, or ``None``.
        """


@hookimpl
def ala_policy_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Declare the evaluator hook of the ``reporting`` area."""
    pluginmanager.add_hookspecs(ReportingHooks)


@hookimpl
def ala_policy_register_areas(register: Callable[[Area], None]) -> None:
    """Register the ``reporting`` area."""
    register(
        Area(
            name="reporting",
            facts=ReportingFacts,
            hook="ala_policy_evaluate_reporting",
            title="Reporting and communication",
            description="Reporting financial information promptly, completely and accurately "
            "(Code II.C), and being truthful and forthright in professional and organizational "
            "communication (Code II.B).",
        )
    )


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


@hookimpl
def ala_policy_evaluate_reporting(
    scenario: Scenario, facts: ReportingFacts, policy: PolicyView
) -> Ruling:
    """Decide a financial report or a professional or organizational communication."""
    if facts.kind == "financial_report":
        return _financial_report(facts)
    return _communication(facts)


def _failed(facts: ReportingFacts, held_to: tuple[tuple[str, str], ...]) -> list[str]:
    """The names of the facts in ``held_to`` that are false."""
    return [name for name, _ in held_to if getattr(facts, name) is False]


def _financial_report(facts: ReportingFacts) -> Ruling:
    """II.C (and II.B): promptly, completely, accurately, and truthfully."""
    names = [name for name, _ in FINANCIAL_FACTS]
    used = ("reporting.kind", *(f"reporting.{name}" for name in names))
    failed = _failed(facts, FINANCIAL_FACTS)
    if failed:
        forthright = any(name in _FORTHRIGHT for name in failed)
        also = ", and truthfully and forthrightly (Code II.B)" if forthright else ""
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="Financial information must be reported promptly, completely and "
            "accurately, in a manner that facilitates informed decision making (Code II.C)"
            f"{also}; this financial report {_join(_phrases(failed))}.",
            cites=(FINANCIAL_REPORTING, TRUTHFUL) if forthright else (FINANCIAL_REPORTING,),
            rule="reporting.financial-report-faulty",
            facts_used=used,
        )
    missing = unknown_facts(facts, "reporting", *names)
    if missing:
        return Ruling.unknown(
            "A financial report must be truthful and forthright (Code II.B) and given "
            "promptly, completely and accurately (Code II.C); nothing given shows it falls "
            "short, but not every one of these is stated.",
            missing=missing,
            cites=(FINANCIAL_REPORTING, TRUTHFUL),
            rule="reporting.financial-report-unknown",
            facts_used=used,
        )
    return make_ruling(
        decision=Decision.PERMITTED,
        reason="The financial report is truthful, complete, given when due and accurate: "
        "financial information reported promptly, completely and accurately (Code II.C), and "
        "truthfully and forthrightly (Code II.B).",
        cites=(FINANCIAL_REPORTING, TRUTHFUL),
        rule="reporting.financial-report",
        facts_used=used,
    )


def _communication(facts: ReportingFacts) -> Ruling:
    """II.B: truthful and forthright in all professional and organizational communication."""
    what = _KIND[facts.kind]
    names = [name for name, _ in COMMUNICATION_FACTS]
    used = ("reporting.kind", *(f"reporting.{name}" for name in names))
    failed = _failed(facts, COMMUNICATION_FACTS)
    if failed:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason="The Code asks you to be truthful and forthright in all forms of "
            f"professional and organizational communication (Code II.B); this {_lower(what)} "
            f"{_join(_phrases(failed))}.",
            cites=(TRUTHFUL,),
            rule="reporting.communication-not-forthright",
            facts_used=used,
        )
    missing = unknown_facts(facts, "reporting", *names)
    if missing:
        return Ruling.unknown(
            f"{what} must be truthful and forthright (Code II.B): nothing in it false or "
            "misleading, and nothing material held back; nothing given shows it falls short, "
            "but not both are stated.",
            missing=missing,
            cites=(TRUTHFUL,),
            rule="reporting.communication-unknown",
            facts_used=used,
        )
    return make_ruling(
        decision=Decision.PERMITTED,
        reason=f"{what} in which nothing is false or misleading and nothing material is held "
        "back is truthful and forthright, as the Code asks (Code II.B).",
        cites=(TRUTHFUL,),
        rule="reporting.communication",
        facts_used=used,
    )


def _phrases(failed: list[str]) -> list[str]:
    named = dict(FINANCIAL_FACTS)
    return [named[name] for name in failed]


def _lower(what: str) -> str:
    """``A financial report`` -> ``financial report`` (after "this")."""
    return what.split(" ", 1)[1]


def _join(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]
