"""Built-in plugin: the ``certification`` area, ALA's Certified Legal Manager (CLM) program.

It decides, from the CLM program information (``policies/clm-certification.txt``),
whether someone may use the CLM designation (``question: use_designation``) or is eligible
to become certified (``question: eligibility``).

The module is written against the public API alone (names exported by ``ala_policy``), the
way a third-party plugin adds an area: it brings its facts class, its evaluator hook spec
(``ala_policy_evaluate_certification``, added through ``ala_policy_addhooks``), the area,
its policy document (``policies/certification.yaml``, clause ids ``certification/<local
id>``) and the evaluator. It needs one other plugin, ``ala_policies``, for the Code clause
``code/I.B`` that a misuse of the designation also cites.

Readings of the CLM program information (docs/scenarios.md, "certification"):

* Membership is never required: "ALA members or non-members" may become certified. Neither
  ``member: false`` nor an actor who is not a member (``role: non_member``,
  ``actor.member: false``) is refused for that; the reason says so whenever the actor is not
  a member.
* ``eligibility``: ``meets_eligibility_requirements: true`` is ``conditional`` (eligible to
  sit the examination) on passing the examination, until ``passed_examination`` is true,
  then ``permitted``; ``false`` is ``prohibited`` (not eligible yet: the eligibility
  requirements come first); unknown is ``indeterminate`` on
  ``certification.meets_eligibility_requirements``.
* ``use_designation``: only a person who holds the certification may use it. ``certified:
  true`` is ``permitted``; ``certified: false`` (never granted, lapsed or revoked) is
  ``prohibited``, whatever the qualifications. With ``certified`` unknown, a qualification
  the CLM program information says CLMs are recognized for (the work experience requirement,
  a commitment to continuing education, the examination) known to be lacking is
  ``prohibited``; otherwise the finding is ``indeterminate`` on ``certification.certified``
  alone (qualifications do not make a certification). A prohibited use also cites
  ``code/I.B`` (integrity) wherever the Code is in force (from 2010-01-01); the CLM program
  itself carries no date.
* ``country: canada`` or ``other`` never makes anyone ineligible. For a candidate (not
  certified and not known to have passed the examination) the finding cites
  ``certification/international`` and notes that major portions of the examination are
  based on U.S. federal law: in ``conditions`` of a ``conditional`` finding, in the reason
  of any other. ``us`` or an unknown country adds nothing and is never a missing fact.
* Every finding cites the clauses it checked: ``certification/requirements`` always;
  ``certification/definition`` and ``certification/recognition`` for the designation.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ala_policy import (
    Area,
    Decision,
    PolicyError,
    PolicyView,
    Ruling,
    Scenario,
    hookimpl,
    hookspec,
    make_ruling,
)

if TYPE_CHECKING:
    import pluggy

__all__ = ["CertificationFacts", "CertificationHooks"]

DEFINITION = "certification/definition"
RECOGNITION = "certification/recognition"
REQUIREMENTS = "certification/requirements"
INTERNATIONAL = "certification/international"
#: The Code's integrity duty, which misuse of the designation also breaches (from the
#: ``ala_policies`` plugin's Code of Professional Responsibility).
INTEGRITY = "code/I.B"

#: The package and file the policy document ships in (located without importing the package).
POLICY_PACKAGE = "ala_policy.policies"
POLICY_FILE = "certification.yaml"

#: The duties of a conditional finding (their wording: policies/certification.yaml).
EXAMINATION = "certification/pass-examination"
US_LAW = "certification/us-federal-law"
MEMBERSHIP = (
    "ALA membership is not required: ALA members or non-members may become certified "
    "(certification/requirements)."
)

Question = Literal["use_designation", "eligibility"]
Country = Literal["us", "canada", "other"]

#: The qualifications the CLM program information says CLMs are recognized for, with how a
#: reason names one that is lacking.
QUALIFICATIONS = (
    (
        "meets_eligibility_requirements",
        "you do not meet the eligibility (work experience) requirements",
    ),
    ("continuing_education", "you have not displayed a commitment to continuing education"),
    ("passed_examination", "you have not passed the certification examination"),
)


@attrs.frozen(kw_only=True)
class CertificationFacts:
    """Facts of the ``certification`` area (the CLM program information)."""

    question: Question = attrs.field(
        metadata={
            "doc": "what is asked: may the actor use the CLM designation (use_designation), "
            "or is the actor eligible to become certified (eligibility)"
        }
    )
    member: bool | None = attrs.field(
        default=None,
        metadata={"doc": "the actor is an ALA member (never required: informs the reason only)"},
    )
    meets_eligibility_requirements: bool | None = attrs.field(
        default=None,
        metadata={"doc": "the actor meets the eligibility (work experience) requirements"},
    )
    continuing_education: bool | None = attrs.field(
        default=None,
        metadata={"doc": "the actor has displayed a commitment to continuing education"},
    )
    passed_examination: bool | None = attrs.field(
        default=None,
        metadata={
            "doc": "the actor passed the certification examination given by the Association "
            "of Legal Administrators"
        },
    )
    certified: bool | None = attrs.field(
        default=None, metadata={"doc": "the actor currently holds the CLM certification"}
    )
    country: Country | None = attrs.field(
        default=None,
        metadata={"doc": "where the actor practices: us, canada or other (never required)"},
    )


class CertificationHooks:
    """The evaluator hook of the ``certification`` area."""

    @hookspec
    def ala_policy_evaluate_certification(
        self, scenario: Scenario, facts: CertificationFacts, policy: PolicyView
    ) -> Ruling | Iterable[Ruling] | None:
        """Decide the ``certification`` section of a scenario (the CLM program).

        :param scenario: the validated scenario.
        :param facts: its ``certification`` section.
        :param policy: the policy corpus as of the scenario's date.
        :returns: a ruling, several, or ``None``.
        """


@hookimpl
def ala_policy_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Declare the evaluator hook of the ``certification`` area."""
    pluginmanager.add_hookspecs(CertificationHooks)


@hookimpl
def ala_policy_register_areas(register: Callable[[Area], None]) -> None:
    """Register the ``certification`` area."""
    register(
        Area(
            name="certification",
            facts=CertificationFacts,
            hook="ala_policy_evaluate_certification",
            title="CLM certification",
            description="Using the Certified Legal Manager (CLM) designation, and eligibility "
            "to become certified (ALA CLM program information).",
        )
    )


@hookimpl
def ala_policy_register_policies(register: Callable[[Any], None]) -> None:
    """Register the ALA Certified Legal Manager (CLM) Certification document."""
    # The data sits beside the package, read by path as the built-in ``ala_policies`` plugin
    # reads it: neither importlib.resources (with its tempfile imports) nor importlib.util
    # (about 4.6 M instructions) is on the start-up path of every command.
    try:
        package = importlib.import_module(POLICY_PACKAGE)
    except ImportError:
        package = None
    origin = getattr(package, "__file__", None)
    if origin is None:
        raise PolicyError(f"cannot find the {POLICY_PACKAGE} package holding {POLICY_FILE}")
    register(Path(origin).parent / POLICY_FILE)


#: The rules of this evaluator and the clauses each may cite.
RULES: Mapping[str, tuple[str, ...]] = {
    "certification.eligibility-unknown": (REQUIREMENTS, INTERNATIONAL),
    "certification.not-eligible": (REQUIREMENTS, INTERNATIONAL),
    "certification.eligible-and-passed": (REQUIREMENTS,),
    "certification.eligible": (REQUIREMENTS, INTERNATIONAL),
    "certification.certified": (DEFINITION, RECOGNITION, REQUIREMENTS),
    "certification.not-certified": (
        DEFINITION,
        RECOGNITION,
        REQUIREMENTS,
        INTERNATIONAL,
        INTEGRITY,
    ),
    "certification.not-qualified": (
        DEFINITION,
        RECOGNITION,
        REQUIREMENTS,
        INTERNATIONAL,
        INTEGRITY,
    ),
    "certification.designation-unknown": (
        DEFINITION,
        RECOGNITION,
        REQUIREMENTS,
        INTERNATIONAL,
        INTEGRITY,
    ),
}


@hookimpl
def ala_policy_cited_clauses() -> Mapping[str, tuple[str, ...]]:
    """The rules of this evaluator and the clauses each cites."""
    return RULES


@hookimpl
def ala_policy_evaluate_certification(
    scenario: Scenario, facts: CertificationFacts, policy: PolicyView
) -> Ruling:
    """Decide whether the actor may use the CLM designation or is eligible to become certified."""
    if facts.question == "eligibility":
        return _eligibility(scenario, facts)
    return _designation(scenario, facts, policy)


def _eligibility(scenario: Scenario, facts: CertificationFacts) -> Ruling:
    used = ["certification.question", "certification.meets_eligibility_requirements"]
    notes = _Notes(scenario, facts, used)
    eligible = facts.meets_eligibility_requirements
    if eligible is None:
        return Ruling.unknown(
            notes.reason(
                "Whether you are eligible to become certified turns on whether you meet the "
                "eligibility requirements."
            ),
            cites=notes.cites(REQUIREMENTS),
            missing=("certification.meets_eligibility_requirements",),
            rule="certification.eligibility-unknown",
            facts_used=notes.used,
        )
    if not eligible:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=notes.reason(
                "You are not eligible yet: to become certified you must first meet the "
                "eligibility requirements, and then pass the certification examination."
            ),
            cites=notes.cites(REQUIREMENTS),
            rule="certification.not-eligible",
            facts_used=notes.used,
        )
    used.append("certification.passed_examination")
    if facts.passed_examination:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=notes.reason(
                "You meet the eligibility requirements and have passed the certification "
                "examination: both requirements to become certified."
            ),
            cites=notes.cites(REQUIREMENTS),
            rule="certification.eligible-and-passed",
            facts_used=notes.used,
        )
    return make_ruling(
        decision=Decision.CONDITIONAL,
        reason=notes.reason(
            "You meet the eligibility requirements, so you are eligible to sit the certification "
            "examination; passing it is what remains to become certified.",
            note_abroad=False,
        ),
        cites=notes.cites(REQUIREMENTS),
        duties=(EXAMINATION, *notes.duties()),
        rule="certification.eligible",
        facts_used=notes.used,
    )


def _designation(scenario: Scenario, facts: CertificationFacts, policy: PolicyView) -> Ruling:
    used = ["certification.question", "certification.certified"]
    notes = _Notes(scenario, facts, used)
    designation = notes.cites(DEFINITION, RECOGNITION, REQUIREMENTS)
    if facts.certified:
        return make_ruling(
            decision=Decision.PERMITTED,
            reason=notes.reason(
                "You hold the Certified Legal Manager certification, so you may use the CLM "
                "designation."
            ),
            cites=designation,
            rule="certification.certified",
            facts_used=notes.used,
        )
    # Misuse of the designation is also a matter of integrity (Code I.B), wherever the Code
    # is in force; the CLM program itself is in force always (docs/scenarios.md, "Dates").
    misuse = (*designation, INTEGRITY) if policy.edition("code") is not None else designation
    misrepresents = (
        " Using it without holding it misrepresents your credentials, which is a matter of "
        "integrity (Code I.B)."
        if INTEGRITY in misuse
        else ""
    )
    if facts.certified is False:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=notes.reason(
                "You may not use the CLM designation or present yourself as a Certified Legal "
                "Manager: you are not certified (it was never granted, or it lapsed or was "
                "revoked), and certification is the recognition the profession grants to "
                f"those who meet its qualifications.{misrepresents}"
            ),
            cites=misuse,
            rule="certification.not-certified",
            facts_used=notes.used,
        )
    used.extend(f"certification.{name}" for name, _ in QUALIFICATIONS)
    failed = [phrase for name, phrase in QUALIFICATIONS if getattr(facts, name) is False]
    if failed:
        return make_ruling(
            decision=Decision.PROHIBITED,
            reason=notes.reason(
                "You may not use the CLM designation or present yourself as a Certified Legal "
                "Manager: CLMs are recognized as administrators who have met the work "
                "experience requirement, displayed a commitment to continuing education and "
                f"passed a comprehensive examination, and {_join(failed)}.{misrepresents}"
            ),
            cites=misuse,
            rule="certification.not-qualified",
            facts_used=notes.used,
        )
    return Ruling.unknown(
        notes.reason(
            "Only a person who holds the CLM certification may use the designation, whatever "
            "qualifications they have; whether you hold it (not lapsed or revoked) is not "
            "given."
        ),
        missing=("certification.certified",),
        cites=misuse,
        rule="certification.designation-unknown",
        facts_used=notes.used,
    )


class _Notes:
    """The membership and international notes a finding carries, and the clauses they add."""

    def __init__(self, scenario: Scenario, facts: CertificationFacts, used: list[str]) -> None:
        self.non_member = facts.member is False or scenario.actor.membership is False
        candidate = not facts.certified and not facts.passed_examination
        self.abroad = candidate and facts.country in ("canada", "other")
        self.used = used
        if facts.member is not None or self.non_member:
            used.append("certification.member")
        if scenario.actor.member is not None:
            used.append("actor.member")
        if facts.country is not None:
            used.append("certification.country")

    def cites(self, *clauses: str) -> tuple[str, ...]:
        return (*clauses, INTERNATIONAL) if self.abroad else clauses

    def duties(self) -> tuple[str, ...]:
        return (US_LAW,) if self.abroad else ()

    def reason(self, text: str, *, note_abroad: bool = True) -> str:
        parts = [text]
        if self.non_member:
            parts.append(MEMBERSHIP)
        if self.abroad and note_abroad:
            parts.append(
                "Legal administrators in Canada and other countries are eligible to become "
                "certified, but major portions of the examination are based on U.S. federal law."
            )
        return " ".join(parts)


def _join(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]
