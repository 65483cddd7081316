"""The strict value checks both structuring paths share (:mod:`ala_policy._parsing`, the
detailed one, and :mod:`ala_policy._strict`, the compiled one): what a bool, a string, a
number, a date, a ``Literal`` or a list of strings accepts, and how a rejected value is
described. Apart from both so that neither imports the other.
"""

from __future__ import annotations

import datetime
import math
import types
import typing
from typing import Any, Literal

from .errors import FieldError


def _kind(value: Any) -> str:
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
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- strict hooks ---------------------------------------------------------------------------


def _structure_bool(value: Any, _type: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {_kind(value)} {_show(value)}")


def _structure_str(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a string, got {_kind(value)} {_show(value)}")


def _structure_float(value: Any, _type: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
    raise ValueError(f"expected a number, got {_kind(value)} {_show(value)}")


def _structure_int(value: Any, _type: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"expected a whole number, got {_kind(value)} {_show(value)}")


def _structure_date(value: Any, _type: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), got a date and time")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{_show(value)} is not a valid date (YYYY-MM-DD)") from None
    raise ValueError(f"expected a date (YYYY-MM-DD), got {_kind(value)} {_show(value)}")


def _is_literal(tp: Any) -> bool:
    return typing.get_origin(tp) is Literal


def _literal_hook(tp: Any) -> Any:
    allowed = typing.get_args(tp)
    members = frozenset(allowed)

    def structure_literal(value: Any, _type: Any) -> Any:
        if value.__class__ is str and value in members:
            return value
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
        raise ValueError(f"expected a list of strings, got {_kind(value)} {_show(value)}")
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise FieldError([index], f"expected a string, got {_kind(item)} {_show(item)}")
        items.append(item)
    return tuple(items)
