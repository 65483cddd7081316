"""The server's surface beyond deciding (issue 14): the token that guards the log (and, with
protect_decisions, deciding and the page), the Prometheus metrics, the OpenAPI 3.1 document
against the routes and the scenario schema, and ``ala-policy serve``'s argument errors."""

from __future__ import annotations

import base64
import copy
import html
import json
import socket
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from _server import DINNER, TestClient
from click.testing import CliRunner
from openapi_spec_validator import OpenAPIV31SpecValidator
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route
from test_server_page import VenuePlugin

from ala_policy import Engine, hookimpl
from ala_policy.cli import main
from ala_policy.decisionlog import DecisionLog, LogEntry
from ala_policy.server import create_app
from ala_policy.testing import make_engine

TOKEN = "s3cret-token_0123456789"
INVALID = {**DINNER, "gift": {**DINNER["gift"], "act": "gifted"}}


@pytest.fixture(scope="module")
def installed() -> Engine:
    return Engine()


@pytest.fixture
def logged(installed: Engine, tmp_path: Path) -> Iterator[TestClient]:
    """A server with a log and a token; decisions open."""
    app = create_app(installed, f"sqlite:///{tmp_path / 'decisions.db'}", token=TOKEN)
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def protected(installed: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(installed, token=TOKEN, protect_decisions=True)) as client:
        yield client


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def basic(password: str, user: str = "anyone") -> dict[str, str]:
    pair = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert "Traceback" not in response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status
    return error


# -- the token ---------------------------------------------------------------------------------


def test_the_log_needs_the_token(logged: TestClient) -> None:
    assert logged.post("/v1/evaluate", json=DINNER).status_code == 200  # decisions are open
    missing = logged.get("/v1/log")
    error_of(missing, 401)
    assert missing.headers["www-authenticate"].startswith("Bearer ")
    for header in (
        bearer("wrong"),
        bearer(TOKEN + "x"),
        bearer(TOKEN[:-1]),
        {"Authorization": f"bearer {TOKEN.upper()}"},
    ):
        assert error_of(logged.get("/v1/log", headers=header), 403)["code"] == "forbidden"
    for header in ({"Authorization": TOKEN}, {"Authorization": "Bearer "}, basic(TOKEN)):
        error_of(logged.get("/v1/log", headers=header), 401)  # not a bearer token at all
    response = logged.get("/v1/log", headers=bearer())
    assert response.status_code == 200
    (row,) = [json.loads(line) for line in response.text.splitlines()]
    assert row["scenario_id"] == DINNER["id"]
    # the scheme's name is case-insensitive (RFC 9110)
    assert logged.get("/v1/log", headers={"Authorization": f"bEaReR {TOKEN}"}).status_code == 200


def test_a_server_without_a_token_never_shows_the_log(installed: Engine, tmp_path: Path) -> None:
    app = create_app(installed, f"sqlite:///{tmp_path / 'decisions.db'}")
    with TestClient(app) as client:
        for headers in ({}, bearer(), bearer("")):
            error = error_of(client.get("/v1/log", headers=headers), 403)
            assert "--token-file" in error["message"]


def test_with_the_token_but_no_log_the_log_is_404(installed: Engine) -> None:
    with TestClient(create_app(installed, token=TOKEN)) as client:
        assert error_of(client.get("/v1/log", headers=bearer()), 404)["code"] == "no_log"


def test_the_token_is_compared_in_constant_time(
    logged: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compared through hmac.compare_digest, on digests of one length whatever was sent."""
    import hmac

    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    logged.get("/v1/log", headers=bearer("x"))
    logged.get("/v1/log", headers=bearer("y" * 500))
    logged.get("/v1/log", headers=bearer())
    assert len(compared) == 3
    assert {len(a) for a, _ in compared} == {len(b) for _, b in compared} == {32}
    assert all(TOKEN.encode() not in a + b for a, b in compared)


@pytest.mark.parametrize("path", ["/v1/evaluate", "/v1/explain"])
def test_protected_decisions_need_the_token(protected: TestClient, path: str) -> None:
    missing = protected.post(path, json=DINNER)
    error_of(missing, 401)
    assert missing.headers["www-authenticate"].startswith("Bearer ")
    error_of(protected.post(path, json=DINNER, headers=bearer("nope")), 403)
    assert protected.post(path, json=DINNER, headers=bearer()).status_code == 200
    # the token is checked before the body is read: no unauthenticated parsing
    error_of(protected.post(path, content=b"{not json", headers={"Content-Type": "x"}), 401)


def test_protection_leaves_what_decides_nothing_open(protected: TestClient) -> None:
    for path in ("/health", "/ready", "/metrics", "/openapi.json", "/v1/schema", "/v1/plugins"):
        assert protected.get(path).status_code == 200, path
    assert protected.get("/v1/policies/code/III.C").status_code == 200


def test_protected_decisions_protect_the_page_too(protected: TestClient) -> None:
    """The page decides (and logs) as /v1/evaluate does, so it cannot be a way around the
    token: a browser asks for it (HTTP Basic, the token as the password) without any
    JavaScript; its style sheets stay open. What a browser shows then is a page in words a
    member understands, not the API's JSON."""
    form = {"area": "gift", "actor.role": "member", "gift.kind": "meal", "gift.act": "offered"}
    for method, path in (("GET", "/"), ("GET", "/ask?area=gift"), ("POST", "/ask")):
        missing = protected.request(method, path, data=form if method == "POST" else None)
        said = page_error(missing, 401)
        assert "give the token as the password" in said
        assert missing.headers["www-authenticate"].startswith("Basic realm=")
        wrong = protected.request(method, path, headers=basic("nope"))
        said = page_error(wrong, 401)  # 401 again, so the browser asks again
        assert "The password given is not this server's token." in said
        assert "Basic" in wrong.headers["www-authenticate"]
    home = protected.get("/", headers=basic(TOKEN))
    assert home.status_code == 200
    assert "text/html" in home.headers["content-type"]
    assert protected.get("/", headers=bearer()).status_code == 200
    assert protected.get("/", headers=basic(TOKEN, user="")).status_code == 200
    asked = protected.post("/ask", data=form, headers=basic(TOKEN))
    assert asked.status_code in (200, 422)
    assert protected.get("/static/page.css").status_code == 200
    assert protected.get("/static/report.css").status_code == 200


def test_the_page_reads_no_body_over_the_limit(installed: Engine) -> None:
    form = {"area": "gift", "actor.role": "member", "gift.kind": "meal", "gift.act": "offered"}
    with TestClient(create_app(installed, max_body=2000)) as client:
        said = page_error(client.post("/ask", data={**form, "title": "x" * 5000}), 413)
        assert "this server reads at most 2,000 bytes" in said
        assert "Shorten the longest answers" in said
        asked = client.post("/ask", data={**form, "title": "a dinner"})
        assert asked.status_code in (200, 422)
        assert "a dinner" in asked.text
        assert client.get("/").status_code == 200


def page_error(response: Any, status: int) -> str:
    """The text of the page's error page (checked to be HTML in words, with the page's
    headers and no API wording)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["cache-control"] == "no-store"
    text = response.text
    assert text.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in text
    for api_word in ("Bearer", "Authorization", "scenarios per request", "--max-body", "{"):
        assert api_word not in text
    return html.unescape(text)


def test_without_protection_the_page_and_decisions_are_open(installed: Engine) -> None:
    with TestClient(create_app(installed, token=TOKEN)) as client:
        assert client.get("/").status_code == 200
        assert client.post("/v1/evaluate", json=DINNER).status_code == 200


# -- /metrics ---------------------------------------------------------------------------------


def scrape(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of /metrics, parsed by prometheus_client's own parser."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            found[sample.name, frozenset(sample.labels.items())] = sample.value
    return found


def moved(
    before: dict[tuple[str, frozenset[tuple[str, str]]], float],
    after: dict[tuple[str, frozenset[tuple[str, str]]], float],
    name: str,
    **labels: str,
) -> float:
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


def test_metrics_count_requests_latency_and_decisions(installed: Engine) -> None:
    with TestClient(create_app(installed)) as client:
        before = scrape(client)
        for _ in range(3):
            assert client.post("/v1/evaluate", json=DINNER).status_code == 200
        assert client.post("/v1/evaluate", json=[DINNER, {**INVALID, "id": "x"}]).status_code == 422
        assert client.get("/v1/policies/code/III.C").status_code == 200
        assert client.get("/no/such/secret-route").status_code == 404
        after = scrape(client)

    def requests(route: str, method: str, status: str) -> float:
        return moved(
            before,
            after,
            "ala_policy_http_requests_total",
            route=route,
            method=method,
            status=status,
        )

    assert requests("/v1/evaluate", "POST", "200") == 3
    assert requests("/v1/evaluate", "POST", "422") == 1
    assert requests("/v1/policies/{clause_id:path}", "GET", "200") == 1
    assert requests("(unmatched)", "GET", "404") == 1
    assert requests("/metrics", "GET", "200") == 1  # the first scrape, counted once answered
    assert not any("secret-route" in str(labels) for _, labels in after)
    # the latency histogram: every request in +Inf, buckets cumulative, a sum
    histogram = "ala_policy_http_request_duration_seconds"
    assert moved(before, after, f"{histogram}_count", route="/v1/evaluate") == 4
    assert moved(before, after, f"{histogram}_bucket", route="/v1/evaluate", le="+Inf") == 4
    assert moved(before, after, f"{histogram}_sum", route="/v1/evaluate") > 0
    buckets = sorted(
        (float(dict(labels)["le"]), value)
        for (name, labels), value in after.items()
        if name == f"{histogram}_bucket" and dict(labels)["route"] == "/v1/evaluate"
    )
    assert len(buckets) > 5
    assert [value for _, value in buckets] == sorted(value for _, value in buckets)
    # decisions by area and outcome, and scenarios by decision
    assert (
        moved(before, after, "ala_policy_decisions_total", area="gift", decision="prohibited") == 4
    )
    assert moved(before, after, "ala_policy_scenarios_total", decision="prohibited") == 4
    assert moved(before, after, "ala_policy_scenarios_total", decision="error") == 1
    assert moved(before, after, "ala_policy_plugin_faults_total", plugin="gift", area="gift") == 0


class Raises:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> None:
        raise RuntimeError("broken")


def test_metrics_count_plugin_faults_by_plugin_and_area() -> None:
    engine = make_engine(("chapter-rule", Raises()))
    with TestClient(create_app(engine)) as client:
        before = scrape(client)
        for _ in range(2):
            assert client.post("/v1/evaluate", json=DINNER).status_code == 200
        after = scrape(client)
    faults = "ala_policy_plugin_faults_total"
    assert moved(before, after, faults, plugin="chapter-rule", area="gift") == 2
    assert (
        moved(before, after, "ala_policy_decisions_total", area="gift", decision="prohibited") == 2
    )


class FailingLog(DecisionLog):
    def __init__(self) -> None:
        self.url = "memory:"

    def append(self, entries: Sequence[LogEntry]) -> None:
        raise OSError("disk full")


def test_decisions_the_log_refused_are_not_counted_as_given(installed: Engine) -> None:
    with TestClient(create_app(installed, FailingLog())) as client:
        before = scrape(client)
        error = error_of(client.post("/v1/evaluate", json=DINNER), 503)
        assert error["code"] == "log_unavailable"
        after = scrape(client)
    assert moved(before, after, "ala_policy_log_write_failures_total") == 1
    assert (
        moved(before, after, "ala_policy_decisions_total", area="gift", decision="prohibited") == 0
    )
    assert (
        moved(
            before,
            after,
            "ala_policy_http_requests_total",
            route="/v1/evaluate",
            method="POST",
            status="503",
        )
        == 1
    )


#: A gift during a pending bid, as the page's form posts it.
PAGE_GIFT = {
    "area": "gift",
    "actor.role": "member",
    "title": "Dinner during a bid",
    "date": "2026-03-01",
    "gift.kind": "meal",
    "gift.act": "offered",
    "gift.giver": "prospective_vendor",
    "gift.pending_business": "yes",
}


def test_the_page_writes_through_the_apis_writer_and_counts_only_what_it_shows(
    installed: Engine, tmp_path: Path
) -> None:
    """A decision of the page goes to the log as the API's do: counted as written (or as a
    failed write, which /ready then reports), and counted as a decision only once shown."""
    with TestClient(create_app(installed, FailingLog())) as client:
        before = scrape(client)
        refused = client.post("/ask", data=PAGE_GIFT)
        after = scrape(client)
        ready = client.get("/ready").json()
    assert refused.status_code == 503
    assert "PROHIBITED" not in refused.text
    assert moved(before, after, "ala_policy_log_write_failures_total") == 1
    assert (
        moved(before, after, "ala_policy_decisions_total", area="gift", decision="prohibited") == 0
    )
    assert moved(before, after, "ala_policy_scenarios_total", decision="prohibited") == 0
    assert ready["log"]["last_write_failed"] == "OSError: disk full"

    from ala_policy.decisionlog import open_log

    log = open_log(f"sqlite:///{tmp_path / 'decisions.db'}")
    try:
        with TestClient(create_app(installed, log)) as client:
            before = scrape(client)
            shown = client.post("/ask", data=PAGE_GIFT)
            after = scrape(client)
        assert shown.status_code == 200
        assert "PROHIBITED" in shown.text
        assert moved(before, after, "ala_policy_log_written_decisions_total") == 1
        assert (
            moved(before, after, "ala_policy_decisions_total", area="gift", decision="prohibited")
            == 1
        )
        assert len(list(log.export())) == 1
    finally:
        log.close()


def test_two_applications_never_share_counts(installed: Engine) -> None:
    with TestClient(create_app(installed)) as one, TestClient(create_app(installed)) as two:
        one.post("/v1/evaluate", json=DINNER)
        counted = scrape(two)
    assert (
        "ala_policy_decisions_total",
        frozenset({("area", "gift"), ("decision", "prohibited")}),
    ) not in counted


# -- /openapi.json ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(installed: Engine) -> Iterator[tuple[Starlette, TestClient]]:
    app = create_app(installed)
    with TestClient(app) as client:
        yield app, client


@pytest.fixture(scope="module")
def document(served: tuple[Starlette, TestClient]) -> dict[str, Any]:
    response = served[1].get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    found: dict[str, Any] = response.json()
    return found


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1.")
    OpenAPIV31SpecValidator(document).validate()  # raises on the first problem


def test_the_validator_would_see_a_broken_document(document: dict[str, Any]) -> None:
    """The validation above is real: the same document, broken, fails it."""
    broken = copy.deepcopy(document)
    broken["paths"]["/v1/evaluate"]["post"]["responses"]["200"] = {"content": {}}  # no description
    assert list(OpenAPIV31SpecValidator(broken).iter_errors())


def _repointed(value: Any) -> Any:
    text = json.dumps(value).replace('"#/$defs/', '"#/components/schemas/')
    return json.loads(text)


def test_the_request_body_is_the_scenario_schema(
    served: tuple[Starlette, TestClient], document: dict[str, Any]
) -> None:
    """The schema `ala-policy schema` prints and GET /v1/schema sends, its definitions the
    document's components."""
    printed = CliRunner().invoke(main, ["schema"])
    assert printed.exit_code == 0, printed.output
    schema = json.loads(printed.stdout)
    assert served[1].get("/v1/schema").json() == schema
    components = document["components"]["schemas"]
    for name, definition in schema["$defs"].items():
        assert components[name] == _repointed(definition), name
    whole = {k: v for k, v in schema.items() if k not in ("$defs", "$id", "$schema")}
    assert components["ScenarioFile"] == _repointed(whole)
    for path in ("/v1/evaluate", "/v1/explain"):
        content = document["paths"][path]["post"]["requestBody"]["content"]
        assert content["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ScenarioFile"
        }
        assert {"application/yaml", "application/toml", "application/x-ndjson"} <= set(content)
    assert "#/$defs/" not in json.dumps(document)


def test_a_plugin_area_is_in_the_document() -> None:
    """The document is built from the engine the server decides with: a plugin's area is
    a component and a property of a scenario, and a valid document still."""
    with TestClient(create_app(make_engine(("venue", VenuePlugin())))) as client:
        own = client.get("/openapi.json").json()
    OpenAPIV31SpecValidator(own).validate()
    schemas = own["components"]["schemas"]
    assert "venue" in schemas
    assert schemas["scenario"]["properties"]["venue"] == {"$ref": "#/components/schemas/venue"}


def _validator(document: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return jsonschema.Draft202012Validator(schema)


def test_answers_are_what_the_document_says(
    served: tuple[Starlette, TestClient], document: dict[str, Any]
) -> None:
    client = served[1]
    answers = {
        "EvaluateResponse": [
            client.post("/v1/evaluate", json=DINNER),
            client.post("/v1/evaluate", json=[DINNER, {**INVALID, "id": "x"}]),
        ],
        "ExplainResponse": [client.post("/v1/explain", json=DINNER)],
        "Clause": [client.get("/v1/policies/code/III.C")],
        "Policies": [client.get("/v1/policies")],
        "Plugins": [client.get("/v1/plugins")],
        "Error": [
            client.post("/v1/evaluate", content=b"{", headers={"Content-Type": "application/json"}),
            client.post("/v1/evaluate", content=b"{}", headers={"Content-Type": "text/plain"}),
            client.get("/v1/policies/code/NOPE"),
            client.get("/nowhere"),
            client.get("/v1/log"),
        ],
    }
    for name, responses in answers.items():
        validator = _validator(document, name)
        for response in responses:
            problems = [error.message for error in validator.iter_errors(response.json())]
            assert not problems, (name, response.request.url, problems[:3])


def _served_paths(routes: Sequence[BaseRoute], prefix: str = "") -> dict[str, set[str]]:
    """Each route's path as OpenAPI writes it (``{clause_id}``), and its methods."""
    found: dict[str, set[str]] = {}
    for route in routes:
        if isinstance(route, Mount):
            for path, methods in _served_paths(route.routes, prefix + route.path).items():
                found.setdefault(path, set()).update(methods)
        elif isinstance(route, Route):
            if (route.name or "").startswith("page:"):
                continue  # the web page: HTML for people, docs/page.md
            path = (prefix + route.path).replace(":path}", "}")
            found.setdefault(path, set()).update(m.lower() for m in route.methods or ())
    return found


def test_every_route_is_documented_and_every_documented_route_served(
    served: tuple[Starlette, TestClient], document: dict[str, Any]
) -> None:
    app, client = served
    routes = _served_paths(app.routes)
    documented = {
        path: {method for method in operations if method in ("get", "post", "put", "delete")}
        for path, operations in document["paths"].items()
    }
    assert set(routes) == set(documented)
    for path, methods in documented.items():
        assert methods <= routes[path], path
        assert routes[path] - {"head"} == methods, path
    for path, methods in documented.items():
        concrete = path.replace("{clause_id}", "code/III.C")
        for method in methods:
            response = client.request(
                method.upper(), concrete, json=DINNER if method == "post" else None
            )
            assert response.status_code not in (404, 405), (method, path, response.text)


def test_each_operation_documents_its_error_statuses(document: dict[str, Any]) -> None:
    for path in ("/v1/evaluate", "/v1/explain"):
        responses = document["paths"][path]["post"]["responses"]
        assert {"200", "400", "401", "403", "413", "415", "422", "503", "500"} <= set(responses)
    assert {"401", "403", "404"} <= set(document["paths"]["/v1/log"]["get"]["responses"])


def test_the_documents_words_say_what_each_route_does(document: dict[str, Any]) -> None:
    """Explaining never logs, so its 503 is only the time limit; every extra field of the
    error object is named."""
    explain = document["paths"]["/v1/explain"]["post"]["responses"]["503"]["description"]
    assert "log" not in explain.replace("never logged", "")
    assert "--request-timeout" in explain
    evaluate = document["paths"]["/v1/evaluate"]["post"]["responses"]["503"]["description"]
    assert "decision log" in evaluate
    assert "--request-timeout" in evaluate
    extras = document["components"]["schemas"]["Error"]["properties"]["error"]["description"]
    for field in ("`file`", "`line`", "`path`", "`parameter`", "`clause`", "`limit`"):
        assert field in extras


def test_the_document_follows_the_mount_point(installed: Engine) -> None:
    outer = Starlette(routes=[Mount("/ethics", app=create_app(installed))])
    with TestClient(outer) as client:
        mounted = client.get("/ethics/openapi.json").json()
    assert mounted["servers"] == [{"url": "/ethics"}]
    OpenAPIV31SpecValidator(mounted).validate()


# -- headers ---------------------------------------------------------------------------------


def test_every_response_says_nosniff(logged: TestClient) -> None:
    """No browser guesses another media type for any answer (a JSON answer echoing a
    scenario's title is never run as a page), the errors' included."""
    answers = [
        logged.get("/health"),
        logged.get("/ready"),
        logged.get("/metrics"),
        logged.get("/openapi.json"),
        logged.post("/v1/evaluate", json=DINNER),
        logged.post("/v1/explain", json=DINNER),
        logged.get("/v1/schema"),
        logged.get("/v1/policies/code/III.C"),
        logged.get("/v1/log", headers=bearer()),
        logged.get("/v1/log"),
        logged.get("/v1/nothing"),
        logged.delete("/v1/log"),
        logged.post("/v1/evaluate", content=b"{", headers={"Content-Type": "application/json"}),
        logged.get("/"),
        logged.get("/static/page.css"),
    ]
    etag = logged.get("/v1/plugins").headers["etag"]
    answers.append(logged.get("/v1/plugins", headers={"If-None-Match": etag}))
    for answer in answers:
        assert answer.headers.get("x-content-type-options") == "nosniff", answer.request.url
        assert len(answer.headers.get_list("x-content-type-options")) == 1
    assert {answer.status_code for answer in answers} >= {200, 304, 400, 401, 404, 405}


def test_a_method_not_allowed_names_the_allowed_ones_in_a_fixed_order(logged: TestClient) -> None:
    """Starlette joins a set of methods into ``Allow``, in an order that changes from one
    process to the next; the answer names them in one order, as docs/server.md shows."""
    import asyncio

    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    from ala_policy.server._http import handle_http_exception

    request = Request({"type": "http", "method": "DELETE", "path": "/v1/log", "headers": []})
    for given in ("HEAD, GET", "GET, HEAD"):
        answer = asyncio.run(
            handle_http_exception(request, HTTPException(405, headers={"Allow": given}))
        )
        assert answer.headers["allow"] == "GET, HEAD"
        message = json.loads(bytes(answer.body))["error"]["message"]
        assert message == "DELETE /v1/log: the method is not allowed here (allowed: GET, HEAD)"
    refused = logged.delete("/v1/log")
    assert refused.status_code == 405
    assert refused.headers.get_list("allow") == ["GET, HEAD"]


# -- configured from the environment (ala-policy serve --workers N) ------------------------


def test_worker_options_come_from_the_environment(tmp_path: Path) -> None:
    from ala_policy.server._app import ENV_PREFIX, options_from_env

    token = tmp_path / "token.txt"
    token.write_text(TOKEN + "\n", encoding="utf-8")
    options = options_from_env(
        {
            ENV_PREFIX + "TOKEN_FILE": str(token),
            ENV_PREFIX + "PROTECT_DECISIONS": "1",
            ENV_PREFIX + "MAX_BODY": "2048",
            ENV_PREFIX + "TIMEOUT": "0",
            ENV_PREFIX + "MASK": "actor.email, gift.giver",
        }
    )
    assert options["token"] == TOKEN
    assert options["protect_decisions"] is True
    assert options["max_body"] == 2048
    assert options["timeout"] is None
    assert options["mask"] == ["actor.email", "gift.giver"]
    with pytest.raises(ValueError, match=f"{ENV_PREFIX}MAX_BODY='1MB' is not a number"):
        options_from_env({ENV_PREFIX + "MAX_BODY": "1MB"})
    with pytest.raises(ValueError, match="cannot read the token file"):
        options_from_env({ENV_PREFIX + "TOKEN_FILE": str(tmp_path / "missing")})


# -- ala-policy serve: argument errors ---------------------------------------------------------


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """``uvicorn.run`` recorded, never run: these tests stop before serving, or check what
    would be served."""
    import uvicorn

    calls: list[dict[str, Any]] = []

    def record(app: Any, **options: Any) -> None:
        calls.append({"app": app, **options})

    monkeypatch.setattr(uvicorn, "run", record)
    return calls


def serve(*args: str) -> Any:
    result = CliRunner().invoke(main, ["serve", *args])
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, (ValueError, OSError, TypeError, AttributeError))
    return result


def one_error_line(result: Any) -> str:
    """The one line that says what is wrong (click adds its usage lines to option errors)."""
    assert result.exit_code == 2, result.output
    output: str = result.output
    lines = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.output
    assert result.stdout == "" or "Usage:" in result.output
    return lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--port", "70000"], "--port"),
        (["--port", "-1"], "--port"),
        (["--port", "http"], "--port"),
        (["--workers", "0"], "--workers"),
        (["--max-body", "0"], "--max-body"),
        (["--max-body", "1MB"], "--max-body"),
        (["--timeout", "-1"], "--timeout"),
        (["--request-timeout", "0"], "--request-timeout"),
    ],
)
def test_a_bad_option_value_is_one_line_and_exit_2(
    no_server: list[dict[str, Any]], args: list[str], words: str
) -> None:
    assert words in one_error_line(serve(*args))
    assert not no_server


def test_an_unreadable_token_file_is_one_line(
    no_server: list[dict[str, Any]], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9\n")
    spaced = tmp_path / "spaced.txt"
    spaced.write_text("two words\n", encoding="utf-8")
    for path, words in (
        (tmp_path / "missing.txt", "cannot read the token file"),
        (empty, "is empty"),
        (latin, "not UTF-8"),
        (spaced, "spaces"),
    ):
        line = one_error_line(serve("--token-file", str(path)))
        assert words in line, line
    line = one_error_line(serve("--token-file", str(tmp_path)))  # a folder
    assert "token-file" in line or "token file" in line
    assert not no_server


def test_protect_decisions_without_a_token_is_one_line(no_server: list[dict[str, Any]]) -> None:
    line = one_error_line(serve("--protect-decisions"))
    assert "--protect-decisions needs --token-file" in line
    assert not no_server


@pytest.mark.parametrize(
    "url",
    ["mysql://localhost/db", "sqlite:///{missing}/decisions.db", "postgresql://"],
)
def test_a_bad_log_url_is_one_line(
    no_server: list[dict[str, Any]], tmp_path: Path, url: str
) -> None:
    result = serve("--log", url.format(missing=tmp_path / "no" / "such" / "folder"))
    line = one_error_line(result)
    assert len(line) < 400
    assert not no_server


def test_a_port_in_use_is_one_line(no_server: list[dict[str, Any]]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_error_line(serve("--port", str(port)))
    assert f"cannot listen on 127.0.0.1:{port}" in line
    assert not no_server


def test_good_arguments_reach_the_application(
    no_server: list[dict[str, Any]], tmp_path: Path
) -> None:
    token = tmp_path / "token.txt"
    token.write_text(f"  {TOKEN}  \nignored\n", encoding="utf-8")
    result = serve(
        "--port",
        "0",
        "--token-file",
        str(token),
        "--protect-decisions",
        "--max-body",
        "1234",
        "--timeout",
        "0",
    )
    assert result.exit_code == 0, result.output
    (call,) = no_server
    assert (call["host"], call["port"]) == ("127.0.0.1", 0)
    config = call["app"].state.ala_policy.config
    assert (config.token, config.protect_decisions, config.max_body) == (TOKEN, True, 1234)
    assert config.timeout is None
    with TestClient(call["app"]) as client:
        assert client.post("/v1/evaluate", json=DINNER).status_code == 401
        assert client.post("/v1/evaluate", json=DINNER, headers=bearer()).status_code == 200
