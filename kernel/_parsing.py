"""Turning plain data into validated scenarios: strict, and every error with a field path.

Unknown keys are forbidden, types are strict (``"true"`` is not a bool, ``5`` is not a
string), enumerations name their allowed values, and every error carries a field path.

Two paths do this. The fast one uses the structure functions compiled by
:mod:`ala_policy._strict` and says only "no"; when it does, the same data is structured
again by the detailed path, the one private cattrs converter configuration below (with
``detailed_validation``), whose errors name the field. cattrs is imported only then, or for
a facts class with a field type ``_strict`` does not take.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ._builders import positional
from ._strict import Structurer, compile_structurer
from ._values import (
    _got,
    _is_literal,
    _is_optional,
    _is_str_tuple,
    _kind,
    _literal_hook,
    _structure_bool,
    _structure_date,
    _structure_float,
    _structure_int,
    _structure_str,
    _structure_str_tuple,
    key_text,
)
from .errors import FieldError
from .models import Actor, Expectation, Scenario, Source

if typing.TYPE_CHECKING:
    import cattrs

    from .areas import Area

PathPart = str | int

#: The envelope's keys; every other top-level key must be a registered area.
ENVELOPE_KEYS = ("id", "title", "date", "actor", "expect")
#: A key a scenario (or a ``scenarios:`` file) may hold for editors, pointing at its JSON
#: Schema; ignored.
SCHEMA_KEY = "$schema"
_ENVELOPE = frozenset(ENVELOPE_KEYS)


def format_path(parts: typing.Sequence[PathPart], prefix: str = "") -> str:
    """A path as users see it: ``["scenarios", 3, "gift", "act"]`` -> ``scenarios[3].gift.act``."""
    out = prefix
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    """The cattrs configuration: with ``detailed``, the detailed path; without, the fast path
    of the classes :mod:`ala_policy._strict` does not take."""
    import cattrs

    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_func(_is_str_tuple, _structure_str_tuple)

    def optional_hook(tp: Any) -> Any:
        inner_type = next(a for a in typing.get_args(tp) if a is not type(None))
        if inner_type is bool:  # one check instead of two calls, on the hot path

            def structure_optional_bool(value: Any, _type: Any) -> Any:
                if value is None or value.__class__ is bool:
                    return value
                return _structure_bool(value, bool)

            return structure_optional_bool
        if _is_literal(inner_type):
            members = frozenset(typing.get_args(inner_type))
            literal = _literal_hook(inner_type)

            def structure_optional_literal(value: Any, _type: Any) -> Any:
                if value is None or (value.__class__ is str and value in members):
                    return value
                return literal(value, inner_type)

            return structure_optional_literal
        inner = converter.get_structure_hook(inner_type)

        def structure_optional(value: Any, _type: Any) -> Any:
            return None if value is None else inner(value, inner_type)

        return structure_optional

    converter.register_structure_hook_factory(_is_optional, optional_hook)
    return converter


_converters: dict[bool, cattrs.Converter] = {}  # built when first needed


def _converter(*, detailed: bool) -> cattrs.Converter:
    converter = _converters.get(detailed)
    if converter is None:
        converter = _converters[detailed] = _make_converter(detailed=detailed)
    return converter


def _fast_hook(cls: type) -> Structurer:
    """The fast path's ``dict -> cls``: compiled by ``_strict``, else cattrs' own."""
    hook = _fast_hooks.get(cls)
    if hook is None:
        hook = compile_structurer(cls)
        if hook is None:
            cattrs_hook = _converter(detailed=False).get_structure_hook(cls)

            def hook(data: Mapping[str, Any], /) -> Any:
                return cattrs_hook(data, cls)

        _fast_hooks[cls] = hook
    return hook


# -- errors -------------------------------------------------------------------------------


def _leaf_errors(exc: BaseException, parts: list[PathPart]) -> Iterator[tuple[list[PathPart], str]]:
    from cattrs.errors import (
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
    )

    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _leaf_errors(sub, [*parts, note.name])
        for sub in without:
            yield from _leaf_errors(sub, parts)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without = exc.group_exceptions()
        for sub, inote in with_notes_i:
            yield from _leaf_errors(sub, [*parts, inote.index])
        for sub in without:
            yield from _leaf_errors(sub, parts)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(map(key_text, exc.extra_fields)):
            known = ", ".join(f.name for f in attrs.fields(exc.cl)) if exc.cl else ""
            yield [*parts, key], f"unknown field (known: {known})"
    elif isinstance(exc, FieldError):
        yield [*parts, *exc.parts], exc.message
    elif isinstance(exc, KeyError):
        yield parts, "is required"
    else:
        yield parts, str(exc)


def _first_error(exc: BaseException, parts: list[PathPart]) -> FieldError:
    for path, message in _leaf_errors(exc, parts):
        return FieldError(path, message)
    return FieldError(parts, str(exc) or type(exc).__name__)  # pragma: no cover - defensive


_fast_hooks: dict[type, Structurer] = {}
_CACHE_LIMIT = 1024
#: Actors by their role (an actor of one key) or their items and member's class.
_actors: dict[Any, Actor] = {}
_dates: dict[str, datetime.date] = {}
_build_scenario = positional(Scenario)


def _structure(data: Any, cls: type, parts: list[PathPart]) -> Any:
    if not isinstance(data, Mapping):
        raise FieldError(parts, f"expected a mapping, got {_got(data)}")
    try:
        return _fast_hook(cls)(data)
    except Exception:  # noqa: BLE001, S110 - any failure is re-run in detail to name the field
        pass
    from cattrs.errors import ClassValidationError, IterableValidationError

    try:
        return _converter(detailed=True).structure(data, cls)
    except (ClassValidationError, IterableValidationError, ValueError, TypeError) as exc:
        raise _first_error(exc, parts) from None


# -- scenarios ------------------------------------------------------------------------------


#: The envelope's fields and their types, checked one by one (in this order) on the
#: detailed path.
ENVELOPE_TYPES: dict[str, Any] = {
    "id": str,
    "actor": Actor,
    "title": str | None,
    "date": datetime.date | None,
    "expect": Expectation | None,
}
#: The envelope's fields that are attrs classes (or ``None``, where the type allows it).
_ENVELOPE_CLASSES: dict[str, type] = {"actor": Actor, "expect": Expectation}


def _structure_envelope(envelope: dict[str, Any]) -> dict[str, Any]:
    from cattrs.errors import ClassValidationError, IterableValidationError

    converter = _converter(detailed=True)
    out: dict[str, Any] = dict.fromkeys(("title", "date", "expect"))
    # In declared order, so that the first error reported does not depend on key order.
    for key, tp in ENVELOPE_TYPES.items():
        if key not in envelope:
            continue
        value = envelope[key]
        cls = _ENVELOPE_CLASSES.get(key)
        if cls is not None:
            optional = tp is not cls
            out[key] = None if value is None and optional else _structure(value, cls, [key])
            continue
        try:
            out[key] = converter.structure(value, tp)
        except (ClassValidationError, IterableValidationError, ValueError, TypeError) as exc:
            raise _first_error(exc, [key]) from None
    return out


def structure_scenario(
    data: Any, areas: Mapping[str, Area], *, source: Source | None = None
) -> Scenario:
    """Validate plain data into a :class:`Scenario`.

    :raises FieldError: with the path of the first problem found.
    """
    if data.__class__ is dict:
        fast = fast_scenario(data, areas, source)
        if fast is not None:
            return fast
    elif not isinstance(data, Mapping):
        raise FieldError([], f"a scenario is a mapping, got {_kind(data)}")
    else:
        try:  # any mapping (a MappingProxyType, a ChainMap...) is read as its dict
            data = dict(data.items())
        except Exception as exc:  # noqa: BLE001 - a mapping that cannot be read
            raise FieldError([], f"a mapping that cannot be read: {type(exc).__name__}") from None
        fast = fast_scenario(data, areas, source)
        if fast is not None:
            return fast
    # The detailed path: the fast one said no (or cannot read this), so find the problem.
    envelope: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    for key, value in data.items():
        if key in _ENVELOPE:
            envelope[key] = value
        elif key in areas:
            sections[key] = value
        elif key == SCHEMA_KEY and isinstance(value, str):
            continue  # where an editor finds the schema (docs/scenarios.md, "Files")
        else:
            known = ", ".join([*ENVELOPE_KEYS, *sorted(areas)])
            raise FieldError([key_text(key)], f"unknown key (expected one of: {known})")
    for required in ("id", "actor"):
        if required not in envelope:
            raise FieldError([required], "is required")
    if not sections:
        raise FieldError([], f"no area section: add at least one of {', '.join(sorted(areas))}")
    env = _structure_envelope(envelope)
    facts = {name: _structure(value, areas[name].facts, [name]) for name, value in sections.items()}
    try:
        return Scenario(
            id=env["id"],
            actor=env["actor"],
            areas=facts,
            title=env["title"],
            date=env["date"],
            expect=env["expect"],
            source=source,
        )
    except ValueError as exc:
        raise FieldError(["id"], str(exc)) from None


def fast_scenario(
    data: dict[str, Any], areas: Mapping[str, Area], source: Source | None = None
) -> Scenario | None:
    """The common case: a valid scenario as a ``dict``, structured by the compiled functions
    of :mod:`ala_policy._strict` in one pass over its keys, without intermediate objects;
    ``None`` on any problem, which :func:`structure_scenario`'s detailed path then names."""
    try:
        hooks = _fast_hooks
        facts = {}
        for key, value in data.items():
            if key in _ENVELOPE:
                continue
            area = areas.get(key)
            if area is None:
                if key == SCHEMA_KEY and value.__class__ is str:
                    continue
                return None
            if value.__class__ is not dict:
                return None
            cls = area.facts
            hook = hooks.get(cls) or _fast_hook(cls)
            facts[key] = hook(value)
        if not facts:
            return None
        ident = data["id"]
        actor = data["actor"]
        if ident.__class__ is not str or actor.__class__ is not dict:
            return None
        title = data.get("title")
        if title is not None and title.__class__ is not str:
            return None
        date = data.get("date")
        if date is not None:
            day = _dates.get(date) if date.__class__ is str else None
            if day is None:
                day = _structure_date(date, datetime.date)
                if date.__class__ is str and len(_dates) < _CACHE_LIMIT:
                    _dates[date] = day
            date = day
        expect = data.get("expect")
        if expect is not None:
            if expect.__class__ is not dict:
                return None
            expect = _fast_hook(Expectation)(expect)
        # Actors repeat across a batch and are frozen: share one object per distinct actor.
        # The key holds member's class too: 1 == True, but only a bool is a member value.
        if len(actor) == 1:  # the usual actor, a role alone: its role is its key
            actor_key: Any = actor.get("role")
        else:
            actor_key = (*actor.items(), actor.get("member").__class__)
        actor_object = _actors.get(actor_key)
        if actor_object is None:
            actor_object = _fast_hook(Actor)(actor)
            if len(_actors) < _CACHE_LIMIT:
                _actors[actor_key] = actor_object
        # Scenario(...), in field order (ala_policy._builders says why).
        return _build_scenario(ident, actor_object, facts, title, date, expect, source)
    except Exception:  # noqa: BLE001 - the detailed path finds and names the problem
        return None


def peek_id(data: Any) -> str | None:
    """The scenario's id if it has a usable one (for error outcomes)."""
    if isinstance(data, dict):
        value = data.get("id")
        if isinstance(value, str):
            return value
    return None


def structure_facts(data: Any, area: Area) -> Any:
    """Validate one area section (used by ``explain`` and third-party tooling)."""
    return _structure(data, area.facts, [area.name])


__all__ = [
    "ENVELOPE_KEYS",
    "ENVELOPE_TYPES",
    "FieldError",
    "format_path",
    "peek_id",
    "structure_facts",
    "structure_scenario",
]
