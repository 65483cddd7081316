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
(``attrs.validators.set_disabled``), reading the switch as attrs' generated ``__init__``
does (``attr._config._run_validators``, not a call of ``get_disabled()``). It accepts only
what it can do exactly that for: a frozen, slotted attrs class that is not an exception,
whose ``__init__`` is attrs' own, with no converter, no ``__attrs_pre_init__`` or
``__attrs_post_init__``, no cached hash, and every field in ``__init__``; for any other class
it returns ``None``, and callers call the class.
The tests hold each builder to the class on the kernel's models and the facts classes.

Faster still, for the kernel's own hot classes: storing a field through its slot's
descriptor is a call (about 60 ns each on CPython 3.11), while a plain attribute store on an
instance of a class without a ``__setattr__`` of its own is specialised by the interpreter
(a few ns). So a hot class may take its slots from a plain base class that declares exactly
the fields' slots (and ``__weakref__``) and nothing else, in field order; see
:func:`slots_base`. Its builder then allocates an instance of that base, stores each field
with a plain store, and gives the instance its class (``o.__class__ = cls``: the layouts are
the same, which the interpreter checks) before running the validators. Measured (CPython
3.11, ``timeit``, an eleven-field frozen class): 0.36 µs a build, against 0.88 µs through the
descriptors and 1.1 µs calling the class positionally. The instance is the class's own; the
base only shows in ``cls.__mro__``.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
from attr import _config  # where attrs.validators.set_disabled() keeps its switch

__all__ = ["Builder", "build_lines", "builder", "positional", "slots_base"]

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


def slots_base(cls: type) -> type | None:
    """The plain base class ``cls`` takes its fields' slots from, if it has one that its
    builder may build instances of and then give the class ``cls``; else ``None``.

    Such a base: the only base of ``cls``, itself based on ``object`` alone, not an attrs
    class, with ``object``'s ``__new__`` and ``__setattr__``, declaring ``__slots__`` of
    exactly the fields' names in field order and ``__weakref__``; ``cls`` adds no slot of
    its own (the same size) and uses the base's slot for every field.
    """
    if len(cls.__bases__) != 1:
        return None
    base = cls.__bases__[0]
    if base is object or base.__bases__ != (object,) or attrs.has(base):
        return None
    plain: Any = base  # its methods compared by identity with object's
    if plain.__setattr__ is not object.__setattr__ or plain.__new__ is not object.__new__:
        return None
    model: Any = cls  # an attrs class (attrs.has above is of its base)
    names = tuple(field.name for field in attrs.fields(model))
    if base.__dict__.get("__slots__") != (*names, "__weakref__"):
        return None
    if cls.__basicsize__ != base.__basicsize__ or any(n.startswith("__") for n in names):
        return None
    if any(getattr(cls, name) is not base.__dict__[name] for name in names):
        return None
    try:  # the interpreter must agree that the layouts are the same
        object.__new__(base).__class__ = cls
    except TypeError:
        return None
    return base


def build_lines(cls: type, values: list[str], env: dict[str, Any], into: str) -> list[str]:
    """The lines that build an instance of ``cls`` (one :func:`builder` accepts) from the
    expressions ``values``, in field order, into the local ``into``; the names they use are
    added to ``env``, prefixed ``_b_``. For a compiled function that builds an instance
    itself rather than calling the builder (``ala_policy._strict`` does)."""
    model: Any = cls  # an attrs class: builder() accepted it
    fields = attrs.fields(model)
    base = slots_base(cls)
    env["_b_new"] = object.__new__
    env["_b_cls"] = cls
    env["_b_base"] = base
    env["_b_config"] = _config
    lines = [f"{into} = _b_new(_b_cls)" if base is None else f"{into} = _b_new(_b_base)"]
    checks = []
    for index, (field, value) in enumerate(zip(fields, values, strict=True)):
        if base is not None:  # a plain store on the base's instance, then its class
            lines.append(f"{into}.{field.name} = {value}")
        else:
            env[f"_b_set{index}"] = getattr(cls, field.name).__set__
            lines.append(f"_b_set{index}({into}, {value})")
        if field.validator is not None:
            env[f"_b_check{index}"] = field.validator
            env[f"_b_field{index}"] = field
            checks.append(f"    _b_check{index}({into}, _b_field{index}, {value})")
    if base is not None:
        lines.append(f"{into}.__class__ = _b_cls")
    if checks:
        lines += ["if _b_config._run_validators is True:", *checks]
    return lines


def _generate(cls: type) -> Builder:
    model: Any = cls  # an attrs class: builder() accepted it
    params = [f"v{index}" for index in range(len(attrs.fields(model)))]
    env: dict[str, Any] = {}
    body = [*build_lines(cls, params, env, "o"), "return o"]
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
