"""The web page (``ala_policy.server.page``) through Starlette's TestClient: every area's
questions, a plugin area's too, the cited outcome as the html report shows it, errors at
their fields with the answers kept, escaping, the download, and nothing from another origin.

The real browser test is tests/browser (``tox -e browser``)."""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest
import yaml
from click.testing import CliRunner
from starlette.applications import Starlette
from test_ask import MENU_ORDER

from ala_policy import Area, Engine, FieldError, Ruling, hookimpl, hookspec
from ala_policy.cli import main
from ala_policy.decisionlog import DecisionLog, LogEntry
from ala_policy.interview import questions
from ala_policy.server import ServerConfig, ServerState, page
from ala_policy.server.metrics import Metrics
from ala_policy.testing import make_engine

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 and warns (an error here) when the client is httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

III_C = "Refrain from soliciting or accepting any fee, commission, gift, gratuity, discount or loan"
#: A gift during a pending bid, as the form posts it.
GIFT = {
    "area": "gift",
    "actor.role": "member",
    "title": "Dinner during a bid",
    "date": "2026-03-01",
    "gift.kind": "meal",
    "gift.act": "offered",
    "gift.giver": "prospective_vendor",
    "gift.pending_business": "yes",
    "gift.value_usd": "180",
}


def client_for(engine: Engine, log: DecisionLog | None = None) -> TestClient:
    state = ServerState(engine=engine, log=log, config=ServerConfig(), metrics=Metrics())
    return TestClient(Starlette(routes=page.routes(state)), raise_server_exceptions=True)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with client_for(make_engine()) as made:
        yield made


# -- reading the HTML -----------------------------------------------------------------------


class Page(HTMLParser):
    """What the tests look at in a page: its elements (tag, attributes), the text of each
    label and legend, the controls, and whether each radio sits in a fieldset with a legend."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.ids: dict[str, dict[str, str]] = {}
        self.labels: dict[str, str] = {}  # for= -> text
        self.controls: list[dict[str, str]] = []
        self.radios_outside_fieldsets: list[str] = []
        self._fieldsets: list[bool] = []  # per open fieldset: has it a legend yet?
        self._label: str | None = None
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if "id" in attributes:
            assert attributes["id"] not in self.ids, f"duplicate id {attributes['id']}"
            self.ids[attributes["id"]] = attributes
        if tag == "fieldset":
            self._fieldsets.append(False)
        elif tag == "legend" and self._fieldsets:
            self._fieldsets[-1] = True
        elif tag == "label":
            self._label, self._text = attributes.get("for", ""), []
        elif tag in ("input", "select", "textarea") and attributes.get("type") != "hidden":
            self.controls.append({"tag": tag, **attributes})
            if attributes.get("type") == "radio" and not (self._fieldsets and self._fieldsets[-1]):
                self.radios_outside_fieldsets.append(attributes.get("id", "?"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        elif tag == "label" and self._label is not None:
            self.labels[self._label] = " ".join("".join(self._text).split())
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._text.append(data)

    def control(self, name: str) -> list[dict[str, str]]:
        return [c for c in self.controls if c.get("name") == name]

    def value(self, name: str) -> str:
        """The answer the form shows for ``name``."""
        found = self.control(name)
        assert found, f"no control named {name}"
        if found[0]["tag"] == "select":
            raise AssertionError("use selected() for a select")
        if found[0].get("type") == "radio":
            checked = [c["value"] for c in found if "checked" in c]
            return checked[0] if checked else ""
        return found[0].get("value", "")


def selected(text: str, name: str) -> str:
    select = re.search(rf'<select [^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', text)
    assert select, f"no select named {name}"
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return chosen.group(1) if chosen else ""


def offered(text: str, name: str) -> list[str]:
    """The answers a radio group or a select offers (not a select's "choose one")."""
    select = re.search(rf'<select [^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', text)
    if select:
        options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
        return [value for value, label in options if label != "choose one"]
    return [c["value"] for c in Page(text).control(name)]


def error_at(text: str, name: str) -> str:
    """The error shown at field ``name`` (its text after the hidden "Error: ")."""
    found = re.search(
        rf'<p class="field-error" id="e-{re.escape(name)}">'
        r'<span class="visually-hidden">Error: </span>(.*?)</p>',
        text,
    )
    assert found, f"no error at {name}"
    return found.group(1)


def check_accessible(text: str) -> Page:
    """Every control has a label, every radio a fieldset with a legend, every
    ``aria-describedby`` names elements that exist; one ``main``, ``lang="en"``, a skip
    link to it; every URL on this server, every link within the page to an element of
    it."""
    parsed = Page(text)
    assert '<html lang="en">' in text
    assert [t for t, _ in parsed.elements].count("main") == 1
    first_link = next(a for t, a in parsed.elements if t == "a")
    assert first_link["href"] == "#main"
    assert first_link["class"] == "skip-link"
    for control in parsed.controls:
        assert control.get("id") in parsed.labels, f"no <label for> for {control}"
        assert parsed.labels[control["id"]], f"an empty label for {control}"
    assert not parsed.radios_outside_fieldsets
    for _tag, attributes in parsed.elements:
        for target in attributes.get("aria-describedby", "").split():
            assert target in parsed.ids, f"aria-describedby names a missing id {target}"
        for key in ("href", "src", "action"):
            if key in attributes:
                url = attributes[key]
                assert url.startswith(("/", "#")), url
                assert not url.startswith("//"), url
                if url.startswith("#"):
                    assert url[1:] in parsed.ids, f"a link to a missing id: {url}"
    return parsed


# -- the areas and their questions ---------------------------------------------------------


def test_home_lists_every_area_with_its_title_and_description(
    client: TestClient, engine: Engine
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    parsed = check_accessible(response.text)
    # the design card's four first, then the others by name, as ask offers them
    assert [c["value"] for c in parsed.control("area")] == MENU_ORDER
    for area in engine.areas.values():
        assert area.title
        assert area.description
        (choice,) = (c for c in parsed.control("area") if c["value"] == area.name)
        label = parsed.labels[choice["id"]]
        assert label == f"{area.title} {area.description}"
    assert 'action="/ask"' in response.text
    assert 'method="get"' in response.text


@pytest.mark.parametrize("area_name", sorted(make_engine().areas))
def test_every_area_asks_every_question(client: TestClient, engine: Engine, area_name: str) -> None:
    area = engine.areas[area_name]
    response = client.get("/ask", params={"area": area_name})
    assert response.status_code == 200
    parsed = check_accessible(response.text)
    for question in questions(area.facts):
        name = f"{area_name}.{question.name}"
        found = parsed.control(name)
        assert found, f"{name} is not asked"
        if question.kind in ("choice", "bool"):
            values = offered(response.text, name)
            assert set(values) >= ({str(c) for c in question.choices} or {"yes", "no"})
            assert ("" in values) == question.optional
        elif question.kind in ("number", "integer"):
            assert found[0]["type"] == "number"
        else:
            assert found[0]["type"] == "text"
        if question.required:
            assert all("required" in c for c in found)
    for envelope in ("actor.role", "actor.member", "title", "date", "id"):
        assert parsed.control(envelope)
    assert parsed.value("actor.role") == "member"  # the default, as Enter in ask
    assert parsed.value("date") == datetime.date.today().isoformat()


def test_the_gift_form_in_detail(client: TestClient) -> None:
    text = client.get("/ask?area=gift").text
    parsed = Page(text)
    # a few choices and yes/no: radios in a fieldset whose legend is the question
    assert re.search(
        r'<fieldset class="question radios" id="q-gift.act" aria-describedby="h-gift.act">'
        r'<legend>Act <span class="required">\(required\)</span></legend>',
        text,
    )
    assert [c["value"] for c in parsed.control("gift.pending_business")] == ["yes", "no", ""]
    assert parsed.labels["f-gift.pending_business-3"] == "unknown"
    assert parsed.labels["f-gift.beneficiary-6"] == "not given (default: self)"
    # many choices: a select starting on "choose one" (required) or unknown (optional)
    assert selected(text, "gift.kind") == ""
    assert '<option value="" selected>choose one</option>' in text
    assert '<option value="" selected>unknown</option>' in text  # gift.giver
    # a number with the schema's minimum
    (value,) = parsed.control("gift.value_usd")
    assert value["type"] == "number"
    assert value["min"] == "0"
    assert value["step"] == "any"
    assert "h-gift.value_usd" in value["aria-describedby"]
    assert parsed.labels["f-actor.role-1"].startswith("Member")


# -- a plugin's area -------------------------------------------------------------------------


def _not_below_low(instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and instance.low is not None and value < instance.low:
        raise FieldError([attribute.name], f"must be {instance.low} or more (low), not {value}")


def _non_negative(_instance: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and value < 0:
        raise FieldError([attribute.name], f"must be 0 or more, not {value:g}")


@attrs.frozen(kw_only=True)
class VenueFacts:
    topic: Literal["talk", "demo"] = attrs.field(metadata={"doc": "what the session is"})
    fee_usd: float | None = attrs.field(
        default=None,
        validator=_non_negative,
        metadata={"doc": "the fee paid to the speaker", "schema": {"minimum": 0}},
    )
    recorded: bool | None = attrs.field(default=None, metadata={"doc": "the talk is recorded"})
    note: str | None = attrs.field(default=None, metadata={"doc": "anything else"})
    low: int | None = attrs.field(default=None, metadata={"doc": "the fewest seats"})
    high: int | None = attrs.field(
        default=None, validator=_not_below_low, metadata={"doc": "the most seats"}
    )


class VenueHooks:
    @hookspec
    def ala_policy_evaluate_venue(self, scenario: Any, facts: Any, policy: Any) -> Any:
        """Decide the venue section."""


class VenuePlugin:
    @hookimpl
    def ala_policy_addhooks(self, pluginmanager: Any) -> None:
        pluginmanager.add_hookspecs(VenueHooks)

    @hookimpl
    def ala_policy_register_areas(self, register: Callable[[Area], None]) -> None:
        register(
            Area(
                name="venue",
                facts=VenueFacts,
                hook="ala_policy_evaluate_venue",
                title="Speaking at a venue",
                description="Talks at ALA functions, from a <test> plugin.",
            )
        )

    @hookimpl
    def ala_policy_cited_clauses(self) -> list[str]:
        return ["nonsolicitation/preamble"]

    @hookimpl
    def ala_policy_evaluate_venue(self, facts: VenueFacts) -> Ruling:
        if facts.topic == "demo":
            return Ruling(
                decision="prohibited",
                reason="A product demonstration is solicitation.",
                cites=["nonsolicitation/preamble"],
            )
        return Ruling(
            decision="permitted", reason="Expertise is welcome.", cites=["nonsolicitation/preamble"]
        )


@pytest.fixture(scope="module")
def venue() -> Iterator[TestClient]:
    with client_for(make_engine(("venue", VenuePlugin()))) as made:
        yield made


def test_a_plugin_area_is_offered_and_asked(venue: TestClient) -> None:
    home = venue.get("/").text
    assert 'value="venue"' in home
    assert "Speaking at a venue" in home
    assert "from a &lt;test&gt; plugin." in home
    text = venue.get("/ask?area=venue").text
    parsed = check_accessible(text)
    assert [c["value"] for c in parsed.control("venue.topic")] == ["talk", "demo"]
    assert parsed.control("venue.fee_usd")[0]["min"] == "0"
    assert parsed.control("venue.low")[0]["step"] == "1"
    assert parsed.control("venue.note")[0]["type"] == "text"
    assert [c["value"] for c in parsed.control("venue.recorded")] == ["yes", "no", ""]
    decided = venue.post("/ask", data={"area": "venue", "venue.topic": "demo"})
    assert decided.status_code == 200
    assert "A product demonstration is solicitation." in decided.text
    assert "PROHIBITED" in decided.text


def test_a_rule_across_facts_is_shown_at_its_field(venue: TestClient) -> None:
    answers = {"area": "venue", "venue.topic": "talk", "venue.low": "50", "venue.high": "10"}
    response = venue.post("/ask", data=answers)
    assert response.status_code == 422
    parsed = check_accessible(response.text)
    assert error_at(response.text, "venue.high") == "must be 50 or more (low), not 10"
    assert "e-venue.high" in parsed.control("venue.high")[0]["aria-describedby"]
    assert parsed.value("venue.low") == "50"
    assert parsed.value("venue.high") == "10"
    # with another answer wrong too: both errors at once
    response = venue.post("/ask", data={**answers, "venue.fee_usd": "-1"})
    assert response.status_code == 422
    assert error_at(response.text, "venue.high") == "must be 50 or more (low), not 10"
    assert error_at(response.text, "venue.fee_usd").startswith("must be 0 or more")
    # a fact left out for its own error is not reported again by the rule across facts
    response = venue.post("/ask", data={**answers, "venue.low": "x"})
    assert response.status_code == 422
    assert 'id="e-venue.high"' not in response.text
    assert 'id="e-venue.low"' in response.text


# -- deciding --------------------------------------------------------------------------------


def test_a_gift_during_a_pending_bid_is_prohibited_citing_iii_c(client: TestClient) -> None:
    response = client.post("/ask", data=GIFT)
    assert response.status_code == 200
    text = response.text
    check_accessible(text)
    assert '<span class="badge d-prohibited">PROHIBITED</span>' in text
    assert 'data-clause="code/III.C"' in text
    assert III_C in text
    assert "<title>PROHIBITED: Gift acceptance (gift-2026-03-01)" in text
    # the answers it rests on, and the form again, filled in, to change them
    assert "<dt>Giver</dt><dd>Prospective vendor</dd>" in text
    parsed = Page(text)
    assert parsed.value("gift.act") == "offered"
    assert selected(text, "gift.giver") == "prospective_vendor"
    assert parsed.value("title") == "Dinner during a bid"


def test_the_page_shows_the_findings_as_the_html_report_does(
    client: TestClient, tmp_path: Path
) -> None:
    text = client.post("/ask", data=GIFT).text
    link = re.search(r'<a class="button" href="([^"]+)" download="gift-2026-03-01.yaml">', text)
    assert link
    download = client.get(link.group(1).replace("&amp;", "&"))
    path = tmp_path / "gift-2026-03-01.yaml"
    path.write_text(download.text, encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--format", "html", str(path)])
    findings = re.compile(r'<div class="finding.*?</div>', re.DOTALL)
    assert findings.findall(result.output)
    assert findings.findall(text) == findings.findall(result.output)


def test_every_area_decides_its_required_answers(client: TestClient, engine: Engine) -> None:
    for name, area in engine.areas.items():
        answers = {"area": name}
        for question in questions(area.facts):
            if question.required:
                answers[f"{name}.{question.name}"] = str(question.choices[0])
        response = client.post("/ask", data=answers)
        assert response.status_code == 200, (name, response.text)
        assert '<section class="scenario"' in response.text


# -- errors ------------------------------------------------------------------------------------


def test_invalid_answers_show_the_form_again_with_errors_at_their_fields(
    client: TestClient,
) -> None:
    answers = {
        **GIFT,
        "title": "Kept <b>as typed</b>",
        "gift.value_usd": "lots",
        "gift.act": "",
        "date": "1st of March",
        "id": "no spaces please",
    }
    response = client.post("/ask", data=answers)
    assert response.status_code == 422
    text = response.text
    assert "Traceback" not in text
    assert text.count('class="field-error"') == 4
    parsed = check_accessible(text)
    assert "<title>Error: Gift acceptance" in text
    assert 'role="alert"' in text
    assert "There is a problem with 4 answers" in text
    for name, message in {
        "gift.value_usd": "&#x27;lots&#x27; is not a number",
        "gift.act": "An answer is needed.",
        "date": "&#x27;1st of March&#x27; is not a date like",
        "id": "use letters, digits",
    }.items():
        assert message in error_at(text, name)
    # each error is tied to its field, and the summary links to it
    assert "e-gift.value_usd" in parsed.control("gift.value_usd")[0]["aria-describedby"]
    assert parsed.control("gift.value_usd")[0]["aria-invalid"] == "true"
    assert "e-gift.act" in parsed.ids["q-gift.act"]["aria-describedby"]
    assert '<a href="#f-gift.value_usd">Value USD: ' in text
    assert '<a href="#f-gift.act-1">Act: An answer is needed.</a>' in text
    # every answer kept, as typed
    assert parsed.value("gift.value_usd") == "lots"
    assert parsed.value("title") == "Kept <b>as typed</b>"
    assert parsed.value("date") == "1st of March"
    assert parsed.value("gift.pending_business") == "yes"
    assert selected(text, "gift.kind") == "meal"
    assert selected(text, "gift.giver") == "prospective_vendor"
    assert '<section class="scenario"' not in text


def test_a_field_validator_and_the_engine_speak_at_their_fields(client: TestClient) -> None:
    negative = client.post("/ask", data={**GIFT, "gift.value_usd": "-5"})
    assert negative.status_code == 422
    assert error_at(negative.text, "gift.value_usd") == "must be 0 or more, not -5"
    # a rule across fields the engine checks: role member, but no membership
    contradiction = client.post("/ask", data={**GIFT, "actor.member": "no"})
    assert contradiction.status_code == 422
    assert "role member means member: true" in error_at(contradiction.text, "actor.member")
    assert "e-actor.member" in Page(contradiction.text).ids["q-actor.member"]["aria-describedby"]
    # ... reported in the same submit as the answers' own errors, not only once they are fixed
    both = client.post("/ask", data={**GIFT, "actor.member": "no", "gift.value_usd": "-5"})
    assert both.status_code == 422
    assert error_at(both.text, "gift.value_usd") == "must be 0 or more, not -5"
    assert "role member means member: true" in error_at(both.text, "actor.member")
    summary = re.search(r'<div class="error-summary".*?</div>', both.text, re.DOTALL)
    assert summary
    assert "There is a problem with 2 answers" in summary.group(0)
    links = re.findall(r'<a href="#([^"]+)">', summary.group(0))
    assert links == [
        Page(both.text).control(name)[0]["id"] for name in ("actor.member", "gift.value_usd")
    ]
    # not an answer the form offers
    odd = client.post("/ask", data={**GIFT, "gift.act": "stolen", "actor.role": "boss"})
    assert odd.status_code == 422
    assert error_at(odd.text, "gift.act").startswith("&#x27;stolen&#x27; is not one of offered")
    assert error_at(odd.text, "actor.role").startswith("&#x27;boss&#x27; is not one of member")


def test_the_form_takes_the_answers_the_server_accepts(
    client: TestClient, venue: TestClient
) -> None:
    """The title input takes as many characters as the server accepts in a title, a longer
    title is an error at its field (never cut silently), and a free-text fact's input takes
    as many as the server reads."""
    form = Page(client.get("/ask", params={"area": "gift"}).text)
    limit = int(form.control("title")[0]["maxlength"])
    assert client.post("/ask", data={**GIFT, "title": "x" * limit}).status_code == 200
    longer = client.post("/ask", data={**GIFT, "title": "x" * (limit + 1)})
    assert longer.status_code == 422
    assert error_at(longer.text, "title") == f"A title has at most {limit} characters: shorten it."
    note = Page(venue.get("/ask", params={"area": "venue"}).text).control("venue.note")[0]
    assert note["maxlength"] == "2000"


def test_an_area_that_does_not_exist(client: TestClient) -> None:
    missing = client.get("/ask")
    assert missing.status_code == 422
    assert "Choose what happened." in missing.text
    check_accessible(missing.text)
    unknown = client.post("/ask", data={"area": "<nope>"})
    assert unknown.status_code == 404
    assert "There is no area &#x27;&lt;nope&gt;&#x27;" in unknown.text
    assert "<nope>" not in unknown.text


# -- escaping ----------------------------------------------------------------------------------


def test_what_the_user_typed_is_shown_as_text(client: TestClient) -> None:
    hostile = '"><script>alert(1)</script>'
    response = client.post("/ask", data={**GIFT, "title": hostile})
    assert response.status_code == 200
    assert "<script" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert Page(response.text).value("title") == hostile
    wrong = client.post("/ask", data={**GIFT, "gift.value_usd": hostile, "gift.note": hostile})
    assert wrong.status_code == 422
    assert "<script" not in wrong.text
    assert Page(wrong.text).value("gift.value_usd") == hostile
    query = client.get("/ask", params={"area": "gift", "title": hostile})
    assert "<script" not in query.text
    assert Page(query.text).value("title") == hostile


# -- the download --------------------------------------------------------------------------


def test_the_scenario_file_is_offered_as_ask_writes_it(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = client.post("/ask", data={**GIFT, "id": "vendor-dinner"}).text
    link = re.search(r'<a class="button" href="(/scenario.yaml\?[^"]+)" download="([^"]+)">', text)
    assert link
    assert link.group(2) == "vendor-dinner.yaml"
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="vendor-dinner.yaml"'
    assert response.headers["content-type"].startswith("application/yaml")
    # the header holds no day of writing: the link gives the same file tomorrow
    assert response.text.startswith(
        "# Scenario written by the ala-policy web page.\n"
        "# Its decision under the policies in force on 2026-03-01: prohibited.\n"
        "# Decide it again with:\n#   ala-policy evaluate vendor-dinner.yaml\n"
    )
    data = yaml.safe_load(response.text)
    # the same answers to `ala-policy ask` write the same scenario
    monkeypatch.chdir(tmp_path)
    typed = ["", "Dinner during a bid", "2026-03-01", "meal", "offered", "", "prospective_vendor"]
    typed += ["yes", "", "180"]
    asked = CliRunner().invoke(
        main, ["ask", "gift", "--id", "vendor-dinner"], input="\n".join(typed) + "\n"
    )
    assert asked.exit_code == 0, asked.output
    written = yaml.safe_load((tmp_path / "vendor-dinner.yaml").read_text(encoding="utf-8"))
    assert data == written
    assert data["date"] == datetime.date(2026, 3, 1)


def test_a_download_with_wrong_answers_is_the_form_with_errors(client: TestClient) -> None:
    response = client.get("/scenario.yaml", params={**GIFT, "gift.value_usd": "lots"})
    assert response.status_code == 422
    assert "content-disposition" not in response.headers
    assert "&#x27;lots&#x27; is not a number" in response.text


# -- headers, styles and the log -------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/", None),
        ("GET", "/ask?area=gift", None),
        ("POST", "/ask", GIFT),
        ("POST", "/ask", {**GIFT, "gift.kind": ""}),
        ("GET", "/static/page.css", None),
    ],
)
def test_nothing_may_come_from_another_origin(
    client: TestClient, method: str, path: str, data: dict[str, str] | None
) -> None:
    response = client.request(method, path, data=data)
    assert response.status_code in (200, 422)
    csp = response.headers["content-security-policy"]
    assert csp.split(";")[0] == "default-src 'self'"
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<style" not in response.text
    assert "style=" not in response.text
    assert "<script" not in response.text
    assert "http://" not in response.text.replace("http://testserver", "")
    assert "https://" not in response.text


def test_the_styles_are_served_from_here(client: TestClient) -> None:
    report = client.get("/static/report.css")
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/css")
    assert ".badge.d-prohibited" in report.text  # the html report's own styles
    own = client.get("/static/page.css")
    assert own.status_code == 200
    assert "@media print" in own.text
    assert ":focus-visible" in own.text
    assert ".skip-link:focus" in own.text


class MemoryLog(DecisionLog):
    def __init__(self, fail: bool = False) -> None:
        self.url = "memory:"
        self.fail = fail
        self.entries: list[LogEntry] = []

    def append(self, entries: Sequence[LogEntry]) -> None:
        if self.fail:
            raise OSError("disk full")
        self.entries.extend(entries)


def _fake_entries(
    engine: Engine, outcomes: Sequence[Any], inputs: Sequence[Any], *, mask: Any = ()
) -> list[LogEntry]:
    return [
        LogEntry(
            decision_id=f"id-{n}",
            time=datetime.datetime.now(datetime.timezone.utc),
            scenario_id=outcome.id,
            decision=outcome.decision.value,
            outcome={},
            provenance={},
            input=given,
        )
        for n, (outcome, given) in enumerate(zip(outcomes, inputs, strict=True))
    ]


def test_each_decision_is_logged(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ala_policy.decisionlog.entries_for", _fake_entries)
    log = MemoryLog()
    with client_for(engine, log) as logged:
        response = logged.post("/ask", data=GIFT)
        assert response.status_code == 200
        assert "Logged as decision <code>id-0</code>" in response.text
        (entry,) = log.entries
        assert entry.decision == "prohibited"
        assert entry.input is not None
        assert entry.input["date"] == "2026-03-01"  # as JSON has it
        assert entry.input["gift"]["giver"] == "prospective_vendor"
        # errors and downloads decide nothing new
        assert logged.post("/ask", data={**GIFT, "gift.kind": ""}).status_code == 422
        assert logged.get("/scenario.yaml", params=GIFT).status_code == 200
        assert len(log.entries) == 1


def test_a_decision_the_log_cannot_hold_is_not_shown(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("ala_policy.decisionlog.entries_for", _fake_entries)
    with client_for(engine, MemoryLog(fail=True)) as failing:
        response = failing.post("/ask", data=GIFT)
    assert response.status_code == 503
    assert "could not be written to the decision log" in response.text
    assert "PROHIBITED" not in response.text
    assert "Traceback" not in response.text
    assert Page(response.text).value("title") == "Dinner during a bid"
    assert "disk full" in caplog.text


def test_a_decision_goes_to_a_real_log_masked(engine: Engine, tmp_path: Path) -> None:
    from ala_policy.decisionlog import open_log

    log = open_log(f"sqlite:///{tmp_path / 'decisions.db'}")
    try:
        state = ServerState(
            engine=engine, log=log, config=ServerConfig(mask=("title",)), metrics=Metrics()
        )
        with TestClient(Starlette(routes=page.routes(state))) as logged:
            response = logged.post("/ask", data=GIFT)
        assert response.status_code == 200
        (row,) = log.export()
        assert row["decision"] == "prohibited"
        assert f"Logged as decision <code>{row['decision_id']}</code>" in response.text
        assert row["input"]["title"] == "***"
        assert row["input"]["gift"]["giver"] == "prospective_vendor"
        assert log.verify().ok
    finally:
        log.close()


def test_mounted_inside_another_application_every_link_stays_inside(engine: Engine) -> None:
    from starlette.routing import Mount

    state = ServerState(engine=engine, log=None, config=ServerConfig(), metrics=Metrics())
    outer = Starlette(routes=[Mount("/ethics", app=Starlette(routes=page.routes(state)))])
    with TestClient(outer) as mounted:
        home = mounted.get("/ethics/")
        assert 'action="/ethics/ask"' in home.text
        assert 'href="/ethics/static/page.css"' in home.text
        decided = mounted.post("/ethics/ask", data=GIFT)
        assert decided.status_code == 200
        link = re.search(r'<a class="button" href="([^"]+)"', decided.text)
        assert link
        assert link.group(1).startswith("/ethics/scenario.yaml?")
        assert mounted.get(link.group(1).replace("&amp;", "&")).status_code == 200
        assert mounted.get("/ethics/static/report.css").status_code == 200
