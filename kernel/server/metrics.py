"""Prometheus metrics: requests by route and status, their latency, decisions by area and
outcome, plugin faults and decision-log writes; exposed at ``/metrics``.

Each application has a registry of its own, so several applications in one process (tests,
a chapter system mounting two) never share counts. Under ``ala-policy serve --workers N``
every worker process counts in files under ``PROMETHEUS_MULTIPROC_DIR`` (which ``serve``
sets up), and ``/metrics`` adds up every worker's, whichever worker answers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from ..models import Decision, Outcome

__all__ = ["MULTIPROCESS_ENV", "Metrics", "MetricsMiddleware"]

#: Set, the metrics of every worker process are kept in files in this folder and added up.
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

#: Latency buckets, in seconds: one decision takes well under a millisecond, a large batch
#: or an explanation up to seconds.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

#: The route label of a request no route matched.
UNMATCHED = "(unmatched)"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Metrics:
    """The application's metrics, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.requests = Counter(
            "ala_policy_http_requests",
            "HTTP requests answered, by route (its template), method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "ala_policy_http_request_duration_seconds",
            "Time from a request's arrival to the end of its response, by route.",
            ["route"],
            buckets=BUCKETS,
            registry=registry,
        )
        self.scenarios = Counter(
            "ala_policy_scenarios",
            "Scenarios answered, by decision ('error': it could not be read or validated).",
            ["decision"],
            registry=registry,
        )
        self.decisions = Counter(
            "ala_policy_decisions",
            "Decisions of each area of each scenario decided, by area and decision.",
            ["area", "decision"],
            registry=registry,
        )
        self.plugin_faults = Counter(
            "ala_policy_plugin_faults",
            "Findings of a plugin that failed (raised, returned garbage or ran out of time): "
            "each is indeterminate and names the plugin.",
            ["plugin", "area"],
            registry=registry,
        )
        self.log_writes = Counter(
            "ala_policy_log_written_decisions",
            "Decisions written to the decision log.",
            registry=registry,
        )
        self.log_write_failures = Counter(
            "ala_policy_log_write_failures",
            "Writes to the decision log that failed; the requests waiting on each were "
            "answered 503 and their decisions not given out.",
            registry=registry,
        )
        self.log_write_seconds = Histogram(
            "ala_policy_log_write_duration_seconds",
            "Time of one write to the decision log (one or more requests' decisions at once).",
            buckets=BUCKETS,
            registry=registry,
        )

    def count_outcomes(self, outcomes: Iterable[Outcome]) -> None:
        """Count scenarios by decision, their areas by decision, and plugin faults."""
        for outcome in outcomes:
            self.scenarios.labels(outcome.decision.value).inc()
            if outcome.decision is Decision.ERROR:
                continue
            by_area: dict[str, list[Decision]] = {}
            for finding in outcome.findings:
                by_area.setdefault(finding.area, []).append(finding.decision)
                if finding.error is not None:
                    self.plugin_faults.labels(finding.plugin or "(engine)", finding.area).inc()
            for area, decisions in by_area.items():
                self.decisions.labels(area, Decision.most_severe(decisions).value).inc()

    def exposition(self) -> tuple[bytes, str]:
        """The text exposition format, and its content type: this process's metrics, or
        every worker's when :data:`MULTIPROCESS_ENV` is set."""
        folder = os.environ.get(MULTIPROCESS_ENV)
        if folder:
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """Times every HTTP request and counts it by route template (``/v1/policies/{clause_id:
    path}``, never the path itself, so that the labels stay few), method and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        root = scope.get("root_path", "")
        status = 500  # what the client gets if the application fails before it answers

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = route_template(scope, root)
            self.metrics.requests.labels(route, scope.get("method", ""), str(status)).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - start)


def route_template(scope: Scope, root: str = "") -> str:
    """The template of the route that matched, behind the paths of the mounts it is in
    below ``root`` (the application's own mount point, when a chapter system mounts it),
    or :data:`UNMATCHED`."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if not isinstance(path, str) or hasattr(route, "routes"):  # none, or a mount's own
        return UNMATCHED
    mounted = str(scope.get("root_path", ""))
    prefix = mounted[len(root) :] if mounted.startswith(root) else ""
    return f"{prefix}{path}"
