"""Building the application: its configuration, the state its routes share, and the routes
of each part (:mod:`.api`, :mod:`.page`, :mod:`.metrics`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from ..decisionlog import DecisionLog
    from ..engine import Engine

__all__ = ["ServerConfig", "ServerState", "app_from_env", "create_app"]

#: The largest request body accepted, by default (larger: 413).
MAX_BODY = 1024 * 1024


@attrs.frozen(kw_only=True)
class ServerConfig:
    """How the application behaves.

    :param token: the token that reading the log requires (``Authorization: Bearer ...``);
        ``None``: the log cannot be read over HTTP at all.
    :param protect_decisions: the decision endpoints require the token too.
    :param max_body: the largest request body, in bytes.
    :param mask: fields masked in logged inputs besides ``actor.name`` and
        ``actor.organization`` (dotted paths).
    """

    token: str | None = None
    protect_decisions: bool = False
    max_body: int = MAX_BODY
    mask: tuple[str, ...] = ()


@attrs.define(kw_only=True)
class ServerState:
    """What every route shares: the engine, the log (or ``None``), the configuration and
    the metrics."""

    engine: Engine
    log: DecisionLog | None
    config: ServerConfig
    metrics: Any  # .metrics.Metrics


def create_app(
    engine: Engine | None = None,
    log: DecisionLog | str | None = None,
    *,
    token: str | None = None,
    protect_decisions: bool = False,
    max_body: int = MAX_BODY,
    mask: Iterable[str] = (),
) -> Starlette:
    """The ASGI application: the API under ``/v1``, ``/health``, ``/ready``, ``/metrics``,
    ``/openapi.json`` and the web page at ``/``.

    :param engine: the engine that decides (default: ``Engine()``, every installed plugin).
    :param log: a :class:`~ala_policy.decisionlog.DecisionLog`, or its URL
        (``sqlite:///decisions.db``, ``postgresql://...``), or ``None`` for no log.
    """
    raise NotImplementedError("being written (issue 14)")


def app_from_env() -> Starlette:
    """The application configured from ``ALA_POLICY_SERVER_*`` environment variables, for
    ``uvicorn --factory`` with several worker processes (``ala-policy serve --workers N``
    sets them)."""
    raise NotImplementedError("being written (issue 14)")
