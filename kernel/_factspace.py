"""The space of an area's facts that ``ala-policy verify`` walks (see :mod:`ala_policy.verify`):
each fact's values, the actors, and every-pair covers of spaces too large to walk whole."""

from __future__ import annotations

import itertools
import random
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from ._candidates import unique
from .explain import fact_values
from .models import ROLES

__all__ = ["ACTORS", "NUMBERS", "OMIT", "choices", "pairs_cover", "space"]

#: The values a number is given.
NUMBERS = (0.0, 1.0, 50.0, 100.0, 1000.0)

#: A fact left out of the section.
OMIT: Any = object()


def choices(
    facts_class: type, offered: Callable[[str], tuple[Any, ...]] | None = None
) -> dict[str, tuple[Any, ...]]:
    """Each fact's values, with "left out" (``OMIT``) for every optional fact.

    :param offered: the values plugins offer for a fact, by its name, that fit its type
        (:func:`ala_policy._candidates.fact_candidates`): added to a number's few values
        (in order), and to a fact's own values (free text has none without them).
    """
    values = fact_values(facts_class)
    hints = typing.get_type_hints(facts_class)
    found: dict[str, tuple[Any, ...]] = {}
    for field in attrs.fields(facts_class):
        own = values.get(field.name)
        extra = offered(field.name) if offered is not None else ()
        if own is None:
            args = (hints[field.name], *typing.get_args(hints[field.name]))
            number = (
                NUMBERS if float in args else tuple(int(n) for n in NUMBERS) if int in args else ()
            )
            own = tuple(sorted(unique((*number, *extra)))) if number else unique(extra)
        else:
            own = unique((*own, *extra))
        optional = field.default is not attrs.NOTHING
        if own:
            found[field.name] = (*own, OMIT) if optional else own
    return found


ACTORS = tuple(
    (role, member)
    for role in ROLES
    for member in (None, True, False)
    if not (role == "member" and member is False) and not (role == "non_member" and member)
)


def pairs_cover(dims: list[tuple[Any, ...]], rng: random.Random) -> Iterator[tuple[Any, ...]]:
    """A greedy all-pairs cover: rows such that every value of every dimension meets every
    value of every other dimension in some row."""
    uncovered = {
        (i, a, j, b)
        for i, j in itertools.combinations(range(len(dims)), 2)
        for a in range(len(dims[i]))
        for b in range(len(dims[j]))
    }
    while uncovered:
        best: tuple[int, ...] | None = None
        best_gain = -1
        for _ in range(40):
            i, a, j, b = rng.choice(sorted(uncovered))
            row = [rng.randrange(len(d)) for d in dims]
            row[i], row[j] = a, b
            gain = sum(
                (p, row[p], q, row[q]) in uncovered
                for p, q in itertools.combinations(range(len(dims)), 2)
            )
            if gain > best_gain:
                best, best_gain = tuple(row), gain
        assert best is not None
        for p, q in itertools.combinations(range(len(dims)), 2):
            uncovered.discard((p, best[p], q, best[q]))
        yield tuple(dims[k][best[k]] for k in range(len(dims)))


def space(
    facts_class: type,
    max_combinations: int,
    sample: int,
    seed: int,
    each: dict[str, tuple[Any, ...]] | None = None,
) -> tuple[Iterator[tuple[dict[str, Any], tuple[str, bool | None]]], int, bool]:
    """The scenarios to walk (a section and an actor each), how many the whole space holds,
    and whether they are all of it; ``each`` is :func:`choices` (of the class alone when
    not given)."""
    each = choices(facts_class) if each is None else each
    names = list(each)
    dims = [*each.values(), ACTORS]
    size = 1
    for values in dims:
        size *= len(values)

    def rows(combos: Iterable[tuple[Any, ...]]) -> Iterator[tuple[dict[str, Any], Any]]:
        for combo in combos:
            section = {n: v for n, v in zip(names, combo[:-1], strict=True) if v is not OMIT}
            yield section, combo[-1]

    if size <= max_combinations:
        return rows(itertools.product(*dims)), size, True
    rng = random.Random(f"verify:{facts_class.__qualname__}:{seed}")  # noqa: S311 - seeded on purpose
    pairs = list(pairs_cover(dims, rng))
    randoms = (tuple(rng.choice(d) for d in dims) for _ in range(sample))
    return rows(itertools.chain(pairs, randoms)), size, False
