"""Bad requests never crash the server (issue 14): a body that cannot be read, one too large
(with a Content-Length or streamed without one), the wrong content type, a scenario that
fails validation, a plugin that raises, returns garbage or hangs, and every kind of bad file
the CLI's own tests try, sent as a body to ``/v1/evaluate`` and ``/v1/explain``. Each gets
a JSON error with the right status and no traceback, and the next request is served."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from _server import DINNER, TestClient, cli_json
from hypothesis import given, settings
from starlette.applications import Starlette
from test_bad_input import BAD_YAML_SCENARIOS
from test_hostile_input import BIG, GOOD_LINE, SURROGATES
from test_properties import (
    ALIAS_CHAIN,
    DEEP_TOML,
    DOTTED_TOML,
    HEX_KEY,
    HEX_KEY_BESIDE_SCENARIOS,
    files,
)
from test_yaml_errors import BROKEN

from ala_policy import Decision, Engine, hookimpl
from ala_policy.decisionlog import DecisionLog
from ala_policy.server import ServerConfig, create_app
from ala_policy.server._app import MAX_BODY
from ala_policy.testing import make_engine

#: The media type each scenario format is sent as.
MEDIA = {
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".toml": "application/toml",
    ".jsonl": "application/x-ndjson",
}
ENDPOINTS = ("/v1/evaluate", "/v1/explain")


@pytest.fixture(scope="module")
def installed() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def client(installed: Engine) -> Iterator[TestClient]:
    # raise_server_exceptions=False: the client sees what a real client would (a 500),
    # never the server's exception.
    with TestClient(create_app(installed), raise_server_exceptions=False) as test_client:
        yield test_client


def post(client: TestClient, path: str, body: bytes, suffix: str = ".json") -> Any:
    return client.post(path, content=body, headers={"Content-Type": MEDIA[suffix]})


def no_traceback(text: str) -> None:
    assert "Traceback" not in text, text[:2000]
    assert 'File "/' not in text, text[:2000]
    assert "site-packages" not in text, text[:2000]


def json_error(response: Any, status: int) -> dict[str, Any]:
    """The error object of an error response, checked: JSON, the status, a code and a
    message, no traceback."""
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"] == "application/json"
    no_traceback(response.text)
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    return error


def still_serves(client: TestClient) -> None:
    """The server answers the next request as if nothing had happened."""
    assert client.get("/health").json()["status"] == "ok"
    response = client.post("/v1/evaluate", json=DINNER)
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["decision"] == "prohibited"


# -- a body that cannot be read ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "body", "message"),
    [
        (".json", b'{"id": "a",\n "actor": }', "JSON syntax error"),
        (".json", b"not json at all", "JSON syntax error"),
        (".yaml", b"id: a\nactor: {role: member\ngift: {}\n", "YAML syntax error"),
        (".toml", b'id = "a"\nactor = {role = }\n', "TOML syntax error"),
        (".jsonl", b"{not json\n[1, 2\n", "JSON syntax error"),
        (".json", b'{"id": "caf\xe9"}', "not UTF-8"),
        (".yaml", b"id: x\x00\x01\x02", "binary"),
        (".json", b"", "is empty"),
        (".toml", b"  \n\n", "is empty"),
    ],
)
@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_body_that_is_not_json_yaml_or_toml_is_400(
    client: TestClient, path: str, suffix: str, body: bytes, message: str
) -> None:
    error = json_error(post(client, path, body, suffix), 400)
    assert error["code"] == "unreadable_body"
    assert message in error["message"]
    assert error["file"] == "<request>"
    assert set(error) >= {"file", "line", "path"}
    still_serves(client)


@pytest.mark.parametrize(
    ("suffix", "body"),
    [(".json", b""), (".yaml", b"\n"), (".toml", b"  \n\n"), (".jsonl", b"")],
)
@pytest.mark.parametrize("path", ENDPOINTS)
def test_an_empty_body_is_said_to_be_the_request_body(
    client: TestClient, path: str, suffix: str, body: bytes
) -> None:
    """The CLI names the file that is empty; here the subject is the body."""
    error = json_error(post(client, path, body, suffix), 400)
    assert error["message"].startswith("the request body is empty: expected "), error


# -- too large -----------------------------------------------------------------------------


def test_the_default_limit_is_one_mebibyte() -> None:
    assert MAX_BODY == ServerConfig().max_body == 1024 * 1024


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_body_over_the_default_limit_is_413(client: TestClient, path: str) -> None:
    # one mebibyte of valid JSON and one byte more: refused by its size, not its content
    padding = MAX_BODY + 1 - len(json.dumps(DINNER)) - len(', "x": ""')
    body = json.dumps({**DINNER, "x": "a" * padding}).encode()
    assert len(body) == MAX_BODY + 1
    error = json_error(post(client, path, body), 413)
    assert error["code"] == "too_large"
    assert error["limit"] == MAX_BODY
    assert "1,048,576 bytes" in error["message"]
    still_serves(client)


def test_a_body_at_the_limit_is_read(installed: Engine) -> None:
    body = json.dumps(DINNER).encode()
    with TestClient(create_app(installed, max_body=len(body))) as small:
        assert post(small, "/v1/evaluate", body).status_code == 200
        json_error(post(small, "/v1/evaluate", body + b" "), 413)
        still_serves_small = small.post("/v1/evaluate", json=DINNER)
        assert still_serves_small.status_code == 200


def test_the_limit_is_configurable(installed: Engine) -> None:
    with TestClient(create_app(installed, max_body=100)) as small:
        error = json_error(post(small, "/v1/explain", json.dumps(DINNER).encode()), 413)
        assert error["limit"] == 100
        assert "100 bytes" in error["message"]


class _Receiver:
    """An ASGI ``receive`` that sends a body in chunks and counts those the app asked for."""

    def __init__(self, chunks: list[bytes], *, leaves: bool = False) -> None:
        self.chunks = chunks
        self.leaves = leaves
        self.read = 0

    async def __call__(self) -> dict[str, Any]:
        if self.read < len(self.chunks):
            self.read += 1
            more = self.leaves or self.read < len(self.chunks)
            return {"type": "http.request", "body": self.chunks[self.read - 1], "more_body": more}
        if not self.leaves:
            await asyncio.sleep(3600)  # a client that waits for the answer
        return {"type": "http.disconnect"}


def asgi_post(
    app: Starlette,
    path: str,
    chunks: list[bytes],
    headers: dict[str, str],
    *,
    leaves: bool = False,
) -> tuple[int, dict[str, Any], int]:
    """POST ``chunks`` to ``app`` as a client streaming them would (and, ``leaves``, then
    going away): the status, the JSON answer, and how many chunks the app read."""
    receive = _Receiver(chunks, leaves=leaves)
    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 30))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    no_traceback(body.decode("utf-8"))
    return start["status"], json.loads(body), receive.read


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_streamed_body_without_length_is_stopped_at_the_limit(
    installed: Engine, path: str
) -> None:
    """Chunked transfer: no Content-Length to refuse up front; the body is refused as soon
    as it passes the limit, without reading the rest."""
    app = create_app(installed, max_body=10_000)
    chunks = [b"[" + b" " * 999] + [b" " * 1000] * 99  # 100 kB of JSON-ish bytes
    status, answer, read = asgi_post(
        app, path, chunks, {"content-type": "application/json", "transfer-encoding": "chunked"}
    )
    assert status == 413
    assert answer["error"]["code"] == "too_large"
    assert read == 11  # the chunk that passed 10,000 bytes, and no more


def test_a_content_length_that_lies_does_not_lift_the_limit(installed: Engine) -> None:
    app = create_app(installed, max_body=10_000)
    chunks = [b" " * 1000] * 50
    status, answer, read = asgi_post(
        app, "/v1/evaluate", chunks, {"content-type": "application/json", "content-length": "10"}
    )
    assert (status, answer["error"]["code"]) == (413, "too_large")
    assert read == 11


def test_a_declared_length_over_the_limit_is_refused_before_reading(installed: Engine) -> None:
    app = create_app(installed, max_body=10_000)
    status, answer, read = asgi_post(
        app,
        "/v1/evaluate",
        [b" " * 1000] * 20,
        {"content-type": "application/json", "content-length": "20000"},
    )
    assert (status, answer["error"]["code"], read) == (413, "too_large", 0)


def test_a_client_that_leaves_mid_body_is_not_a_server_failure(
    installed: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    status, answer, read = asgi_post(
        create_app(installed),
        "/v1/evaluate",
        [b'{"id": "a", '],
        {"content-type": "application/json"},
        leaves=True,
    )
    assert (status, answer["error"]["code"], read) == (400, "client_disconnected", 1)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_a_streamed_body_within_the_limit_is_decided(installed: Engine) -> None:
    text = json.dumps(DINNER).encode()
    chunks = [text[i : i + 7] for i in range(0, len(text), 7)]
    status, answer, _ = asgi_post(
        create_app(installed), "/v1/evaluate", chunks, {"content-type": "application/json"}
    )
    assert status == 200
    assert answer["results"][0]["decision"] == "prohibited"


# -- the wrong content type -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "text/html",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
        "application/json; charset=latin-1",
        "application/xml",
        "",
        ";;;",
    ],
)
@pytest.mark.parametrize("path", ENDPOINTS)
def test_the_wrong_content_type_is_415(
    client: TestClient, path: str, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    response = client.post(path, content=json.dumps(DINNER).encode(), headers=headers)
    error = json_error(response, 415)
    assert error["code"] == "unsupported_media_type"
    assert "application/json" in error["message"] or "UTF-8" in error["message"]
    still_serves(client)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.chapter+json",
        'application/json; charset="UTF-8"',
    ],
)
def test_json_in_any_usual_spelling_is_read(client: TestClient, content_type: str) -> None:
    response = client.post(
        "/v1/evaluate", content=json.dumps(DINNER).encode(), headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text


# -- a scenario that fails validation: the CLI's error object ---------------------------------

_TEMPLATE = (
    "scenarios:\n"
    "  - id: first\n"
    "    actor: {role: member}\n"
    "    gift: {kind: meal, act: offered, pending_business: true}\n"
    "  - id: second\n"
    "    actor: {role: member}\n"
    "    {body}\n"
)


@pytest.mark.parametrize(("body", "path", "line", "message"), BAD_YAML_SCENARIOS)
def test_a_scenario_that_fails_validation_is_422_with_the_cli_error_object(
    client: TestClient, tmp_path: Path, body: str, path: str, line: int, message: str
) -> None:
    text = _TEMPLATE.replace("{body}", body)
    file = tmp_path / "s.yaml"
    file.write_text(text, encoding="utf-8")
    expected = cli_json("evaluate", str(file))["results"][1]["error"]
    response = post(client, "/v1/evaluate", text.encode(), ".yaml")
    answer = response.json()
    error = json_error(response, 422)
    assert error["code"] == "invalid_scenario"
    assert "1 of 2 scenarios could not be decided" in error["message"]
    first, second = answer["results"]
    assert first["decision"] == "prohibited"
    assert "decision_id" in first
    assert second["decision"] == "error"
    assert "decision_id" not in second
    assert second["error"] == {**expected, "file": "<request>"}
    assert (second["error"]["path"], second["error"]["line"]) == (path, line)
    assert message in second["error"]["message"]
    # explain answers with the CLI's explain items: the same error object in the item
    explained = post(client, "/v1/explain", text.encode(), ".yaml")
    assert explained.status_code == 422
    no_traceback(explained.text)
    expected_explained = cli_json("explain", str(file))[1]["error"]
    assert explained.json()[1]["error"] == {**expected_explained, "file": "<request>"}
    still_serves(client)


def test_a_json_body_that_fails_validation_names_the_field(client: TestClient) -> None:
    bad = {**DINNER, "gift": {**DINNER["gift"], "act": "gifted"}}
    response = client.post("/v1/evaluate", json=bad)
    json_error(response, 422)
    (result,) = response.json()["results"]
    assert result["error"]["path"] == "gift.act"
    assert result["error"]["file"] == "<request>"
    assert set(result["error"]) == {"message", "file", "line", "path"}


def test_a_number_that_is_not_finite_is_named_as_the_cli_names_it(client: TestClient) -> None:
    body = (
        '{"id": "s", "actor": {"role": "member"}, '
        '"gift": {"kind": "meal", "act": "offered", "value_usd": NaN}}'
    )
    response = client.post(
        "/v1/evaluate", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    (result,) = response.json()["results"]
    assert result["error"]["message"] == "expected a finite number, got NaN"
    assert result["error"]["path"] == "gift.value_usd"


# -- a plugin that fails ---------------------------------------------------------------------

GIFT_ONLY = {
    "id": "accepted-lunch",
    "date": "2026-03-01",
    "actor": {"role": "member"},
    "gift": {"kind": "meal", "act": "accepted", "pending_business": False, "may_influence": False},
}
#: Another area than the failing plugins': decided as ever beside them.
NEWSLETTER = {
    "id": "newsletter-to-all",
    "date": "2026-03-01",
    "actor": {"role": "business_partner"},
    "directory_use": {"purpose": "newsletter", "recipients": "all", "relationship": "met"},
}


class Raises:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> None:
        raise RuntimeError("the chapter's rule broke")


class ReturnsGarbage:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> object:
        return {"decision": "permitted", "not": "a ruling"}


class ReturnsNonsense:
    @hookimpl
    def ala_policy_evaluate_gift(self) -> object:
        return 42


class Hangs:
    """Runs Python code until released (or 30 s): the server must not wait for it."""

    def __init__(self) -> None:
        self.release = threading.Event()

    @hookimpl
    def ala_policy_evaluate_gift(self) -> None:
        end = time.monotonic() + 30
        while not self.release.is_set() and time.monotonic() < end:
            time.sleep(0.01)


class Blocks(Hangs):
    """Blocked inside one C call until released: the engine's time limit cannot interrupt
    it (kernel/_deadline.py), so the request's own limit answers."""

    @hookimpl
    def ala_policy_evaluate_gift(self) -> None:
        self.release.wait(30)


def _faulty_client(plugin: object, **options: Any) -> TestClient:
    engine = make_engine(("chapter-rule", plugin))
    return TestClient(create_app(engine, **options), raise_server_exceptions=False)


def _the_fault(answer: dict[str, Any]) -> dict[str, Any]:
    (result,) = answer["results"]
    assert result["decision"] != Decision.PERMITTED.value
    faults: list[dict[str, Any]] = [f for f in result["findings"] if f["plugin"] == "chapter-rule"]
    (fault,) = faults
    assert fault["decision"] == "indeterminate"
    return fault


@pytest.mark.parametrize(
    ("plugin", "said"),
    [
        (Raises(), "RuntimeError: the chapter's rule broke"),
        (ReturnsGarbage(), "dict"),
        (ReturnsNonsense(), "int"),
    ],
    ids=["raises", "returns-a-dict", "returns-a-number"],
)
def test_a_failing_plugin_is_named_indeterminate_never_permitted(plugin: object, said: str) -> None:
    with _faulty_client(plugin) as faulty:
        for _ in range(2):  # and again: the failure left nothing behind
            response = faulty.post("/v1/evaluate", json=GIFT_ONLY)
            assert response.status_code == 200, response.text
            no_traceback(response.text)
            fault = _the_fault(response.json())
            assert said in fault["error"]
            explained = faulty.post("/v1/explain", json=GIFT_ONLY)
            assert explained.status_code == 200, explained.text
            assert explained.json()[0]["decision"] != "permitted"
        assert faulty.get("/health").status_code == 200


def test_a_plugin_that_hangs_is_stopped_named_and_the_next_request_served() -> None:
    plugin = Hangs()
    try:
        with _faulty_client(plugin, timeout=0.3) as faulty:
            start = time.monotonic()
            response = faulty.post("/v1/evaluate", json=GIFT_ONLY)
            assert time.monotonic() - start < 10
            assert response.status_code == 200, response.text
            fault = _the_fault(response.json())
            assert "did not return within the scenario's 0.3 s" in fault["error"]
            assert faulty.get("/health").status_code == 200
            again = faulty.post("/v1/evaluate", json=NEWSLETTER)
            assert again.status_code == 200
            assert again.json()["results"][0]["decision"] == "prohibited"
    finally:
        plugin.release.set()


def test_a_request_past_its_time_is_503_and_the_server_goes_on() -> None:
    plugin = Blocks()
    try:
        with _faulty_client(plugin, timeout=0.3, request_timeout=0.5) as faulty:
            start = time.monotonic()
            error = json_error(faulty.post("/v1/evaluate", json=GIFT_ONLY), 503)
            assert time.monotonic() - start < 10
            assert error["code"] == "timeout"
            assert "permitted" not in json.dumps(error)
            assert faulty.get("/health").status_code == 200
            assert faulty.post("/v1/evaluate", json=NEWSLETTER).status_code == 200
    finally:
        plugin.release.set()


class StuckLog(DecisionLog):
    """A log whose writes wait until released (a database locked by another process)."""

    def __init__(self) -> None:
        self.url = "memory:"
        self.release = threading.Event()
        self.entries: list[Any] = []

    def append(self, entries: Any) -> None:
        self.release.wait(30)
        self.entries.extend(entries)


def test_the_wait_for_the_log_is_within_the_requests_time() -> None:
    """--request-timeout bounds the whole request, the wait for the log included: past
    it, 503 and no decision given out; the server goes on, and once the log answers the
    next request is decided and logged."""
    log = StuckLog()
    try:
        with TestClient(create_app(Engine(), log, request_timeout=1.0)) as client:
            start = time.monotonic()
            response = client.post("/v1/evaluate", json=DINNER)
            assert time.monotonic() - start < 10
            error = json_error(response, 503)
            assert error["code"] == "timeout"
            assert "decision log" in error["message"]
            assert "decision_id" not in response.text
            assert response.headers["retry-after"] == "5"
            assert client.get("/health").status_code == 200
            log.release.set()
            still_serves(client)
    finally:
        log.release.set()
    assert len(log.entries) >= 1


PAGE_GIFT = {
    "area": "gift",
    "actor.role": "member",
    "title": "Lunch from a member",
    "date": "2026-03-01",
    "gift.kind": "meal",
    "gift.act": "accepted",
    "gift.pending_business": "no",
    "gift.may_influence": "no",
}


def test_the_page_decides_within_the_servers_time_limits() -> None:
    """The page decides as the API does: a plugin past --timeout is named, its finding
    indeterminate; a request past --request-timeout is a page saying so (503), the
    answers kept, and the server goes on."""
    hangs = Hangs()
    try:
        with _faulty_client(hangs, timeout=0.3) as faulty:
            start = time.monotonic()
            shown = faulty.post("/ask", data=PAGE_GIFT)
            assert time.monotonic() - start < 10
            assert shown.status_code == 200, shown.text
            assert "did not return within the scenario" in shown.text
            assert "chapter-rule" in shown.text
    finally:
        hangs.release.set()
    blocks = Blocks()
    try:
        with _faulty_client(blocks, timeout=0.3, request_timeout=0.5) as faulty:
            for method, path in (("POST", "/ask"), ("GET", "/scenario.yaml")):
                start = time.monotonic()
                if method == "POST":
                    refused = faulty.post(path, data=PAGE_GIFT)
                else:
                    refused = faulty.get(path, params=PAGE_GIFT)
                assert time.monotonic() - start < 10
                assert refused.status_code == 503
                assert refused.headers["content-type"].startswith("text/html")
                assert "Deciding took longer than this server allows" in refused.text
                assert "Lunch from a member" in refused.text  # the answers kept
                assert "PERMITTED" not in refused.text
            assert faulty.get("/health").status_code == 200
    finally:
        blocks.release.set()


def test_a_failure_of_the_server_itself_is_500_without_a_traceback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ala_policy.server import api

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("an internal secret: /srv/ala/engine.py line 12")

    monkeypatch.setattr(api, "_decide", broken)
    response = client.post("/v1/evaluate", json=DINNER)
    error = json_error(response, 500)
    assert error["code"] == "internal_error"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "secret" not in response.text
    monkeypatch.undo()
    still_serves(client)


# -- every kind of bad file the CLI's tests try, as a body -------------------------------------


def _hostile_bodies() -> Iterator[Any]:
    """(id, suffix, body) of every kind of bad file the CLI's tests read: tests/
    test_bad_input.py, test_hostile_input.py, test_yaml_errors.py and the examples of
    test_properties.py."""
    unreadable = [
        ("syntax.yaml", b"id: a\nactor: {role: member\ngift: {}\n"),
        ("syntax.json", b'{"id": "a",\n "actor": }'),
        ("syntax.toml", b'id = "a"\nactor = {role = }\n'),
        ("empty.yaml", b""),
        ("blank.json", b"  \n\n"),
        ("binary.yaml", b"id: x\x00\x01\x02"),
        ("latin1.yaml", b"id: caf\xe9\n"),
        ("dupkey.yaml", b"id: a\nid: b\n"),
        ("dupkey.json", b'{"id": "a", "id": "b"}'),
        ("scalar.yaml", b"just words\n"),
        ("empty.jsonl", b""),
        ("comments.yaml", b"# yaml-language-server: $schema=./scenario.schema.json\n"),
        ("separators.yaml", b"---\n# nothing\n---\n"),
        ("loop.yaml", b"id: x\nactor: &a {role: member, again: *a}\n"),
        ("set.yaml", b"id: s\nactor: {role: member}\ntitle: !!set {c: null, a: null}\n"),
        ("alias-chain.yaml", ALIAS_CHAIN),
        ("hex-key.yaml", HEX_KEY),
        ("hex-key-beside.yaml", HEX_KEY_BESIDE_SCENARIOS),
        ("deep-disguised.toml", DEEP_TOML),
        ("dotted-100.toml", DOTTED_TOML),
    ]
    yield from ((name, "." + name.rsplit(".", 1)[1], raw) for name, raw in unreadable)
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    yield "alias-bomb.yaml", ".yaml", ("\n".join(bomb) + "\nid: x\n").encode()
    deep_json = '{"a": ' * 500 + "1" + "}" * 500
    yield "deep.json", ".json", ('{"id": "x",\n"title": ' + "[" * 100_000 + "]" * 100_000 + "}")
    yield "deep.yaml", ".yaml", "id: x\ntitle: " + "[" * 5000 + "]" * 5000 + "\n"
    yield "deep.toml", ".toml", 'id = "x"\ntitle = ' + "[" * 5000 + "]" * 5000 + "\n"
    yield "deep.jsonl", ".jsonl", GOOD_LINE[:-1] + ', "x": ' + deep_json + "}\n"
    yield "deep-object.json", ".json", '{"id": "j",\n "x": ' + deep_json + "}\n"
    dotted = "title." + ".".join(["a"] * 100_000)
    base = 'id = "a"\nactor = {role = "member"}\ngift = {kind = "meal", act = "offered"}\n'
    yield "dotted-key.toml", ".toml", base + f"{dotted} = 1\n"
    yield "dotted-header.toml", ".toml", base + f"[{dotted}]\nb = 1\n"
    for suffix, text in (
        (
            ".yaml",
            f"id: a\nactor: {{role: member}}\ngift: {{kind: meal, act: offered, value_usd: {BIG}}}",
        ),
        (".json", '{"id": "a", "actor": {"role": "member"}, "gift": {"value_usd": ' + BIG + "}}"),
        (".toml", f'id = "a"\nactor = {{role = "member"}}\n[gift]\nvalue_usd = {BIG}\n'),
        (".jsonl", '{"id": "a", "gift": {"value_usd": ' + BIG + "}}\n"),
    ):
        yield f"big-number{suffix}", suffix, text
    for char in ("\x01", "\x7f", "\ufffe"):
        yield f"char-U+{ord(char):04X}.yaml", ".yaml", f"id: a\ntitle: x{char}y\nactor: {{}}\n"
    yield "bom-later.jsonl", ".jsonl", "\ufeff" + GOOD_LINE + "\n\ufeff" + GOOD_LINE + "\n"
    yield "lines.jsonl", ".jsonl", "{not json\n\n[1, 2]\n" + json.dumps({"id": 5}) + "\n"
    toml_tables = "".join(
        f'[[scenarios]]\nid = "s{i}"\n[scenarios.actor]\nrole = "member"\n'
        f'[scenarios.gift]\nkind = "pie"\nact = "offered"\n'
        for i in range(2000)
    )
    yield "many-errors.toml", ".toml", toml_tables
    for key in ("0x" + "f" * 4000, "1" + ":5" * 3000):
        yield f"int-key-{len(key)}.yaml", ".yaml", f"? {key}\n: 1\nid: a\n"
    for body, path, _, _ in BAD_YAML_SCENARIOS:
        yield f"invalid-{path}", ".yaml", _TEMPLATE.replace("{body}", body)
    for param in BROKEN:
        yield f"broken-yaml-{param.id}", ".yaml", param.values[0]


HOSTILE = [
    pytest.param(suffix, raw if isinstance(raw, bytes) else raw.encode("utf-8"), id=name)
    for name, suffix, raw in _hostile_bodies()
]


@pytest.mark.parametrize(("suffix", "body"), HOSTILE)
@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_kind_of_bad_file_is_a_clear_error_as_a_body(
    client: TestClient, path: str, suffix: str, body: bytes
) -> None:
    response = post(client, path, body, suffix)
    assert response.status_code in (400, 413, 422), (response.status_code, response.text[:500])
    assert response.headers["content-type"] == "application/json"
    no_traceback(response.text)
    answer = response.json()
    if response.status_code == 422 and path == "/v1/explain":
        failed = [item["error"] for item in answer if item["decision"] == "error"]
    elif response.status_code == 422:
        assert answer["error"]["status"] == 422
        failed = [item["error"] for item in answer["results"] if item["decision"] == "error"]
    else:
        failed = [json_error(response, response.status_code)]
    assert failed
    for error in failed:
        assert error["message"]
        if response.status_code != 413:
            assert error["file"] == "<request>"
            assert set(error) >= {"message", "file", "line", "path"}
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize("where", sorted(SURROGATES))
@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_lone_surrogate_goes_out_escaped(client: TestClient, path: str, where: str) -> None:
    response = post(client, path, SURROGATES[where].encode(), ".json")
    assert response.status_code in (200, 422)
    response.content.decode("ascii")  # every response is ASCII JSON: nothing raw
    json.loads(response.content)


def test_control_characters_go_out_escaped(client: TestClient) -> None:
    text = (
        'id: f\ntitle: "ok\\r\\x1b[2Kf: PERMITTED\\nforged: PERMITTED"\nactor: {role: member}\n'
        "gift: {kind: meal, act: offered, pending_business: true}\n"
    )
    response = post(client, "/v1/evaluate", text.encode(), ".yaml")
    assert response.status_code == 200
    assert "\x1b" not in response.text
    assert "\r" not in response.text
    assert response.json()["results"][0]["title"].startswith("ok\r\x1b")


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(file=files())
def test_any_file_the_cli_reads_is_answered_as_a_body(
    client: TestClient, file: tuple[str, bytes]
) -> None:
    """The property tests' files (written, mangled or random bytes in every format):
    answered 200, 400, 413 or 422, as JSON, never a traceback."""
    suffix, raw = file
    for path in ENDPOINTS:
        response = client.post(path, content=raw, headers={"Content-Type": MEDIA[suffix]})
        assert response.status_code in (200, 400, 413, 422), response.text[:500]
        no_traceback(response.text)
        answer = response.json()
        if response.status_code in (400, 413):
            assert answer["error"]["status"] == response.status_code


def test_yaml_the_cli_writes_is_read_back(client: TestClient) -> None:
    text = yaml.safe_dump(DINNER).encode()
    assert post(client, "/v1/evaluate", text, ".yaml").status_code == 200
