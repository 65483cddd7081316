"""The engine's decision paths, through ``Engine.evaluate`` (issue 12, "Tests that would notice").

Each test here pins down a path that a mutant of the engine changes and the rest of the suite
did not notice: every evaluator of an area runs, whatever an earlier one returned or raised,
with and without a time limit; a finding whose policy is not in force on the date is
indeterminate and says so; citations, duties and consequences are quoted from the edition in
force on the scenario's date, in one engine that decides several dates and several
decisions; a consequence for members reaches only those who are or may be members; and
the records and helpers that turn rulings into findings keep every field.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from ala_policy import (
    Decision,
    Engine,
    Finding,
    PolicyView,
    Ruling,
    Scenario,
    hookimpl,
    make_ruling,
    unknown_facts,
)
from ala_policy._findings import (
    Budget,
    declared_rules,
    fault,
    not_in_force,
    undecided,
    wrong_type,
)
from ala_policy.decisions import FINDING_DECISIONS
from ala_policy.models import Outcome
from ala_policy.policy import NotInForce, policy_from_mapping
from ala_policy.testing import make_engine, scenario

GIFT = {"kind": "gift", "act": "accepted", "pending_business": False, "may_influence": False}
NOW = "2026-03-01"

#: A chapter's rules in two editions, none in force before 2020.
CHAPTER = policy_from_mapping(
    {
        "id": "chapter",
        "title": "Chapter rules",
        "editions": [
            {
                "name": "first edition",
                "effective": "2020-01-01",
                "source": "chapter minutes, 2019",
                "consequence": "First consequence.",
                "duties": {"duty": "Do the first thing."},
                "clauses": [
                    {"id": "rule", "text": "First wording."},
                    {"id": "old", "text": "A clause the second edition drops."},
                ],
            },
            {
                "name": "second edition",
                "effective": "2024-01-01",
                "source": "chapter minutes, 2023",
                "consequence": "Second consequence.",
                "consequence_for": "members",
                "duties": {"duty": "Do the second thing."},
                "clauses": [
                    {"id": "rule", "text": "Second wording.", "heading": "The rule"},
                    {"id": "other", "text": "Another clause."},
                ],
            },
        ],
    }
)
#: A document that takes effect long after every date used here.
FUTURE = policy_from_mapping(
    {
        "id": "future",
        "title": "Future rules",
        "editions": [
            {
                "name": "draft",
                "effective": "2100-01-01",
                "replaces": "the present rules",
                "parameters": {"limit": 10},
                "duties": {"duty": "Do the future thing."},
                "clauses": [{"id": "rule", "text": "Future wording."}],
            }
        ],
    }
)

NOT_IN_FORCE_2019 = (
    "The policy this finding rests on is not in force: no edition of 'Chapter rules' is in "
    "force on 2019-06-01 (the first takes effect on 2020-01-01); the engine does not decide "
    "the conduct under it."
)
FUTURE_NOT_IN_FORCE = (
    "The policy this finding rests on is not in force: no edition of 'Future rules' is in "
    f"force on {NOW} (the first takes effect on 2100-01-01; before it, the present rules "
    "applied, whose text ala-policy does not hold); the engine does not decide the conduct "
    "under it."
)


class Documents:
    """Registers the chapter's and the future documents."""

    @hookimpl
    def ala_policy_register_policies(self, register: Callable[[Any], None]) -> None:
        register(CHAPTER)
        register(FUTURE)


class Says:
    """An evaluator that gives the rulings (or the value) it was made with, in order: one
    item per call."""

    def __init__(self, *results: object) -> None:
        self.results = list(results)
        self.calls = 0

    @hookimpl
    def ala_policy_evaluate_gift(self, scenario: Scenario, facts: Any, policy: PolicyView) -> Any:
        result = self.results[min(self.calls, len(self.results) - 1)]
        self.calls += 1
        if callable(result) and not isinstance(result, Ruling):
            return result(policy)
        return result


def ruling(decision: str = "permitted", **fields: Any) -> Ruling:
    fields.setdefault("reason", f"The chapter reads it as {decision}.")
    fields.setdefault("cites", ("chapter/rule",))
    if decision == "conditional" and not fields.get("duties"):
        fields.setdefault("conditions", ("The chapter's condition.",))  # else a plugin fault
    return Ruling(decision=decision, **fields)


def engine_with(*plugins: object) -> Engine:
    """The areas and the ALA corpus, the chapter's documents, and ``plugins`` as the gift
    area's evaluators ``p1``, ``p2``... called in that order (no built-in gift evaluator).
    The plugin registered last is called first."""
    named = [(f"p{index}", plugin) for index, plugin in enumerate(plugins, start=1)]
    engine = make_engine(
        ("documents", Documents()), *reversed(named), builtins=["areas", "ala_policies"]
    )
    assert engine.area_plugins()["gift"] == tuple(name for name, _ in named)
    return engine


def decide(engine: Engine, *, timeout: float | None = None, **envelope: Any) -> Outcome:
    envelope.setdefault("date", NOW)
    envelope.setdefault("gift", GIFT)
    return engine.evaluate(scenario(**envelope), timeout=timeout)


def summary(outcome: Outcome) -> list[tuple[str | None, str, str | None]]:
    """Each finding's plugin, decision and error."""
    return [(f.plugin, f.decision.value, f.error) for f in outcome.findings]


# -- every evaluator of an area runs ---------------------------------------------------------------


def _raise_not_in_force(policy: PolicyView) -> Any:
    return policy.parameter("future", "limit")


def _raise_runtime(policy: PolicyView) -> Any:
    raise RuntimeError("broken")


def _exit(policy: PolicyView) -> Any:
    raise SystemExit(4)


def _yield_then_raise(policy: PolicyView) -> Iterator[Ruling]:
    yield ruling("permitted")
    raise ValueError("midway")


def _yield_then_not_in_force(policy: PolicyView) -> Iterator[Ruling]:
    yield ruling("conditional")
    policy.cite("future/rule")


class ChapterRuling(Ruling):
    """A plugin's own kind of Ruling: a Ruling still, though not the class itself."""


RAISED = "raised RuntimeError: broken"
NO_RULING = "not a Ruling, an iterable of Rulings, or None"

#: What the first evaluator does, and the findings it adds: (decision, error) each.
FIRST: list[tuple[str, object, list[tuple[str, str | None]]]] = [
    ("none", None, []),
    ("ruling", ruling("permitted"), [("permitted", None)]),
    (
        "list",
        [ruling("permitted"), ruling("conditional")],
        [("permitted", None), ("conditional", None)],
    ),
    ("tuple", (ruling("prohibited"),), [("prohibited", None)]),
    (
        "ruling-subclass",
        ChapterRuling(decision="prohibited", reason="Own kind.", cites=("chapter/rule",)),
        [("prohibited", None)],
    ),
    (
        "generator-raises",
        _yield_then_raise,
        [("permitted", None), ("indeterminate", "raised ValueError: midway")],
    ),
    (
        "generator-not-in-force",
        _yield_then_not_in_force,
        [("conditional", None), ("indeterminate", None)],
    ),
    ("raises", _raise_runtime, [("indeterminate", RAISED)]),
    ("exits", _exit, [("indeterminate", "raised SystemExit: 4")]),
    ("not-in-force", _raise_not_in_force, [("indeterminate", None)]),
    ("dict", {"decision": "permitted"}, [("indeterminate", f"returned dict, {NO_RULING}")]),
    ("str", "permitted", [("indeterminate", f"returned str, {NO_RULING}")]),
    ("bytes", b"permitted", [("indeterminate", f"returned bytes, {NO_RULING}")]),
    ("int", 3, [("indeterminate", f"returned int, {NO_RULING}")]),
    (
        "bad-item",
        [ruling("permitted"), "x", ruling("prohibited")],
        [
            ("permitted", None),
            ("indeterminate", f"returned str, {NO_RULING}"),
            ("prohibited", None),
        ],
    ),
    (
        "error",
        ruling("error"),
        [("indeterminate", "returned the decision 'error', which is not a finding")],
    ),
    ("cites-future", ruling("permitted", cites=("future/rule",)), [("indeterminate", None)]),
]


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
@pytest.mark.parametrize(("first", "result", "adds"), FIRST, ids=[f[0] for f in FIRST])
def test_the_next_evaluator_runs_whatever_the_first_did(
    first: str, result: object, adds: list[tuple[str, str | None]], timeout: float | None
) -> None:
    engine = engine_with(Says(result), Says(ruling("conditional", reason="The second.")))
    outcome = decide(engine, timeout=timeout)
    want = [("p1", decision, error) for decision, error in adds]
    want.append(("p2", "conditional", None))
    assert summary(outcome) == want
    assert outcome.findings[-1].reason == "The second."
    assert outcome.decision is Decision.most_severe(f.decision for f in outcome.findings)


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
def test_three_evaluators_run_in_order(timeout: float | None) -> None:
    engine = engine_with(
        Says(None), Says(_raise_runtime), Says(None), Says(_raise_not_in_force), Says(ruling())
    )
    outcome = decide(engine, timeout=timeout)
    assert summary(outcome) == [
        ("p2", "indeterminate", RAISED),
        ("p4", "indeterminate", None),
        ("p5", "permitted", None),
    ]


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
def test_an_area_nobody_decides_is_indeterminate_and_says_so(timeout: float | None) -> None:
    outcome = decide(engine_with(Says(None), Says(None)), timeout=timeout)
    (finding,) = outcome.findings
    assert finding == Finding(
        area="gift",
        decision=Decision.INDETERMINATE,
        reason="No evaluator decided the 'gift' area (its plugins may be disabled), so the "
        "engine does not guess.",
    )
    assert outcome.decision is Decision.INDETERMINATE


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
def test_a_failure_is_named_in_the_reason_and_the_error(timeout: float | None) -> None:
    (finding,) = decide(engine_with(Says(_raise_runtime)), timeout=timeout).findings
    assert finding == Finding(
        area="gift",
        decision=Decision.INDETERMINATE,
        reason=f"Plugin 'p1' failed, so this finding cannot be decided: {RAISED}",
        plugin="p1",
        error=RAISED,
    )


def _sleep(policy: PolicyView) -> Any:
    time.sleep(0.3)  # beyond the scenario's time: stopped there
    return ruling("permitted")


def _interrupt(policy: PolicyView) -> Any:
    raise KeyboardInterrupt


def test_every_evaluator_left_when_the_time_runs_out_is_named() -> None:
    engine = engine_with(Says(None), Says(_sleep), Says(ruling()), Says(None), Says(ruling()))
    outcome = decide(engine, timeout=0.2)
    assert summary(outcome) == [
        ("p2", "indeterminate", "did not return within the scenario's 0.2 s (--timeout)"),
        ("p3", "indeterminate", "not run: the scenario's 0.2 s ran out"),
        ("p4", "indeterminate", "not run: the scenario's 0.2 s ran out"),
        ("p5", "indeterminate", "not run: the scenario's 0.2 s ran out"),
    ]
    assert outcome.findings[1].reason == (
        "Plugin 'p3' failed, so this finding cannot be decided: not run: the scenario's 0.2 s "
        "ran out"
    )


def _yield_then_sleep(policy: PolicyView) -> Iterator[Ruling]:
    yield ruling("prohibited")
    time.sleep(0.3)  # stopped here
    yield ruling("permitted")


def test_rulings_cut_short_by_the_time_limit_name_the_evaluator() -> None:
    # The time runs out while the engine takes an evaluator's rulings: that evaluator is
    # named as not having returned in time (not as having raised), and the next one as not
    # run.
    engine = engine_with(Says(_yield_then_sleep), Says(ruling()))
    outcome = decide(engine, timeout=0.2)
    faults = [(f.plugin, f.decision.value, f.error) for f in outcome.findings if f.error]
    assert faults == [
        ("p1", "indeterminate", "did not return within the scenario's 0.2 s (--timeout)"),
        ("p2", "indeterminate", "not run: the scenario's 0.2 s ran out"),
    ]
    assert Decision.PERMITTED not in {f.decision for f in outcome.findings}


def test_with_no_time_left_at_all_nothing_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Exactly no time left is no time: the evaluators are named, not run without a limit.
    monkeypatch.setattr(Budget, "left", lambda self: 0.0)
    outcome = decide(engine_with(Says(ruling()), Says(ruling())), timeout=5.0)
    assert summary(outcome) == [
        ("p1", "indeterminate", "not run: the scenario's 5 s ran out"),
        ("p2", "indeterminate", "not run: the scenario's 5 s ran out"),
    ]


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
@pytest.mark.parametrize("where", ["first", "last"])
def test_a_real_interrupt_ends_the_run_with_or_without_a_time_limit(
    timeout: float | None, where: str
) -> None:
    evaluators = [Says(ruling()), Says(_interrupt)]
    if where == "first":
        evaluators.reverse()
    with pytest.raises(KeyboardInterrupt):
        decide(engine_with(*evaluators), timeout=timeout)


def _yield_then_interrupt(policy: PolicyView) -> Iterator[Ruling]:
    yield ruling("permitted")
    raise KeyboardInterrupt


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
def test_a_real_interrupt_midway_through_rulings_ends_the_run(timeout: float | None) -> None:
    with pytest.raises(KeyboardInterrupt):
        decide(engine_with(Says(_yield_then_interrupt), Says(ruling())), timeout=timeout)


class Arguments:
    """Evaluators that take the hook's arguments in another order, or only some of them."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, object]] = []

    @hookimpl
    def ala_policy_evaluate_gift(
        self, policy: PolicyView, facts: Any, scenario: Scenario
    ) -> Ruling:
        self.seen.append(("policy", policy))
        self.seen.append(("facts", facts))
        self.seen.append(("scenario", scenario))
        return ruling("permitted", reason=f"{scenario.id}: {facts.kind} on {policy.on}.")


class FactsOnly:
    @hookimpl
    def ala_policy_evaluate_gift(self, facts: Any) -> Ruling:
        return ruling("prohibited", reason=f"A {facts.kind} alone.")


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
def test_evaluators_get_their_arguments_by_name(timeout: float | None) -> None:
    arguments = Arguments()
    engine = engine_with(arguments, FactsOnly())
    outcome = decide(engine, timeout=timeout, id="by-name")
    assert [f.reason for f in outcome.findings] == [
        f"by-name: gift on {NOW}.",
        "A gift alone.",
    ]
    assert [name for name, _ in arguments.seen] == ["policy", "facts", "scenario"]
    assert isinstance(arguments.seen[0][1], PolicyView)
    assert isinstance(arguments.seen[2][1], Scenario)


# -- a policy not in force on the date -------------------------------------------------------------


@pytest.mark.parametrize("decision", [d.value for d in FINDING_DECISIONS])
@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
def test_a_finding_whose_policy_is_not_in_force_is_indeterminate(
    decision: str, timeout: float | None
) -> None:
    # Whatever the evaluator decided, the engine does not decide conduct under a policy
    # not in force on the date: indeterminate, naming the plugin, no citation, no fault; the
    # rule and the facts it read are kept, to trace which reading would have applied.
    engine = engine_with(Says(ruling(decision, rule="chapter.rule", facts_used=("gift.kind",))))
    outcome = decide(engine, date="2019-06-01", timeout=timeout)
    (finding,) = outcome.findings
    assert finding == Finding(
        area="gift",
        decision=Decision.INDETERMINATE,
        reason=NOT_IN_FORCE_2019,
        plugin="p1",
        rule="chapter.rule",
        facts_used=("gift.kind",),
    )
    assert outcome.decision is Decision.INDETERMINATE


@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
def test_an_evaluator_that_reads_a_policy_not_in_force_is_indeterminate(
    timeout: float | None,
) -> None:
    outcome = decide(engine_with(Says(_raise_not_in_force)), timeout=timeout)
    (finding,) = outcome.findings
    assert finding == Finding(
        area="gift", decision=Decision.INDETERMINATE, reason=FUTURE_NOT_IN_FORCE, plugin="p1"
    )


def test_a_duty_of_a_policy_not_in_force_is_indeterminate() -> None:
    engine = engine_with(
        Says(ruling("conditional", cites=("chapter/rule",), duties=("future/duty",)))
    )
    (finding,) = decide(engine).findings
    assert finding.decision is Decision.INDETERMINATE
    assert finding.reason == FUTURE_NOT_IN_FORCE
    assert finding.error is None
    assert finding.conditions == ()


def test_a_clause_the_edition_in_force_dropped_is_not_in_force() -> None:
    engine = engine_with(Says(ruling("permitted", cites=("chapter/old",))))
    assert decide(engine, date="2021-06-01").findings[0].citations[0].text == (
        "A clause the second edition drops."
    )
    later = decide(engine, date="2025-06-01").findings[0]
    assert later.decision is Decision.INDETERMINATE
    assert later.error is None
    assert later.reason.startswith("The policy this finding rests on is not in force: ")


@pytest.mark.parametrize(
    ("cites", "duties", "error"),
    [
        (
            ("chapter/nope",),
            (),
            "unknown clause 'chapter/nope': 'Chapter rules' has no such clause",
        ),
        (("nowhere/rule",), (), "unknown clause 'nowhere/rule': no policy document 'nowhere'"),
        (
            ("chapter/rule",),
            ("chapter/nope",),
            (
                "unknown duty 'chapter/nope': the edition of 'Chapter rules' in force (second "
                "edition) states none"
            ),
        ),
    ],
)
def test_a_clause_or_duty_that_does_not_exist_is_the_plugins_fault(
    cites: tuple[str, ...], duties: tuple[str, ...], error: str
) -> None:
    engine = engine_with(Says(ruling("conditional", cites=cites, duties=duties)))
    for _ in range(2):  # the second time from the cache
        (finding,) = decide(engine).findings
        assert finding == Finding(
            area="gift",
            decision=Decision.INDETERMINATE,
            reason=f"Plugin 'p1' failed, so this finding cannot be decided: {error}",
            plugin="p1",
            error=error,
        )


# -- one engine, several dates and decisions: the citation cache -----------------------------------


def test_one_clause_on_two_dates_is_quoted_from_each_edition() -> None:
    engine = engine_with(Says(ruling("prohibited", duties=("chapter/duty",))))
    texts = []
    for day in ("2021-06-01", "2025-06-01", "2021-06-01", "2019-06-01", "2025-06-01"):
        (finding,) = decide(engine, date=day).findings
        texts.append(
            (
                finding.decision.value,
                tuple((c.text, c.edition, c.source, c.heading) for c in finding.citations),
                finding.conditions,
                finding.consequence,
            )
        )
    first = (
        "prohibited",
        (("First wording.", "first edition", "chapter minutes, 2019", None),),
        ("Do the first thing.",),
        "First consequence.",
    )
    second = (
        "prohibited",
        (("Second wording.", "second edition", "chapter minutes, 2023", "The rule"),),
        ("Do the second thing.",),
        "Second consequence.",
    )
    assert texts == [first, second, first, ("indeterminate", (), (), None), second]


@pytest.mark.parametrize("order", ["permitted-first", "prohibited-first"])
def test_the_same_clauses_with_another_decision_get_their_own_consequence(order: str) -> None:
    # Only a prohibited finding takes the consequence its documents state, however the
    # same clauses were decided before, on the same date, in the same engine.
    rulings = [ruling("permitted"), ruling("prohibited")]
    if order == "prohibited-first":
        rulings.reverse()
    engine = engine_with(Says(*rulings))
    got = {}
    for _ in rulings:
        (finding,) = decide(engine).findings
        got[finding.decision.value] = finding.consequence
    assert got == {"permitted": None, "prohibited": "Second consequence."}


@pytest.mark.parametrize("order", ["without-first", "with-first"])
def test_the_same_clauses_with_other_duties_get_their_own_conditions(order: str) -> None:
    rulings = [
        ruling("conditional", conditions=("Own condition.",)),
        ruling("conditional", conditions=("Own condition.",), duties=("chapter/duty",)),
    ]
    if order == "with-first":
        rulings.reverse()
    engine = engine_with(Says(*rulings))
    got = {decide(engine).findings[0].conditions for _ in rulings}
    assert got == {("Own condition.",), ("Own condition.", "Do the second thing.")}


def test_the_cache_is_bounded_and_stays_right() -> None:
    days = [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(4100)]
    engine = engine_with(Says(ruling("prohibited")))
    for day in days:
        (finding,) = decide(engine, date=day.isoformat()).findings
        assert finding.citations[0].text == "Second wording."
    assert 0 < len(engine._resolved) <= 4096
    (early,) = decide(engine, date="2021-01-01").findings
    assert early.citations[0].text == "First wording."


# -- consequences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "member", "day", "consequence"),
    [
        ("member", None, "2025-06-01", "Second consequence."),
        ("business_partner", None, "2025-06-01", "Second consequence."),
        ("business_partner", True, "2025-06-01", "Second consequence."),
        ("business_partner", False, "2025-06-01", None),
        ("non_member", None, "2025-06-01", None),
        # The first edition's consequence is for everyone.
        ("non_member", None, "2021-06-01", "First consequence."),
        ("member", None, "2021-06-01", "First consequence."),
    ],
)
def test_a_consequence_for_members_reaches_only_those_who_may_be_members(
    role: str, member: bool | None, day: str, consequence: str | None
) -> None:
    engine = engine_with(Says(ruling("prohibited")))
    for _ in range(2):  # the second time from the cache
        (finding,) = decide(engine, date=day, role=role, member=member).findings
        assert finding.consequence == consequence


def test_an_evaluators_own_consequence_wins() -> None:
    engine = engine_with(Says(ruling("prohibited", consequence="Own consequence.")))
    for role in ("member", "non_member"):
        (finding,) = decide(engine, role=role).findings
        assert finding.consequence == "Own consequence."
    permitted = engine_with(Says(ruling("permitted", consequence="Own consequence.")))
    assert decide(permitted).findings[0].consequence == "Own consequence."


@pytest.mark.parametrize(
    ("cites", "consequence"),
    [
        (("code/III.C", "chapter/rule"), "Second consequence."),
        (("chapter/rule", "nonsolicitation/q1"), "Second consequence."),
        (("nonsolicitation/q1", "chapter/rule"), "Violations are subject"),
        (("code/III.C",), None),
    ],
)
def test_a_prohibited_finding_takes_the_first_consequence_its_documents_state(
    cites: tuple[str, ...], consequence: str | None
) -> None:
    engine = engine_with(Says(ruling("prohibited", cites=cites)))
    (finding,) = decide(engine).findings
    if consequence is None:
        assert finding.consequence is None
    else:
        assert (finding.consequence or "").startswith(consequence)
    assert [c.id for c in finding.citations] == list(cites)


@pytest.mark.parametrize(
    "decision", ["permitted", "conditional", "indeterminate", "not_applicable"]
)
def test_only_a_prohibited_finding_takes_a_consequence(decision: str) -> None:
    engine = engine_with(Says(ruling(decision)))
    assert decide(engine).findings[0].consequence is None


# -- a ruling becomes a finding with every field ---------------------------------------------------


def test_every_field_of_a_ruling_reaches_its_finding() -> None:
    engine = engine_with(
        Says(
            ruling(
                "indeterminate",
                reason="Whether it is allowed turns on the giver.",
                cites=("chapter/rule", "code/III.C"),
                conditions=("First.", "Second."),
                missing_facts=("gift.giver", "gift.kind"),
                rule="chapter.giver",
                facts_used=("gift.giver", "gift.kind", "gift.act"),
                duties=("chapter/duty",),
            )
        )
    )
    (finding,) = decide(engine, date="2021-06-01").findings
    assert (
        finding.area,
        finding.decision,
        finding.reason,
        tuple(c.id for c in finding.citations),
        finding.conditions,
        finding.missing_facts,
        finding.consequence,
        finding.plugin,
        finding.rule,
        finding.facts_used,
        finding.error,
    ) == (
        "gift",
        Decision.INDETERMINATE,
        "Whether it is allowed turns on the giver.",
        ("chapter/rule", "code/III.C"),
        ("First.", "Second.", "Do the first thing."),
        ("gift.giver", "gift.kind"),
        None,
        "p1",
        "chapter.giver",
        ("gift.giver", "gift.kind", "gift.act"),
        None,
    )


def test_evaluate_area_decides_on_the_scenarios_date() -> None:
    engine = engine_with(Says(ruling("permitted")))
    for day, text in (("2021-06-01", "First wording."), ("2025-06-01", "Second wording.")):
        parsed = engine.parse(scenario(date=day, gift=GIFT))
        (finding,) = engine.evaluate_area("gift", parsed, parsed.areas["gift"])
        assert finding.citations[0].text == text


# -- outcomes: combining findings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decisions", "combined"),
    [
        (["not_applicable"], "not_applicable"),
        (["indeterminate"], "indeterminate"),
        (["permitted", "permitted"], "permitted"),
        (["permitted", "not_applicable"], "permitted"),
        (["not_applicable", "conditional"], "conditional"),
        (["prohibited", "permitted"], "prohibited"),
        (["conditional", "indeterminate", "permitted"], "indeterminate"),
        (["not_applicable", "not_applicable"], "not_applicable"),
    ],
)
def test_an_outcome_is_its_most_severe_finding(decisions: list[str], combined: str) -> None:
    engine = engine_with(*(Says(ruling(d)) for d in decisions))
    outcome = decide(engine, title="Combined", id="combined")
    assert outcome.decision is Decision(combined)
    assert outcome.date_given is True
    assert [f.decision.value for f in outcome.findings] == decisions
    assert (outcome.id, outcome.title, outcome.date) == (
        "combined",
        "Combined",
        datetime.date(2026, 3, 1),
    )


def test_an_outcome_without_a_date_is_decided_as_of_today() -> None:
    engine = engine_with(Says(ruling("permitted")))
    data = scenario(gift=GIFT)
    outcome = engine.evaluate(data)
    assert outcome.date == datetime.date.today()
    assert outcome.date_given is False  # said as "(today: the scenario gives no date)"
    assert outcome.findings[0].citations[0].text == "Second wording."


def test_outcome_from_findings_keeps_the_scenarios_envelope() -> None:
    engine = engine_with(Says(ruling("permitted")))
    parsed = engine.parse(scenario(id="env", title="T", date="2025-01-02", gift=GIFT))
    finding = Finding(area="gift", decision=Decision.CONDITIONAL, reason="r")
    outcome = Outcome.from_findings(parsed, [finding], disabled_plugins=("gift",))
    assert (outcome.id, outcome.decision, outcome.findings, outcome.title, outcome.date) == (
        "env",
        Decision.CONDITIONAL,
        (finding,),
        "T",
        datetime.date(2025, 1, 2),
    )
    assert outcome.disabled_plugins == ("gift",)
    on = Outcome.from_findings(parsed, [finding, finding], on=datetime.date(2030, 1, 1))
    assert on.date == datetime.date(2030, 1, 1)
    assert on.decision is Decision.CONDITIONAL
    assert Outcome.from_findings(parsed, []).decision is Decision.NOT_APPLICABLE


@pytest.mark.parametrize("timeout", [None, 5.0])
def test_every_area_section_is_decided_in_order(timeout: float | None) -> None:
    """Two sections, each decided in the scenario's order: the undecided directory_use's
    finding (no evaluator of it here), then the gift's, with or without a time limit."""
    engine = engine_with(Says(ruling("permitted")))
    directory = {"purpose": "seek_advice"}
    outcome = decide(engine, timeout=timeout, directory_use=directory)
    assert [(f.area, f.decision.value) for f in outcome.findings] == [
        ("directory_use", "indeterminate"),
        ("gift", "permitted"),
    ]
    assert outcome.decision is Decision.INDETERMINATE


def test_a_scenario_of_a_subclass_is_decided_as_given() -> None:
    class Mine(Scenario):
        pass

    engine = engine_with(Says(ruling("prohibited")))
    parsed = engine.parse(scenario(id="mine", date=NOW, gift=GIFT))
    mine = Mine(id="mine", actor=parsed.actor, areas=parsed.areas, date=parsed.date)
    outcome = engine.evaluate(mine)
    assert (outcome.id, outcome.decision) == ("mine", Decision.PROHIBITED)


def test_outcome_from_findings_of_a_subclass_is_that_subclass() -> None:
    class Mine(Outcome):
        pass

    engine = engine_with(Says(ruling("permitted")))
    dated = engine.parse(scenario(id="env", title="T", date="2025-01-02", gift=GIFT))
    undated = engine.parse(scenario(id="undated", gift=GIFT))
    one = Finding(area="gift", decision=Decision.CONDITIONAL, reason="r")
    two = Finding(area="gift", decision=Decision.PROHIBITED, reason="s")
    cases: list[tuple[Scenario, list[Finding], datetime.date | None]] = [
        (dated, [one], None),
        (dated, [two, one], None),
        (dated, [one, two], datetime.date(2030, 1, 1)),
        (undated, [one], datetime.date(2031, 2, 3)),
        (undated, [], None),
    ]
    for parsed, findings, on in cases:
        made = Mine.from_findings(parsed, findings, on=on, disabled_plugins=("gift",))
        expected = Outcome.from_findings(parsed, findings, on=on, disabled_plugins=("gift",))
        assert type(made) is Mine
        assert attrs.asdict(made, recurse=False) == attrs.asdict(expected, recurse=False)
    assert Outcome.from_findings(dated, [two, one]).decision is Decision.PROHIBITED
    assert Outcome.from_findings(undated, [one], on=datetime.date(2031, 2, 3)).date_given is False


# -- decisions -------------------------------------------------------------------------------------


def test_decisions_are_ordered_by_severity() -> None:
    assert [(d.value, d.severity) for d in Decision] == [
        ("not_applicable", 0),
        ("permitted", 1),
        ("conditional", 2),
        ("indeterminate", 3),
        ("prohibited", 4),
        ("error", 5),
    ]
    assert [str(d) for d in FINDING_DECISIONS] == [
        "not_applicable",
        "permitted",
        "conditional",
        "indeterminate",
        "prohibited",
    ]


def test_the_most_severe_of_none_is_not_applicable() -> None:
    assert Decision.most_severe([]) is Decision.NOT_APPLICABLE
    for decision in Decision:
        assert Decision.most_severe([decision]) is decision
        assert Decision.most_severe([decision, Decision.NOT_APPLICABLE]) is decision
        assert Decision.most_severe([Decision.NOT_APPLICABLE, decision]) is decision
    assert Decision.most_severe([Decision.ERROR, Decision.PROHIBITED]) is Decision.ERROR
    assert Decision.most_severe(iter([Decision.PERMITTED, Decision.CONDITIONAL])) is (
        Decision.CONDITIONAL
    )


# -- rulings ---------------------------------------------------------------------------------------


def test_ruling_fields_take_strings_lists_and_tuples() -> None:
    cites = ("a/b", "c/d")
    made = Ruling(
        decision="permitted", reason="r", cites=cites, conditions=["x", "y"], duties="d/e"
    )
    assert made.decision is Decision.PERMITTED
    assert made.cites == cites
    assert made.conditions == ("x", "y")
    assert made.duties == ("d/e",)
    assert Ruling(decision=Decision.PROHIBITED, reason="r").decision is Decision.PROHIBITED
    assert Ruling(decision="permitted", reason="r", missing_facts=iter(["a.b"])).missing_facts == (
        "a.b",
    )


@pytest.mark.parametrize("build", [Ruling, make_ruling], ids=["Ruling", "make_ruling"])
def test_every_ruling_field_takes_a_string_a_list_or_a_tuple(build: Callable[..., Ruling]) -> None:
    made = build(
        decision="conditional",
        reason="r",
        cites="a/b",
        conditions=["x"],
        missing_facts=["m.n"],
        facts_used=["f.g", "f.h"],
        duties="d/e",
    )
    assert type(made) is Ruling
    assert made.decision is Decision.CONDITIONAL
    fields = (made.cites, made.conditions, made.missing_facts, made.facts_used, made.duties)
    assert fields == (("a/b",), ("x",), ("m.n",), ("f.g", "f.h"), ("d/e",))
    assert all(type(value) is tuple for value in fields)
    same = build(decision=Decision.PERMITTED, reason="r", cites=("a/b",), facts_used=("f.g",))
    assert (same.decision, same.cites, same.facts_used) == (
        Decision.PERMITTED,
        ("a/b",),
        ("f.g",),
    )


def test_an_unknown_ruling_of_a_subclass_is_that_subclass() -> None:
    class Mine(Ruling):
        pass

    made = Mine.unknown("R.", missing=["x.a"], cites=["c/d"])
    assert type(made) is Mine
    assert (made.missing_facts, made.cites) == (("x.a",), ("c/d",))
    assert type(Ruling.unknown("R.", missing=["x.a"], cites=["c/d"])) is Ruling


@pytest.mark.parametrize(
    ("reason", "missing", "text"),
    [
        (
            "It turns on a",
            ["x.a"],
            "It turns on a. Fact not given: x.a. The engine does not guess.",
        ),
        (
            "It turns on a.  ",
            ("x.a",),
            "It turns on a. Fact not given: x.a. The engine does not guess.",
        ),
        ("Does it?", "x.a", "Does it? Fact not given: x.a. The engine does not guess."),
        (
            "It does!",
            ["x.a", "x.b"],
            "It does! Facts not given: x.a, x.b. The engine does not guess.",
        ),
        ("", ["x.b", "x.a"], ". Facts not given: x.b, x.a. The engine does not guess."),
    ],
)
def test_an_unknown_ruling_names_the_facts_not_given(reason: str, missing: Any, text: str) -> None:
    made = Ruling.unknown(reason, missing=missing, cites=["c/d"], rule="r", facts_used=["x.a"])
    assert made == Ruling(
        decision=Decision.INDETERMINATE,
        reason=text,
        cites=("c/d",),
        missing_facts=tuple([missing] if isinstance(missing, str) else missing),
        rule="r",
        facts_used=("x.a",),
    )
    assert Ruling.unknown("R.", missing=["x.a"], cites=[]).rule is None


def test_an_unknown_ruling_needs_a_missing_fact() -> None:
    with pytest.raises(ValueError, match="at least one missing fact"):
        Ruling.unknown("R.", missing=[], cites=["c/d"])


def test_unknown_facts_names_the_unknown_ones_in_the_order_asked() -> None:
    class Facts:
        a = None
        b = False
        c = None
        d = True

    assert unknown_facts(Facts(), "area", "c", "b", "a", "d") == ("area.c", "area.a")
    assert unknown_facts(Facts(), "area", "b", "d") == ()


# -- the records and helpers of _findings ----------------------------------------------------------


def test_the_findings_the_engine_makes_itself() -> None:
    assert undecided("x") == Finding(
        area="x",
        decision=Decision.INDETERMINATE,
        reason="No evaluator decided the 'x' area (its plugins may be disabled), so the engine "
        "does not guess.",
    )
    assert fault("x", "p", "broke") == Finding(
        area="x",
        decision=Decision.INDETERMINATE,
        reason="Plugin 'p' failed, so this finding cannot be decided: broke",
        plugin="p",
        error="broke",
    )
    exc = NotInForce(FUTURE, datetime.date(2026, 3, 1))
    assert not_in_force("x", "p", exc) == Finding(
        area="x", decision=Decision.INDETERMINATE, reason=FUTURE_NOT_IN_FORCE, plugin="p"
    )
    assert wrong_type([1]) == f"returned list, {NO_RULING}"


def test_a_budget_counts_down() -> None:
    budget = Budget(30.0)
    assert budget.seconds == 30.0
    first = budget.left()
    assert 29.0 < first <= 30.0
    assert budget.left() <= first
    assert Budget(0.0).left() <= 0


@pytest.mark.parametrize(
    ("cited", "declared"),
    [
        (["a/b", "c/d"], {None: ("a/b", "c/d")}),
        (("a/b",), {None: ("a/b",)}),
        ([], {None: ()}),
        ({"r1": ["a/b"], "r2": ("c/d", "e/f")}, {"r1": ("a/b",), "r2": ("c/d", "e/f")}),
        ({}, {}),
        ("a/b", None),
        (3, None),
        (None, None),
        (["a/b", 3], None),
        ({"r1": "a/b"}, None),
        ({"r1": 3}, None),
        ({"r1": ["a/b", None]}, None),
        ({3: ["a/b"]}, None),
        ({"r1": ["a/b"], "r2": "c/d"}, None),
    ],
)
def test_declared_rules_reads_what_cited_clauses_returned(
    cited: object, declared: dict[str | None, tuple[str, ...]] | None
) -> None:
    assert declared_rules(cited) == declared


class Declares:
    def __init__(self, cited: object) -> None:
        self.cited = cited

    @hookimpl
    def ala_policy_cited_clauses(self) -> object:
        return self.cited


def test_the_clauses_a_plugin_declares_are_recorded_per_rule() -> None:
    engine = make_engine(
        ("documents", Documents()),
        ("rules", Declares({"r1": ["chapter/rule"], "r2": ("chapter/other", "code/III.C")})),
        ("flat", Declares(["chapter/rule"])),
        builtins=["areas", "ala_policies"],
    )
    assert engine.declared_citations["rules"] == {
        "r1": ("chapter/rule",),
        "r2": ("chapter/other", "code/III.C"),
    }
    assert engine.declared_citations["flat"] == {None: ("chapter/rule",)}


@pytest.mark.parametrize("cited", ["chapter/rule", {"r": "chapter/rule"}, 3])
def test_clauses_declared_in_another_shape_are_refused(cited: object) -> None:
    from ala_policy import PluginError

    with pytest.raises(PluginError, match="must return clause ids, or a mapping") as info:
        make_engine(
            ("documents", Documents()), ("odd", Declares(cited)), builtins=["areas", "ala_policies"]
        )
    assert info.value.plugin == "odd"


# -- rulings of an impossible shape (docs/plugins.md, "Fault isolation") ---------------------------


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (
            ruling("prohibited", cites=()),
            "returned a prohibited ruling that cites no clause",
        ),
        (
            ruling("permitted", cites=()),
            "returned a permitted ruling that cites no clause",
        ),
        (
            Ruling(decision="conditional", reason="On conditions.", cites=("chapter/rule",)),
            "returned a conditional ruling without conditions or duties",
        ),
        (
            ruling("conditional", cites=(), conditions=("Own condition.",)),
            "returned a conditional ruling that cites no clause",
        ),
        (
            ruling("prohibited", missing_facts=("gift.value_usd",)),
            "returned a prohibited ruling with missing facts (only an indeterminate has)",
        ),
        (
            ruling("indeterminate", missing_facts=("gift.colour",)),
            (
                "returned a ruling whose missing_facts names what is no fact of the area: "
                "'gift.colour'"
            ),
        ),
        (
            ruling("permitted", facts_used=("gift.kind", "actor.shoe_size")),
            (
                "returned a ruling whose facts_used names what is no fact of the area: "
                "'actor.shoe_size'"
            ),
        ),
    ],
    ids=[
        "prohibited-uncited",
        "permitted-uncited",
        "conditional-bare",
        "conditional-uncited",
        "decided-missing",
        "missing-unknown",
        "used-unknown",
    ],
)
@pytest.mark.parametrize("timeout", [None, 60.0], ids=["untimed", "timed"])
def test_a_ruling_of_an_impossible_shape_is_the_plugins_fault(
    bad: Ruling, error: str, timeout: float | None
) -> None:
    engine = engine_with(Says(bad), Says(ruling("permitted", reason="The second.")))
    for _ in range(2):  # the second time after the citation cache holds the good ruling
        first, second = decide(engine, timeout=timeout).findings
        assert first == Finding(
            area="gift",
            decision=Decision.INDETERMINATE,
            reason=f"Plugin 'p1' failed, so this finding cannot be decided: {error}",
            plugin="p1",
            error=error,
        )
        assert (second.plugin, second.decision) == ("p2", Decision.PERMITTED)


@pytest.mark.parametrize("fact", ["actor.role", "actor.member", "date", "gift.kind"])
def test_a_ruling_may_name_the_scenarios_own_facts_and_the_areas(fact: str) -> None:
    engine = engine_with(Says(ruling("permitted", facts_used=(fact,))))
    (finding,) = decide(engine).findings
    assert (finding.decision, finding.error, finding.facts_used) == (
        Decision.PERMITTED,
        None,
        (fact,),
    )
    engine = engine_with(Says(ruling("indeterminate", missing_facts=(fact,))))
    (finding,) = decide(engine).findings
    assert (finding.decision, finding.error, finding.missing_facts) == (
        Decision.INDETERMINATE,
        None,
        (fact,),
    )
