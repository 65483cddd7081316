"""The web page for people, at ``/``: pick what happened (an area), answer the questions
``ala-policy ask`` asks, and read the cited outcome as the html report shows it, with the
scenario file to download.

Plain HTML forms, no JavaScript, and no resource from anywhere but this server: every
response carries ``Content-Security-Policy: default-src 'self'``, and the report's styles
are served as a stylesheet of the page rather than inline. The routes:

``GET /``
    the areas to choose from (a form that asks ``GET /ask?area=...``);
``GET /ask?area=AREA``
    the questions of one area (answers given in the query fill the form);
``POST /ask``
    decide the answers: the outcome (200), or the form again with each error beside its
    field and every answer kept (422);
``GET /scenario.yaml?area=AREA&...``
    the scenario the answers make, as ``ask`` writes it (``Content-Disposition:
    attachment``);
``GET /static/page.css``, ``GET /static/report.css``
    the page's styles and the html report's.
"""

from __future__ import annotations

import datetime
import io
import logging
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from ..formats import FormatOptions
from ..models import Outcome, Summary
from ._page_answers import (
    DATE_FIELD,
    ENVELOPE,
    ROLE_FIELD,
    Answers,
    area_fields,
    download_name,
    read_answers,
)
from ._page_form import esc
from ._page_html import area_form, areas_form, outcome_page, stylesheet

if TYPE_CHECKING:
    from ..areas import Area
    from ._app import ServerState

__all__ = ["CSP", "routes"]

_log = logging.getLogger(__name__)

#: The Content-Security-Policy of every page response: nothing from another origin, no
#: inline script or style, forms posted only here.
CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"
_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


_LOG_FAILED = (
    "The decision could not be written to the decision log, so it is not shown. "
    "Please try again later."
)


class _LogWriteError(Exception):
    """The decision log could not be written (the answers, to show the form again)."""

    def __init__(self, answers: Answers) -> None:
        super().__init__("the decision log could not be written")
        self.answers = answers


def routes(state: ServerState) -> list[BaseRoute]:
    """The page's routes, deciding with ``state.engine`` and logging to ``state.log``."""
    page = _Page(state)
    return [
        Route("/", page.home, methods=["GET"], name="page:home"),
        Route("/ask", page.ask, methods=["GET", "POST"], name="page:ask"),
        Route("/scenario.yaml", page.download, methods=["GET"], name="page:download"),
        Route("/static/page.css", page.page_css, methods=["GET"], name="page:css"),
        Route("/static/report.css", page.report_css, methods=["GET"], name="page:report-css"),
    ]


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers={**_HEADERS, "Cache-Control": "no-store"})


def _root(request: Request) -> str:
    """The path the application is mounted at (``""`` at the root): every link starts with
    it, so the page works inside a chapter system's own application."""
    return str(request.scope.get("root_path", "")).rstrip("/")


class _Page:
    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._report_css: str | None = None

    @property
    def areas(self) -> Mapping[str, Area]:
        return self.state.engine.areas

    # -- routes -----------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return _html(areas_form(self.areas, _root(request)))

    async def ask(self, request: Request) -> Response:
        root = _root(request)
        if request.method == "POST":
            form: Mapping[str, Any] = await request.form(max_files=0)
        else:
            form = request.query_params
        area = self._area(form.get("area"))
        if area is None:
            return self._no_area(form.get("area"), root)
        if request.method == "GET":
            initial = {name: str(form.get(name, "")) for name in _field_names(area)}
            initial[DATE_FIELD] = initial[DATE_FIELD] or datetime.date.today().isoformat()
            initial[ROLE_FIELD] = initial[ROLE_FIELD] or "member"
            return _html(area_form(area, initial, {}, root))
        try:
            answers, outcome, decision_id = await run_in_threadpool(self._decide, area, form)
        except _LogWriteError as exc:  # nothing is shown as decided that the log does not hold
            return _html(area_form(area, exc.answers.raw, {"": _LOG_FAILED}, root), 503)
        if outcome is None:
            return _html(area_form(area, answers.raw, answers.errors, root), 422)
        query = _query(area, answers.normalized())
        return _html(
            outcome_page(
                area,
                answers,
                outcome,
                self._outcome_html(outcome),
                root=root,
                download=f"{root}/scenario.yaml?{query}",
                decision_id=decision_id,
            )
        )

    async def download(self, request: Request) -> Response:
        form = request.query_params
        root = _root(request)
        area = self._area(form.get("area"))
        if area is None:
            return self._no_area(form.get("area"), root)
        answers = read_answers(self.state.engine, area, form, datetime.date.today())
        if not answers.ok or answers.data is None or answers.scenario is None:
            return _html(area_form(area, answers.raw, answers.errors, root), 422)
        outcome = await run_in_threadpool(self.state.engine.evaluate, answers.scenario)
        name = download_name(answers.data["id"])
        return Response(
            _scenario_yaml(answers.data, outcome, name),
            media_type="application/yaml",
            headers={
                **_HEADERS,
                "Cache-Control": "no-store",
                # the id is letters, digits, '.', '_' and '-' only: safe between the quotes
                "Content-Disposition": f'attachment; filename="{name}"',
            },
        )

    async def page_css(self, _request: Request) -> Response:
        return _css(stylesheet())

    async def report_css(self, _request: Request) -> Response:
        if self._report_css is None:
            self._report_css = _report_style(self._render_report([]))
        return _css(self._report_css)

    # -- helpers ----------------------------------------------------------------------------

    def _area(self, name: object) -> Area | None:
        return self.areas.get(name) if isinstance(name, str) else None

    def _no_area(self, name: object, root: str) -> Response:
        if isinstance(name, str) and name:
            error = f"There is no area {name!r}: choose one of these."
            return _html(areas_form(self.areas, root, error=error), 404)
        return _html(areas_form(self.areas, root, error="Choose what happened."), 422)

    def _decide(
        self, area: Area, form: Mapping[str, Any]
    ) -> tuple[Answers, Outcome | None, str | None]:
        """Read and decide the answers, and log the decision: (answers, outcome, decision
        id); without an outcome, the answers hold the errors.

        :raises _LogWriteError: the log could not be written.
        """
        engine = self.state.engine
        answers = read_answers(engine, area, form, datetime.date.today())
        if not answers.ok or answers.scenario is None or answers.data is None:
            return answers, None, None
        outcome = engine.evaluate(answers.scenario)
        count = getattr(self.state.metrics, "count_outcomes", None)  # decisions by area, outcome
        if count is not None:
            count([outcome])
        log = self.state.log
        if log is None:
            return answers, outcome, None
        from .. import decisionlog

        try:
            entries = decisionlog.entries_for(
                engine, [outcome], [_plain(answers.data)], mask=self.state.config.mask
            )
            log.append(entries)
        except Exception:  # noqa: BLE001 - any failure of the log: the page says so, serves on
            _log.exception("the decision log could not be written")
            raise _LogWriteError(answers) from None
        return answers, outcome, entries[0].decision_id if entries else None

    def _outcome_html(self, outcome: Outcome) -> str:
        """The outcome's section as the html report renders it."""
        document = self._render_report([outcome])
        start, end = document.find("<main>"), document.rfind("</main>")
        if start < 0 or end < start:  # an html format that is laid out otherwise: all of it
            start, end = document.find("<body>"), document.rfind("</body>")
            if start < 0 or end < start:
                return f"<p>Decision: <strong>{esc(outcome.decision.value)}</strong></p>"
            return document[start + len("<body>") : end]
        return document[start + len("<main>") : end]

    def _render_report(self, outcomes: list[Outcome]) -> str:
        """The whole html report of ``outcomes`` (``""`` if no html format is registered)."""
        output_format = self.state.engine.formats.get("html")
        if output_format is None:
            return ""
        stream = io.StringIO()
        writer = output_format.factory(stream, FormatOptions())
        summary = Summary()
        for outcome in outcomes:
            writer.write(outcome)
            summary.add(outcome)
        writer.close(summary)
        return stream.getvalue()


def _field_names(area: Area) -> tuple[str, ...]:
    return (*ENVELOPE, *(f.name for f in area_fields(area)))


def _query(area: Area, answers: Mapping[str, str]) -> str:
    """The answers as a query string (the non-empty ones), for the download link."""
    pairs = [("area", area.name)]
    pairs.extend((name, answers[name]) for name in _field_names(area) if answers.get(name))
    return urllib.parse.urlencode(pairs)


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """The scenario as JSON would give it (the date as text), for the decision log."""
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}


def _scenario_yaml(data: Mapping[str, Any], outcome: Outcome, name: str) -> str:
    """The scenario file, as ``ala-policy ask`` writes it."""
    import yaml

    header = (
        f"# Scenario written by the ala-policy web page on {datetime.date.today().isoformat()};\n"
        f"# its decision then: {outcome.decision.value}. Decide it again with:\n"
        f"#   ala-policy evaluate {name}\n"
        "# A fact left out is unknown (or takes its default): add it to narrow the outcome.\n"
    )
    return header + yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)


def _report_style(document: str) -> str:
    """The CSS inside the html report's ``<style>`` element (served as a stylesheet: the
    page's Content-Security-Policy allows no inline style)."""
    start, end = document.find("<style>"), document.find("</style>")
    if start < 0 or end < start:
        return ""
    return document[start + len("<style>") : end].strip() + "\n"


def _css(text: str) -> Response:
    return Response(
        text,
        media_type="text/css",
        headers={**_HEADERS, "Cache-Control": "public, max-age=300"},
    )
