"""Strict structuring of plain attrs classes, compiled once per class, without cattrs.

Why this restates what ``cattrs.gen`` generates: cattrs' generated structure functions
would do the same work at the same speed once cattrs is imported, but importing it is the
cost. Measured (cattrs 26.2, CPython 3.11, median of 11 runs, after attrs, pluggy, click and
PyYAML are loaded): ``import cattrs, cattrs.gen`` and building a converter take about 14 ms,
more than the rest of a one-file run's own work together, against a cold start held within
1.2 times the bare import of the dependencies (docs/performance.md, "Start-up"). So valid
scenarios, which are almost all of them, never import cattrs, and a batch pays nothing per
line for it. So the happy path uses structure functions compiled here, and cattrs (through
:mod:`ala_policy._parsing`) is imported only for what this module declines: a scenario that
fails here is structured again by cattrs' detailed converter, which names the field, and a
class with a field type not listed below is structured by cattrs' converter throughout.

A compiled function accepts exactly what the cattrs converters of ``_parsing`` accept, with
the same result (the tests hold them to each other on generated data):

* the keys are a subset of the ``init`` fields' names, and every field without a default
  is present;
* ``bool``: ``True`` or ``False`` only; ``str``: a string; ``int``: an integer but not a
  bool; ``float``: a finite int or float but not a bool, as a float;
  ``datetime.date``: a date (not a datetime) or an ISO ``YYYY-MM-DD`` string;
* ``Literal[...]`` of strings: one of them; ``tuple[str, ...]``: a list or tuple of strings;
* ``X | None`` of any of these: ``None`` too;
* a nested class that is itself supported: a ``dict``, structured the same way.

Anything else (a converter on a field, a type not above, an annotation that cannot be
resolved) makes :func:`compile_structurer` return ``None``. A compiled function raises
``Exception`` subclasses on bad data and says nothing about where: naming the field is the
detailed path's job.
"""

from __future__ import annotations

import datetime
import math
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from ._builders import build_lines, builder
from ._values import _structure_date, _structure_str_tuple

__all__ = ["InvalidDataError", "Structurer", "compile_structurer"]

Structurer = Callable[[Mapping[str, Any]], Any]


class InvalidDataError(ValueError):
    """The data does not fit the class (where and why are left to the detailed path)."""


_INVALID = InvalidDataError()
_compiled: dict[type, Structurer | None] = {}


def _check(tp: Any, name: str, env: dict[str, Any]) -> list[str] | None:
    """Lines that check (and convert) ``v`` for type ``tp``; ``None`` if unsupported."""
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = typing.get_args(tp)
        inner = [a for a in args if a is not type(None)]
        if len(args) != 2 or len(inner) != 1:
            return None
        lines = _check(inner[0], name, env)
        if lines is None:
            return None
        return ["if v is not None:", *(f"    {line}" for line in lines)]
    if tp is bool:
        return ["if v.__class__ is not bool: raise _INVALID"]
    if tp is str:
        return ["if not isinstance(v, str): raise _INVALID"]
    if tp is int:
        return ["if v.__class__ is bool or not isinstance(v, int): raise _INVALID"]
    if tp is float:
        return [
            "if v.__class__ is bool or not isinstance(v, (int, float)): raise _INVALID",
            "v = float(v)",
            "if not _isfinite(v): raise _INVALID",
        ]
    if tp is datetime.date:
        return ["v = _structure_date(v, None)"]
    if origin is Literal:
        members = typing.get_args(tp)
        if not members or any(m.__class__ is not str for m in members):
            return None
        env[f"_m_{name}"] = frozenset(members)
        return [f"if v.__class__ is not str or v not in _m_{name}: raise _INVALID"]
    if origin is tuple and typing.get_args(tp) == (str, ...):
        return ["v = _structure_str_tuple(v, None)"]
    if isinstance(tp, type) and attrs.has(tp):
        nested = compile_structurer(tp)
        if nested is None:
            return None
        env[f"_s_{name}"] = nested
        return ["if v.__class__ is not dict: raise _INVALID", f"v = _s_{name}(v)"]
    return None


def _generate(cls: type) -> Structurer | None:
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - an annotation that cannot be resolved: leave it to cattrs
        return None
    # Dates and lists of strings are checked by the shared hooks themselves (no call per
    # field is saved by inlining them).
    env: dict[str, Any] = {
        "_INVALID": _INVALID,
        "_isfinite": math.isfinite,
        "_structure_date": _structure_date,
        "_structure_str_tuple": _structure_str_tuple,
        "_cls": cls,
    }
    # With a builder, each field's value goes to a local (a{index}) and the instance is
    # built from them in field order; without one, to the keyword arguments of the class.
    build = builder(cls)
    # Unknown keys: every known key present is counted as it is read, and the count must be
    # the mapping's size (a frozenset's issuperset over the keys cost about 250
    # instructions a key, valgrind; a count, a few).
    required = 0
    body = ["n = 0"]
    if build is None:
        body.append("res = {}")
    args = []
    for index, field in enumerate(attrs.fields(cls)):
        if not field.init:
            continue
        if field.converter is not None or field.name not in hints:
            return None
        check = _check(hints[field.name], str(index), env)
        if check is None:
            return None
        key = repr(field.name)
        store = f"a{index} = v" if build is not None else f"res[{field.alias!r}] = v"
        args.append(f"a{index}")
        step = [f"v = o[{key}]", *check, store]
        if field.default is attrs.NOTHING:
            required += 1
            body += step
            continue
        body += [f"if {key} in o:", "    n += 1", *(f"    {line}" for line in step)]
        if build is not None:
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    return None
                env[f"_f{index}"] = default.factory
                body.append(f"else: a{index} = _f{index}()")
            else:
                env[f"_d{index}"] = default
                body.append(f"else: a{index} = _d{index}")
    body.append(f"if n + {required} != len(o): raise _INVALID")
    if build is not None:  # the instance is built here, without a call to the builder
        done = [*build_lines(cls, args, env, "built"), "return built"]
    else:
        done = ["return _cls(**res)"]
    source = "\n".join(["def structure(o):", *(f"    {line}" for line in [*body, *done])])
    exec(compile(source, f"<ala_policy structure {cls.__qualname__}>", "exec"), env)  # noqa: S102
    function: Structurer = env["structure"]
    return function


def compile_structurer(cls: type) -> Structurer | None:
    """A strict ``dict -> cls`` function, or ``None`` if ``cls`` has a field it cannot take.

    Compiled on first use and kept for the life of the process.
    """
    try:
        return _compiled[cls]
    except KeyError:
        pass
    _compiled[cls] = None  # a class that contains itself is left to cattrs
    function = _compiled[cls] = _generate(cls)
    return function
