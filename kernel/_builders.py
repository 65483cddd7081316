"""Building frozen attrs instances without calling the class, for the hot path.

Why: on CPython before 3.13, calling a class with keyword arguments does not take the fast
call path. ``Finding(area=..., decision=..., ...)`` builds a tuple and a dict of its
arguments for ``type.__call__``, unpacks the dict again into ``__init__``'s parameters, and
only then runs the ``__init__`` attrs generated. Measured (CPython 3.11.7, the project's
2-core machine, ``timeit``): ``Finding(...)`` with its eleven keyword arguments took about
2.6 µs, of which the eleven field stores are under 1 µs; the same instance built by the
function below took 0.9 µs. ``Engine.evaluate`` builds several such instances per decision.

:func:`builder` compiles, once per class, a plain function that takes every field
positionally, in the order of ``attrs.fields(cls)``, and does exactly what the generated
``__init__`` does for the classes it accepts: it allocates the instance, stores each field
through its slot's descriptor (as attrs' ``object.__setattr__`` does for a frozen class),
then runs the field validators in field order unless validators are disabled
(``attrs.validators.set_disabled``). It accepts only what it can do exactly that for: a
frozen, slotted attrs class that is not an exception, whose ``__init__`` is attrs' own, with
no converter, no ``__attrs_pre_init__`` or ``__attrs_post_init__``, no cached hash, and every
field in ``__init__``; for any other class it returns ``None``, and callers call the class.
The tests hold each builder to the class on the kernel's models and the facts classes.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["Builder", "builder", "positional"]

Builder = Callable[..., Any]
T = TypeVar("T")

_built: dict[type, Builder | None] = {}


def _supported(cls: type) -> bool:
    if not (isinstance(cls, type) and attrs.has(cls)) or issubclass(cls, BaseException):
        return False
    if "__slots__" not in cls.__dict__ or getattr(cls, "_attrs_cached_hash", None) is not None:
        return False
    if getattr(cls.__setattr__, "__name__", None) != "_frozen_setattrs":
        return False  # not frozen: its __init__ may run setattr hooks
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
        return False
    init = cls.__dict__.get("__init__")
    code = getattr(init, "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated"):
        return False  # a hand-written __init__, or one inherited
    for field in attrs.fields(cls):
        if not field.init or field.converter is not None:
            return False
        if not isinstance(getattr(cls, field.name, None), types.MemberDescriptorType):
            return False
    return True


def _generate(cls: type) -> Builder:
    fields = attrs.fields(cls)
    env: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": cls,
        "_disabled": attrs.validators.get_disabled,
    }
    params = [f"v{index}" for index in range(len(fields))]
    body = ["o = _new(_cls)"]
    checks = []
    for index, field in enumerate(fields):
        env[f"_set{index}"] = getattr(cls, field.name).__set__
        body.append(f"_set{index}(o, v{index})")
        if field.validator is not None:
            env[f"_check{index}"] = field.validator
            env[f"_field{index}"] = field
            checks.append(f"    _check{index}(o, _field{index}, v{index})")
    if checks:
        body += ["if not _disabled():", *checks]
    body.append("return o")
    source = "\n".join([f"def build({', '.join(params)}):", *(f"    {line}" for line in body)])
    exec(compile(source, f"<ala_policy build {cls.__qualname__}>", "exec"), env)  # noqa: S102
    function: Builder = env["build"]
    return function


def builder(cls: type) -> Builder | None:
    """A function that takes every field of ``cls`` positionally, in field order, and
    returns what ``cls(**fields)`` would; ``None`` if ``cls`` is not one it can build
    exactly. Compiled on first use and kept for the life of the process."""
    try:
        return _built[cls]
    except KeyError:
        pass
    function = _built[cls] = _generate(cls) if _supported(cls) else None
    return function


def positional(cls: type[T]) -> Callable[..., T]:
    """:func:`builder` where it can, else a function that calls the class with the same
    positional arguments as keywords: callers need not care which."""
    function = builder(cls)
    if function is not None:
        return function
    model: Any = cls  # an attrs class (attrs.fields fails on any other)
    aliases = tuple(field.alias for field in attrs.fields(model))

    def call(*values: Any) -> T:
        return cls(**dict(zip(aliases, values, strict=True)))

    return call
