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
import re
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from ..formats import FormatOptions
from ..interview import in_menu_order, scenario_file
from ..models import Outcome, Summary
from ._deciding import Deadline, RequestTimeoutError, log_writer
from ._logwriter import LogWriteError
from ._page_answers import (
    DATE_FIELD,
    ENVELOPE,
    MAX_ANSWER,
    ROLE_FIELD,
    Answers,
    area_fields,
    download_name,
    read_answers,
)
from ._page_form import esc
from ._page_html import area_form, areas_form, message_page, outcome_page, stylesheet

if TYPE_CHECKING:
    from ..areas import Area
    from ..decisionlog import LogEntry
    from ._app import ServerState
    from ._http import ApiError

__all__ = ["CSP", "refusal", "routes"]

_log = logging.getLogger(__name__)

#: The html report's link from each scenario back to its summary table: the page shows one
#: outcome and no summary table, so the link would lead nowhere.
_BACK_TO_SUMMARY = re.compile(r'<p class="back"><a href="#summary">[^<]*</a></p>')

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
_TOO_SLOW = (
    "Deciding took longer than this server allows, so no decision is shown. Please try again later."
)


def routes(state: ServerState) -> list[BaseRoute]:
    """The page's routes, deciding with ``state.engine`` within the server's time limits,
    and logging through the writer the API uses."""
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


def refusal(error: ApiError, request: Request) -> Response:
    """The page's answer to a request refused before it reaches a route (the token, a form
    too large, a client gone): a page in words, not the API's JSON, with the error's
    status and headers (``WWW-Authenticate``, so that the browser asks for the token)."""
    root = _root(request)
    if error.status == 401:
        title = "The password is needed"
        said = [
            (
                "This page answers only those who have this server's token. Your browser "
                "asks for it: give the token as the password (any user name will do)."
            ),
            "If you do not have the token, ask whoever runs this server for it.",
        ]
        if request.headers.get("authorization"):
            said.insert(0, "The password given is not this server's token.")
    elif error.status == 413:
        limit = error.extra.get("limit")
        size = f" (this server reads at most {limit:,} bytes)" if isinstance(limit, int) else ""
        title = "The answers are too long"
        said = [
            (
                f"The form sent was too large to be read{size}. Shorten the longest answers "
                "and send the form again."
            )
        ]
    elif error.code == "client_disconnected":
        title = "The form did not arrive whole"
        said = ["The form was cut off on its way here. Please send it again."]
    else:
        title = "This page cannot be shown"
        said = ["The server cannot answer this request. Please try again from the start."]
    page = message_page(title, said, root)
    headers = {**_HEADERS, "Cache-Control": "no-store", **(error.headers or {})}
    return HTMLResponse(page, status_code=error.status, headers=headers)


def _raw(area: Area, form: Mapping[str, Any]) -> dict[str, str]:
    """The answers as typed (to show the form again when nothing could be decided)."""
    return {
        name: value[:MAX_ANSWER] if isinstance(value := form.get(name, ""), str) else ""
        for name in _field_names(area)
    }


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
        """The areas, in the order the page offers them (``ask``'s)."""
        return in_menu_order(self.state.engine.areas)

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
        config = self.state.config
        deadline = Deadline(config.request_timeout)
        try:
            answers, outcome, entries = await deadline.in_thread(self._decide, area, form)
        except RequestTimeoutError:
            return _html(area_form(area, _raw(area, form), {"": _TOO_SLOW}, root), 503)
        if outcome is None:
            return _html(area_form(area, answers.raw, answers.errors, root), 422)
        decision_id = None
        writer = log_writer(self.state)
        if writer is not None:  # nothing is shown as decided that the log does not hold
            try:
                await deadline.write(writer, entries)
            except RequestTimeoutError:
                return _html(area_form(area, answers.raw, {"": _TOO_SLOW}, root), 503)
            except LogWriteError as exc:
                _log.error("the decision log could not be written: %s", exc)
                return _html(area_form(area, answers.raw, {"": _LOG_FAILED}, root), 503)
            decision_id = entries[0].decision_id if entries else None
        count = getattr(self.state.metrics, "count_outcomes", None)  # decisions by area, outcome
        if count is not None:
            count([outcome])  # only what is given out, as the API counts
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
        engine, config = self.state.engine, self.state.config
        try:
            outcome = await Deadline(config.request_timeout).in_thread(
                engine.evaluate, answers.scenario, timeout=config.timeout
            )
        except RequestTimeoutError:
            return _html(area_form(area, answers.raw, {"": _TOO_SLOW}, root), 503)
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
    ) -> tuple[Answers, Outcome | None, list[LogEntry]]:
        """Read and decide the answers (within the server's ``--timeout``): the answers,
        the outcome and, with a log, the entries to write (masked); without an outcome,
        the answers hold the errors. Run in a worker thread."""
        engine, config = self.state.engine, self.state.config
        answers = read_answers(engine, area, form, datetime.date.today())
        if not answers.ok or answers.scenario is None or answers.data is None:
            return answers, None, []
        outcome = engine.evaluate(answers.scenario, timeout=config.timeout)
        if self.state.log is None:
            return answers, outcome, []
        from .. import decisionlog

        entries = decisionlog.entries_for(
            engine, [outcome], [_plain(answers.data)], mask=config.mask
        )
        return answers, outcome, list(entries)

    def _outcome_html(self, outcome: Outcome) -> str:
        """The outcome's section as the html report renders it, without its link back to
        the report's summary table, which the page leaves out."""
        document = self._render_report([outcome])
        start, end = document.find("<main>"), document.rfind("</main>")
        if start < 0 or end < start:  # an html format that is laid out otherwise: all of it
            start, end = document.find("<body>"), document.rfind("</body>")
            if start < 0 or end < start:
                return f"<p>Decision: <strong>{esc(outcome.decision.value)}</strong></p>"
            return document[start + len("<body>") : end]
        return _BACK_TO_SUMMARY.sub("", document[start + len("<main>") : end])

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
    return scenario_file(
        data, outcome.decision.value, "the ala-policy web page", f"ala-policy evaluate {name}"
    )


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
