"""The exceptions ala-policy raises, each carrying the data a caller needs to act on it."""

from __future__ import annotations


class AlaPolicyError(Exception):
    """Base class of every error ala-policy raises on purpose."""


class FieldError(ValueError):
    """A value is wrong; ``parts`` is the path to it (relative to where it is raised).

    Raise it from an attrs validator of a facts class to name the field:
    ``raise FieldError([attribute.name], "must be 0 or more")``.
    """

    def __init__(self, parts: list[str | int], message: str) -> None:
        super().__init__(message)
        self.parts = parts
        self.message = message


class ScenarioError(AlaPolicyError):
    """A scenario (or a file of scenarios) cannot be read or validated.

    :param message: what is wrong, in one line.
    :param file: the file (or ``<stdin>``, ``<mapping>``) it came from.
    :param line: the 1-based line the problem is on, where the format has lines.
    :param path: the field path, e.g. ``scenarios[3].gift.act``.
    :param scenario_id: the id of the scenario, where it could be read.

    Each is kept as an attribute of the same name.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
        scenario_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.path = path
        self.scenario_id = scenario_id

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.path}: " if self.path else ""
        return f"{where}{field}{self.message}"


class PolicyError(AlaPolicyError):
    """A policy document is malformed, or an evaluator cites a clause that does not exist.

    :param message: what is wrong.
    :param clause_id: the clause id concerned, if any (kept as ``clause_id``).
    """

    def __init__(self, message: str, *, clause_id: str | None = None) -> None:
        super().__init__(message)
        self.clause_id = clause_id


class PluginError(AlaPolicyError):
    """A plugin failed: it did not import, it raised, or it returned something unusable.

    :param message: what went wrong.
    :param plugin: the plugin's registered name.
    :param hook: the hook it failed in, if any.
    :param cause: the underlying exception, if any.

    ``plugin``, ``hook`` and ``cause`` are kept as attributes of the same names.
    """

    def __init__(
        self,
        message: str,
        *,
        plugin: str,
        hook: str | None = None,
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(message)
        self.plugin = plugin
        self.hook = hook
        self.cause = cause


class UsageError(AlaPolicyError):
    """A caller asked for something that does not exist (an unknown format, area, plugin)."""


class TimedOut(BaseException):
    """The time given to one scenario's evaluation ran out (``evaluate --timeout``).

    A ``BaseException``, so that a plugin's ``except Exception`` does not swallow it.
    """


def describe_exception(exc: BaseException) -> str:
    """``Type: message`` for an exception a plugin raised, whatever it is: an exception whose
    ``str()`` (or whose type's name) itself raises is still described, never re-raised."""
    try:
        name = type(exc).__name__
        if not isinstance(name, str):
            name = "exception"
    except BaseException:  # noqa: BLE001 - a hostile type: describe it anyway
        name = "exception"
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001 - a hostile __str__: describe it anyway
        return f"{name} (its message could not be read)"
    return f"{name}: {text}" if text else name
