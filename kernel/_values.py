"""The strict value checks both structuring paths share (:mod:`ala_policy._parsing`, the
detailed one, and :mod:`ala_policy._strict`, the compiled one): what a bool, a string, a
number, a date, a ``Literal`` or a list of strings accepts, and how a rejected value is
described. Apart from both so that neither imports the other.
"""

from __future__ import annotations

import datetime
import math
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal

from .errors import FieldError

#: A date as the documents say: YYYY-MM-DD, nothing else (``date.fromisoformat`` accepts
#: more on Python 3.11 and later, ``20260301`` or week dates, and less on 3.10).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _kind(value: Any) -> str:
    """What a value is, in the words of the scenario files (never a Python type's name)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date or time"
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    return "a value of another kind"


def _show(value: Any, depth: int = 0) -> str:
    """A short, deterministic rendering of a rejected value: never a ``repr`` whose order
    depends on the hash seed (sets are sorted), never a number too long to print, never a
    Python object's ``repr`` (a value of another kind shows nothing beyond its kind), and
    never deeper than two levels (a list nested 500 deep, or one that holds itself, is
    ``[[[...]]]``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 128:
            return f"(a number of about {int(value.bit_length() * 0.30103) + 1:,} digits)"
        return int.__repr__(value)  # an IntEnum member shows as its number
    if isinstance(value, float):
        if not math.isfinite(value):
            return "NaN" if math.isnan(value) else ("infinity" if value > 0 else "-infinity")
        return float.__repr__(value)
    if isinstance(value, str):
        text = repr(str.__str__(value))
    elif isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat()
    elif isinstance(value, (set, frozenset)):
        inner = "..." if depth >= 2 else ", ".join(sorted(_show(v, depth + 1) for v in value))
        text = "{" + inner + "}"
    elif isinstance(value, (list, tuple)):
        inner = "..." if depth >= 2 else ", ".join(_show(v, depth + 1) for v in value[:8])
        text = "[" + inner + "]"
    elif isinstance(value, Mapping):
        text = "{...}"
    else:
        return ""  # _kind has said what it is: "binary data", "a value of another kind"
    return text if len(text) <= 40 else text[:37] + "..."


def _got(value: Any) -> str:
    """What was given instead: its kind, and the value where it can be shown."""
    shown = _show(value)
    return f"{_kind(value)} {shown}" if shown else _kind(value)


def key_text(key: Any) -> str:
    """A mapping key as a field path shows it: a string as it is, anything else as
    :func:`_show` renders it (an integer too long to print included)."""
    if isinstance(key, str):
        return str.__str__(key)
    return _show(key) or f"({_kind(key)})"


def refuses_a_boolean(message: str) -> bool:
    """Whether a message of these checks refuses a boolean where another kind of value is
    wanted (``expected a string, got a boolean true``, ``false is not one of: ...``)."""
    return "got a boolean" in message or message.startswith(("true is not ", "false is not "))


# -- strict hooks ---------------------------------------------------------------------------


def _structure_bool(value: Any, _type: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {_got(value)}")


def _structure_str(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a string, got {_got(value)}")


def _structure_float(value: Any, _type: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            raise ValueError(f"is too large a number {_show(value)}") from None
        if math.isfinite(number):
            return number
        raise ValueError(f"expected a finite number, got {_show(value)}")
    raise ValueError(f"expected a number, got {_got(value)}")


def _structure_int(value: Any, _type: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"expected a whole number, got {_got(value)}")


def _structure_date(value: Any, _type: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), got a date and time")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError(f"{_show(value)} is not a valid date (YYYY-MM-DD)")
    raise ValueError(f"expected a date (YYYY-MM-DD), got {_got(value)}")


def _is_literal(tp: Any) -> bool:
    return typing.get_origin(tp) is Literal


def _literal_hook(tp: Any) -> Any:
    allowed = typing.get_args(tp)
    members = frozenset(allowed)

    def structure_literal(value: Any, _type: Any) -> Any:
        if value.__class__ is str and value in members:
            return value
        if isinstance(value, str) and str.__str__(value) in members:  # a str subclass
            return str.__str__(value)
        raise ValueError(f"{_show(value)} is not one of: {', '.join(map(str, allowed))}")

    return structure_literal


def _is_optional(tp: Any) -> bool:
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _is_str_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple and typing.get_args(tp) == (str, ...)


def _structure_str_tuple(value: Any, _type: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"expected a list of strings, got {_got(value)}")
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise FieldError([index], f"expected a string, got {_got(item)}")
        items.append(item)
    return tuple(items)
