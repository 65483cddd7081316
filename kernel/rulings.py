"""Rulings: what an evaluator plugin returns, and the helpers that build them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ._slots import _RulingSlots
from .decisions import Decision

__all__ = ["Ruling", "make_ruling", "unknown_facts"]


def _decision(value: Decision | str) -> Decision:
    return value if value.__class__ is Decision else Decision(value)


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    if value.__class__ is tuple:
        return value
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen(kw_only=True, init=False)
class Ruling(_RulingSlots):
    """What an evaluator plugin returns: a decision with the clause ids it rests on.

    :param decision: the decision.
    :param reason: why, in a sentence a chapter administrator can read.
    :param cites: clause ids (``code/III.C``); the kernel quotes their text.
    :param conditions: duties that remain for a ``conditional`` decision.
    :param missing_facts: fact paths (``gift.pending_business``) that would decide an
        ``indeterminate`` one.
    :param rule: a short name for the rule that decided, for ``explain``.
    :param facts_used: the fact paths the rule read.
    :param consequence: the consequence, if the evaluator states one; otherwise a
        ``prohibited`` finding takes the consequence its cited documents state.
    :param duties: duty ids (``nonsolicitation/opt-out``) of a ``conditional`` decision;
        the kernel quotes their wording from the policy edition in force (its ``duties``)
        as conditions, after ``conditions``. A duty's words are policy data, like a
        clause's: a new edition may reword them.
    """

    decision: Decision = attrs.field(converter=_decision)
    reason: str
    cites: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    conditions: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    missing_facts: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    rule: str | None = None
    facts_used: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    consequence: str | None = None
    duties: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def __init__(
        self,
        *,
        decision: Decision | str,
        reason: str,
        cites: Iterable[str] = (),
        conditions: Iterable[str] = (),
        missing_facts: Iterable[str] = (),
        rule: str | None = None,
        facts_used: Iterable[str] = (),
        consequence: str | None = None,
        duties: Iterable[str] = (),
    ) -> None:
        # What attrs generates from the fields above, with each converter's common case
        # inline (a Decision, a tuple: kept as given). A Ruling itself (not a subclass) is
        # given the class of its slots while its fields are stored, so that each store is
        # a plain one rather than a call through the slot's descriptor (ala_policy._builders
        # says why); evaluators build one or more rulings per decision.
        o: Any = self
        if o.__class__ is Ruling:
            _set_class(o, _RulingSlots)
        else:  # a subclass may have slots or a __dict__ of its own: the descriptors' way
            o = _Stores(self)
        o.decision = decision if decision.__class__ is Decision else _decision(decision)
        o.reason = reason
        o.cites = cites if cites.__class__ is tuple else _strings(cites)
        o.conditions = conditions if conditions.__class__ is tuple else _strings(conditions)
        o.missing_facts = (
            missing_facts if missing_facts.__class__ is tuple else _strings(missing_facts)
        )
        o.rule = rule
        o.facts_used = facts_used if facts_used.__class__ is tuple else _strings(facts_used)
        o.consequence = consequence
        o.duties = duties if duties.__class__ is tuple else _strings(duties)
        o.__class__ = Ruling

    @classmethod
    def unknown(
        cls,
        reason: str,
        *,
        missing: Iterable[str],
        cites: Iterable[str],
        rule: str | None = None,
        facts_used: Iterable[str] = (),
    ) -> Ruling:
        """An ``indeterminate`` ruling: the conduct turns on the facts ``missing``.

        ``reason`` says what the answer turns on; the facts not given and "The engine does
        not guess." are added to it, so every such reason names them the same way::

            Ruling.unknown(
                "A follow-up call is appropriate only if the member requested it.",
                missing=["solicitation.follow_up_requested"],
                cites=["nonsolicitation/q2"],
            )

        :raises ValueError: ``missing`` is empty (an undecidable case without missing facts
            is a plain ``Ruling(decision="indeterminate", ...)`` whose reason says why).
        """
        names = _strings(missing)
        if not names:
            raise ValueError("Ruling.unknown() needs at least one missing fact")
        text = reason.rstrip()
        if not text.endswith((".", "?", "!")):
            text += "."
        noun = "Fact" if len(names) == 1 else "Facts"
        return (make_ruling if cls is Ruling else cls)(
            decision=Decision.INDETERMINATE,
            reason=f"{text} {noun} not given: {', '.join(names)}. The engine does not guess.",
            cites=cites,
            missing_facts=names,
            rule=rule,
            facts_used=facts_used,
        )


_set_class = object.__dict__["__class__"].__set__
_new = object.__new__


def make_ruling(
    *,
    decision: Decision | str,
    reason: str,
    cites: Iterable[str] = (),
    conditions: Iterable[str] = (),
    missing_facts: Iterable[str] = (),
    rule: str | None = None,
    facts_used: Iterable[str] = (),
    consequence: str | None = None,
    duties: Iterable[str] = (),
) -> Ruling:
    """Exactly ``Ruling(...)`` with the same keyword arguments, for evaluators on a hot path.

    Calling a class with keyword arguments costs more than calling a function with them
    (CPython builds a dict of them for ``__init__``): on CPython 3.11 this builds a ruling
    in about 0.6 µs where ``Ruling(...)`` takes 1 µs. The built-in evaluators use it.
    """
    o: Any = _new(_RulingSlots)
    o.decision = decision if decision.__class__ is Decision else _decision(decision)
    o.reason = reason
    o.cites = cites if cites.__class__ is tuple else _strings(cites)
    o.conditions = conditions if conditions.__class__ is tuple else _strings(conditions)
    o.missing_facts = missing_facts if missing_facts.__class__ is tuple else _strings(missing_facts)
    o.rule = rule
    o.facts_used = facts_used if facts_used.__class__ is tuple else _strings(facts_used)
    o.consequence = consequence
    o.duties = duties if duties.__class__ is tuple else _strings(duties)
    o.__class__ = Ruling
    made: Ruling = o
    return made


class _Stores:
    """Stores each field of a :class:`Ruling` subclass's instance through ``object``'s
    ``__setattr__`` (as attrs' own ``__init__`` does), and ignores the closing class store."""

    __slots__ = ("_instance",)
    _instance: object

    def __init__(self, instance: object) -> None:
        object.__setattr__(self, "_instance", instance)

    def __setattr__(self, name: str, value: object) -> None:
        if name != "__class__":
            object.__setattr__(self._instance, name, value)


def unknown_facts(facts: Any, area: str, *names: str) -> tuple[str, ...]:
    """The paths (``area.name``) of those of ``names`` whose value in ``facts`` is unknown.

    The tri-state helper of evaluators: a fact is true, false, or ``None`` (not given)::

        missing = unknown_facts(facts, "gift", "pending_business", "may_influence")
    """
    return tuple(f"{area}.{name}" for name in names if getattr(facts, name) is None)
