"""Hook specifications of ala-policy.

Every hook is prefixed ``ala_policy_``. Specs only grow: new arguments may be added (pluggy
passes an implementation only the arguments it names), none is renamed or removed.

The core defines the evaluator hooks of the design card's four policy areas (gift,
conflict of interest, directory use and solicitation), with the facts classes they receive
(:class:`~ala_policy.GiftFacts`, :class:`~ala_policy.ConflictOfInterestFacts`,
:class:`~ala_policy.DirectoryUseFacts`, :class:`~ala_policy.SolicitationFacts`). Areas
beyond them are declared by the plugin that registers the area (through
:func:`ala_policy_addhooks`), as pytest's ``pytest_addhooks`` lets plugins add hooks; every
evaluator hook has the signature of :func:`ala_policy_evaluate_area`, the template
documented here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .markers import hookspec

if TYPE_CHECKING:
    from pathlib import Path

    import pluggy

    from .areas import Area
    from .facts import ConflictOfInterestFacts, DirectoryUseFacts, GiftFacts, SolicitationFacts
    from .formats import OutputFormat
    from .models import Ruling, Scenario
    from .policy import PolicyDocument, PolicyView

# -----------------------------------------------------------------------------------------
# Set-up: hooks the engine calls once, while it is being built
# -----------------------------------------------------------------------------------------


@hookspec(historic=True)
def ala_policy_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Add hook specifications, such as the evaluator hook of a new area.

    Call ``pluginmanager.add_hookspecs(module_or_class)``. The call is historic: a plugin
    registered later still receives it.

    :param pluginmanager: the engine's plugin manager.
    """


@hookspec
def ala_policy_register_areas(register: Callable[[Area], None]) -> None:
    """Register policy areas: their facts class and the hook their evaluators implement.

    The kernel validates each area: a unique lower-case name, an attrs facts class, and an
    evaluator hook that has a specification.

    :param register: call ``register(Area(...))`` once per area.
    """


@hookspec
def ala_policy_register_policies(
    register: Callable[[PolicyDocument | Path | Any], None],
) -> None:
    """Contribute policy documents (clause texts with editions) to the corpus.

    :param register: call ``register(document)`` with a
        :class:`~ala_policy.PolicyDocument`, or with the path (or importlib.resources
        ``Traversable``) of a policy YAML file; see :func:`ala_policy.load_policy_file`.
    """


@hookspec
def ala_policy_register_formats(register: Callable[[OutputFormat], None]) -> None:
    """Register output formats for ``--format``.

    :param register: call ``register(OutputFormat(...))`` once per format.
    """


@hookspec
def ala_policy_cited_clauses() -> Iterable[str] | Mapping[str, Iterable[str]]:  # type: ignore[empty-body]
    """Declare the clause ids this plugin's evaluators may cite, and the rules that cite them.

    The engine checks them against the corpus when it is built and fails loudly
    (:class:`~ala_policy.PolicyError`) on an id that no document defines. ``ala-policy
    policies`` shows, for each clause, the areas and rules that cite it, and the clauses no
    area decides.

    :returns: clause ids, e.g. ``["code/III.C"]``; or a mapping of each rule name (the
        ``rule`` of the rulings it returns, e.g. ``"gift.pending-business"``) to the clause
        ids that rule may cite, e.g. ``{"gift.pending-business": ["code/III.C",
        "code/III.B"]}``.
    """


# -----------------------------------------------------------------------------------------
# Exploration: values ``explain`` and ``verify`` try for a fact
# -----------------------------------------------------------------------------------------


@hookspec
def ala_policy_fact_candidates(area: str, fact: str, policy: PolicyView) -> Iterable[Any] | None:
    """Offer values worth trying for one fact of an area: the numbers a rule turns on (a
    limit, and the value just beyond it), or strings a free-text fact is compared with.

    ``ala-policy explain`` tries them when it looks for the changes of facts that would
    make an area permitted, and finds where a number's decision flips (``permitted if
    gift.value_usd were at most 75``); ``ala-policy verify`` walks them beside its own few
    values of each number. Values that do not fit the fact's type (a string for a number,
    a choice the fact does not have, ``True`` for a number) are left out; a fact may be of
    any area, one a plugin adds included.

    Called one implementation at a time, whenever a fact's values are wanted (for every
    fact of an area explained, and once per fact when an area is verified). An
    implementation that raises, or returns something that is not an iterable of values, is
    left out for that call, never the run: its values are not tried, and the explanation
    names the plugin. Only the first 100 values of each implementation are taken.

    :param area: the area's name (``"gift"``).
    :param fact: the fact's name within the area (``"value_usd"``).
    :param policy: the policy corpus as of the date the values are for (the scenario's date
        for ``explain``), so that a limit can be read from the edition in force
        (``policy.parameter("nutmeg", "gift-limit-usd")``).
    :returns: the values, or ``None`` (nothing to offer for this fact).
    """


# -----------------------------------------------------------------------------------------
# Evaluation: the template every area's evaluator hook follows
# -----------------------------------------------------------------------------------------


def ala_policy_evaluate_area(
    scenario: Scenario, facts: Any, policy: PolicyView
) -> Ruling | Iterable[Ruling] | None:
    """Template of an area evaluator hook (``ala_policy_evaluate_<area>``); not a hook itself.

    An area's plugin declares a spec of this signature under its own name; evaluators
    implement it. Each implementation is called on its own: one that raises or returns
    anything but a :class:`~ala_policy.Ruling`, an iterable of them, or ``None``, is named in
    the outcome and its finding is ``indeterminate``.

    :param scenario: the validated scenario.
    :param facts: the scenario's section for this area (an instance of the area's facts class).
    :param policy: the policy corpus as of the scenario's date.
    :returns: a ruling, several, or ``None`` when the evaluator has nothing to say.
    """


# -----------------------------------------------------------------------------------------
# Evaluation: the design card's four policy areas
# -----------------------------------------------------------------------------------------


@hookspec
def ala_policy_evaluate_gift(
    scenario: Scenario, facts: GiftFacts, policy: PolicyView
) -> Ruling | Iterable[Ruling] | None:
    """Decide the ``gift`` section of a scenario (Code III.C; III.B for the appearance of a
    conflict).

    Called one implementation at a time; every implementation's rulings are kept and
    combined by severity. A failure gives an ``indeterminate`` finding naming the plugin.

    :param scenario: the validated scenario.
    :param facts: its ``gift`` section.
    :param policy: the policy corpus as of the scenario's date.
    :returns: a ruling, several, or ``None`` when the evaluator has nothing to say.
    """


@hookspec
def ala_policy_evaluate_conflict_of_interest(
    scenario: Scenario, facts: ConflictOfInterestFacts, policy: PolicyView
) -> Ruling | Iterable[Ruling] | None:
    """Decide the ``conflict_of_interest`` section of a scenario (Code III.B and III.E).

    Called one implementation at a time; every implementation's rulings are kept and
    combined by severity. A failure gives an ``indeterminate`` finding naming the plugin.

    :param scenario: the validated scenario.
    :param facts: its ``conflict_of_interest`` section.
    :param policy: the policy corpus as of the scenario's date.
    :returns: a ruling, several, or ``None`` when the evaluator has nothing to say.
    """


@hookspec
def ala_policy_evaluate_directory_use(
    scenario: Scenario, facts: DirectoryUseFacts, policy: PolicyView
) -> Ruling | Iterable[Ruling] | None:
    """Decide the ``directory_use`` section of a scenario (Nonsolicitation preamble, Q3,
    Q5, Q8 and the Member Directory terms).

    Called one implementation at a time; every implementation's rulings are kept and
    combined by severity. A failure gives an ``indeterminate`` finding naming the plugin.

    :param scenario: the validated scenario (``scenario.actor.membership`` decides who may
        use the directory at all).
    :param facts: its ``directory_use`` section.
    :param policy: the policy corpus as of the scenario's date.
    :returns: a ruling, several, or ``None`` when the evaluator has nothing to say.
    """


@hookspec
def ala_policy_evaluate_solicitation(
    scenario: Scenario, facts: SolicitationFacts, policy: PolicyView
) -> Ruling | Iterable[Ruling] | None:
    """Decide the ``solicitation`` section of a scenario (Nonsolicitation preamble, Q1,
    Q2, Q4, Q6, Q7, Q8).

    Called one implementation at a time; every implementation's rulings are kept and
    combined by severity. A failure gives an ``indeterminate`` finding naming the plugin.

    :param scenario: the validated scenario (``scenario.actor.role`` gives the capacity
        when ``facts.capacity`` is not given).
    :param facts: its ``solicitation`` section.
    :param policy: the policy corpus as of the scenario's date.
    :returns: a ruling, several, or ``None`` when the evaluator has nothing to say.
    """
