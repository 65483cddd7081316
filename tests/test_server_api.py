"""The HTTP API answers what the CLI prints (docs/server.md): the same results, explanations,
schema, policies, clauses and plugins, with a decision id and provenance per decision; and
the application mounts inside a chapter system's own."""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from _server import DINNER, TestClient, cli_json
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

import ala_policy
from ala_policy import Engine
from ala_policy.server import create_app

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
NEWSLETTER: dict[str, Any] = {
    "id": "newsletter-to-all",
    "date": "2026-03-01",
    "actor": {"role": "business_partner"},
    "directory_use": {"purpose": "newsletter", "recipients": "all", "relationship": "met"},
}


@pytest.fixture(scope="module")
def installed() -> Engine:
    """Every installed plugin, as the CLI loads them (for answers compared with the CLI's)."""
    return Engine()


@pytest.fixture(scope="module")
def client(installed: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(installed)) as test_client:
        yield test_client


def _without(result: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in result.items() if key not in keys}


def test_one_scenario_is_the_document_the_cli_prints(client: TestClient, tmp_path: Path) -> None:
    file = tmp_path / "dinner.json"
    file.write_text(json.dumps(DINNER), encoding="utf-8")
    expected = cli_json("evaluate", str(file))
    response = client.post("/v1/evaluate", json=DINNER)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["summary"] == expected["summary"] == {"total": 1, "decisions": {"prohibited": 1}}
    (result,) = body["results"]
    assert _without(result, "source", "decision_id", "provenance") == _without(
        expected["results"][0], "source"
    )
    assert result["source"] == {"file": "<request>", "line": None}
    assert result["decision"] == "prohibited"
    assert result["findings"][0]["citations"][0]["id"] == "code/III.C"
    assert "Refrain from soliciting or accepting any fee" in response.text


def test_each_decision_has_an_id_and_its_provenance(client: TestClient) -> None:
    ids = set()
    for _ in range(3):
        (result,) = client.post("/v1/evaluate", json=DINNER).json()["results"]
        assert UUID4.fullmatch(result["decision_id"])
        ids.add(result["decision_id"])
        provenance = result["provenance"]
        assert provenance["engine"] == {"name": "ala-policy", "version": ala_policy.__version__}
        assert {"name": "gift", "version": None} in provenance["plugins"] or any(
            plugin["name"] == "gift" for plugin in provenance["plugins"]
        )
        assert provenance["policies"] == [
            {
                "document": "code",
                "edition": "Code of Professional Responsibility (revised after the 2010 task "
                "force)",
                "effective": "2010-01-01",
            }
        ]
    assert len(ids) == 3


@pytest.mark.parametrize("shape", ["list", "scenarios"])
def test_a_list_is_decided_in_order_with_its_summary(
    client: TestClient, tmp_path: Path, shape: str
) -> None:
    scenarios = [DINNER, NEWSLETTER]
    payload: Any = scenarios if shape == "list" else {"scenarios": scenarios}
    file = tmp_path / "batch.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    expected = cli_json("evaluate", str(file))
    body = client.post("/v1/evaluate", json=payload).json()
    assert [r["id"] for r in body["results"]] == ["vendor-dinner-during-bid", "newsletter-to-all"]
    assert body["summary"] == expected["summary"]
    for got, want in zip(body["results"], expected["results"], strict=True):
        assert _without(got, "source", "decision_id", "provenance") == _without(want, "source")
    assert body["results"][0]["decision_id"] != body["results"][1]["decision_id"]


@pytest.mark.parametrize(
    ("media", "text"),
    [
        ("application/yaml", yaml.safe_dump([DINNER, NEWSLETTER])),
        ("application/x-yaml", yaml.safe_dump({"scenarios": [DINNER, NEWSLETTER]})),
        ("application/x-ndjson", json.dumps(DINNER) + "\n" + json.dumps(NEWSLETTER) + "\n"),
        (
            "application/toml",
            (
                'id = "vendor-dinner-during-bid"\ndate = "2026-03-01"\n[actor]\nrole = "member"\n'
                '[gift]\nkind = "meal"\nact = "offered"\ngiver = "prospective_vendor"\n'
                "pending_business = true\n"
            ),
        ),
        ("application/json; charset=utf-8", json.dumps([DINNER, NEWSLETTER])),
        ("application/vnd.chapter+json", json.dumps([DINNER, NEWSLETTER])),
    ],
)
def test_every_scenario_file_format_is_a_body(client: TestClient, media: str, text: str) -> None:
    response = client.post(
        "/v1/evaluate", content=text.encode("utf-8"), headers={"content-type": media}
    )
    assert response.status_code == 200, response.text
    decisions = [r["decision"] for r in response.json()["results"]]
    assert decisions == ["prohibited", "prohibited"][: len(decisions)]


def test_yaml_results_carry_their_lines(client: TestClient) -> None:
    text = yaml.safe_dump([DINNER, NEWSLETTER], sort_keys=False)
    body = client.post(
        "/v1/evaluate", content=text.encode(), headers={"content-type": "application/yaml"}
    ).json()
    assert [r["source"]["line"] for r in body["results"]] == [1, text.splitlines().index(
        "- id: newsletter-to-all"
    ) + 1]  # fmt: skip


def test_a_repeated_id_in_one_request_is_an_error_as_in_one_run(client: TestClient) -> None:
    response = client.post("/v1/evaluate", json=[DINNER, DINNER])
    assert response.status_code == 422
    first, second = response.json()["results"]
    assert first["decision"] == "prohibited"
    assert second["error"] == {
        "message": "duplicate id 'vendor-dinner-during-bid': ids are unique within one run",
        "file": "<request>",
        "line": 1,  # the body is one line of JSON
        "path": "[1].id",
    }
    assert "decision_id" not in second


def test_explain_is_what_the_cli_explains(client: TestClient, tmp_path: Path) -> None:
    file = tmp_path / "newsletter.json"
    file.write_text(json.dumps([NEWSLETTER, DINNER]), encoding="utf-8")
    expected = cli_json("explain", str(file))
    response = client.post("/v1/explain", json=[NEWSLETTER, DINNER])
    assert response.status_code == 200
    assert response.json() == expected
    assert response.json()[0]["areas"][0]["counterfactuals"]
    three = client.post("/v1/explain?max_changes=3", json=NEWSLETTER).json()
    assert three == cli_json("explain", str(file), "--max-changes", "3")[:1]


def test_the_catalog_is_what_the_cli_prints(client: TestClient) -> None:
    from click.testing import CliRunner

    from ala_policy.cli import main

    schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    assert client.get("/v1/schema").json() == schema
    assert client.get("/v1/policies").json() == cli_json("policies")
    assert client.get("/v1/plugins").json() == cli_json("plugins")
    clause = client.get("/v1/policies/code/III.C", params={"date": "2026-03-01"})
    assert clause.status_code == 200
    assert clause.json() == cli_json("cite", "code/III.C", "--date", "2026-03-01")
    encoded = client.get("/v1/policies/nonsolicitation%2Fq8?date=2026-03-01")
    assert encoded.json() == cli_json("cite", "nonsolicitation/q8", "--date", "2026-03-01")


def test_catalog_answers_carry_an_etag(client: TestClient) -> None:
    first = client.get("/v1/policies")
    etag = first.headers["etag"]
    again = client.get("/v1/policies", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/v1/schema").headers["etag"] != etag


def test_an_unknown_clause_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/v1/policies/code/III.Z")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "no_such_clause"
    assert "did you mean code/III." in error["message"]
    old = client.get("/v1/policies/code/III.C?date=2001-01-01").json()["error"]
    assert old["code"] == "no_such_clause"
    bad = client.get("/v1/policies/code/III.C?date=2026-3-1")
    assert bad.status_code == 400
    assert bad.json()["error"]["parameter"] == "date"


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "version": ala_policy.__version__}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert ready.json()["log"] == {"configured": False}
    assert "gift" in ready.json()["engine"]["areas"]


def test_the_application_mounts_inside_a_chapter_system(installed: Engine) -> None:
    async def home(_request: Any) -> PlainTextResponse:
        return PlainTextResponse("the chapter's own page")

    outer = Starlette(
        routes=[Route("/", home), Mount("/ethics", app=create_app(installed, timeout=5))]
    )
    with TestClient(outer) as chapter:
        assert chapter.get("/").text == "the chapter's own page"
        response = chapter.post("/ethics/v1/evaluate", json=DINNER)
        assert response.status_code == 200
        assert response.json()["results"][0]["decision"] == "prohibited"
        assert chapter.get("/ethics/health").status_code == 200
        assert chapter.get("/ethics/openapi.json").json()["servers"] == [{"url": "/ethics"}]
        missing = chapter.get("/ethics/v1/nothing")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "not_found"
        assert missing.json()["error"]["message"] == (
            "no such route: GET /ethics/v1/nothing (the API is described at /ethics/openapi.json)"
        )
        metrics = chapter.get("/ethics/metrics").text
        assert 'route="/v1/evaluate",status="200"' in metrics


def test_a_log_given_as_an_object_is_the_callers_to_close(
    installed: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The application closes only a log it opened from a URL (in its lifespan, which a
    mounting application does not run: docs/server.md, Embedding)."""
    from ala_policy.decisionlog import open_log

    closed: list[str] = []

    def spied(log: Any, name: str) -> None:
        close = log.close

        def closing() -> None:
            closed.append(name)
            close()

        monkeypatch.setattr(log, "close", closing)

    given = open_log(f"sqlite:///{tmp_path / 'given.db'}")
    spied(given, "given")
    try:
        with TestClient(create_app(installed, given)) as client:
            assert client.post("/v1/evaluate", json=DINNER).status_code == 200
        assert closed == []
        assert given.verify().ok
    finally:
        given.close()
    opened = create_app(installed, f"sqlite:///{tmp_path / 'opened.db'}")
    spied(opened.state.ala_policy.log, "opened")
    with TestClient(opened) as client:
        assert client.post("/v1/evaluate", json=DINNER).status_code == 200
    assert closed == ["given", "opened"]


def test_create_app_refuses_what_cannot_work(installed: Engine) -> None:
    with pytest.raises(ValueError, match="needs a token"):
        create_app(installed, protect_decisions=True)
    with pytest.raises(ValueError, match="positive"):
        create_app(installed, max_body=0)


def test_the_app_does_not_change_what_it_is_given(installed: Engine) -> None:
    scenario = copy.deepcopy(DINNER)
    with TestClient(create_app(installed)) as client:
        client.post("/v1/evaluate", json=scenario)
    assert scenario == DINNER


# -- the shape of the package ----------------------------------------------------------------

SERVER = Path(ala_policy.__file__).resolve().parent / "server"
KERNEL = Path(ala_policy.__file__).resolve().parent


@pytest.mark.parametrize("path", sorted(SERVER.glob("*.py")), ids=lambda p: p.name)
def test_no_server_module_is_over_500_lines(path: Path) -> None:
    assert path.read_text(encoding="utf-8").count("\n") <= 500


def test_nothing_in_the_kernel_imports_the_server() -> None:
    """The core install and its cold start stay as they are: only ``serve`` (lazily) and
    the server package itself import it."""
    for path in [*KERNEL.glob("*.py"), *(KERNEL / "commands").glob("*.py")]:
        if path.name == "serve.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert "server" not in module.split("."), f"{path.name} imports {module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("ala_policy.server"), path.name


def test_the_docs_examples_of_evaluate_are_what_the_server_answers(client: TestClient) -> None:
    """docs/server.md's ``dinner.yaml`` (which starts with a comment line), its answer, and
    its answer to a body that is not JSON, as the server gives them (but the random
    decision id)."""
    docs = (Path(__file__).parent.parent / "docs" / "server.md").read_text(encoding="utf-8")
    dinner = re.search(r"```yaml\n(# dinner\.yaml\n.*?)```", docs, re.DOTALL)
    shown = re.search(
        r"jq '\.results\[0\] \| del\(\.findings\[0\]\.citations\[1\]\)'\n(.*?)```", docs, re.DOTALL
    )
    assert dinner
    assert shown
    answer = client.post(
        "/v1/evaluate",
        content=dinner.group(1).encode(),
        headers={"Content-Type": "application/yaml"},
    ).json()["results"][0]
    del answer["findings"][0]["citations"][1]
    expected = json.loads(shown.group(1))
    assert _without(answer, "decision_id") == _without(expected, "decision_id")
    bad = re.search(r"--data '\{\"id\": \"a\",' http://127\.0\.0\.1:8000/v1/evaluate\n(.*)\n", docs)
    assert bad
    refused = client.post(
        "/v1/evaluate", content=b'{"id": "a",', headers={"Content-Type": "application/json"}
    )
    assert refused.text == bad.group(1)
