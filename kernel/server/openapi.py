"""The OpenAPI 3.1 document of the API, served at ``/openapi.json``.

The request bodies are the engine's own scenario JSON Schema (``ala-policy schema``): its
``$defs`` (one scenario, and each area's facts, plugins' areas included) become components,
so the document always describes the areas this server decides. OpenAPI 3.1 schemas are
JSON Schema 2020-12, so they are taken as they are, with their references pointed at the
components.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..decisions import FINDING_DECISIONS, Decision
from ..explain import BOUNDS
from ..schema import scenario_schema
from ._http import MEDIA_TYPES

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["openapi_document"]

_REF = "#/components/schemas/"
_NULLABLE_TEXT = {"type": ["string", "null"]}
_TEXTS = {"type": "array", "items": {"type": "string"}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _repoint(value: Any) -> Any:
    """The scenario schema's references (``#/$defs/gift``) pointed at the components."""
    if isinstance(value, dict):
        return {
            key: (
                _REF + item.removeprefix("#/$defs/")
                if key == "$ref" and isinstance(item, str)
                else _repoint(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_repoint(item) for item in value]
    return value


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _schemas(engine: Engine) -> dict[str, Any]:
    scenario = scenario_schema(engine)
    schemas: dict[str, Any] = _repoint(copy.deepcopy(scenario["$defs"]))
    schemas["ScenarioFile"] = _repoint(
        {key: value for key, value in scenario.items() if key not in ("$defs", "$id", "$schema")}
    )
    citation = _object(
        {
            "id": {"type": "string", "examples": ["code/III.C"]},
            "text": {"type": "string", "description": "the clause, verbatim"},
            "heading": _NULLABLE_TEXT,
            "document": {"type": "string"},
            "title": {"type": "string"},
            "edition": {"type": "string"},
            "source": {"type": "string"},
        },
        ["id", "text", "document", "edition"],
    )
    finding = _object(
        {
            "area": {"type": "string"},
            "decision": {"enum": [d.value for d in FINDING_DECISIONS]},
            "reason": {"type": "string"},
            "citations": {"type": "array", "items": _ref("Citation")},
            "conditions": _TEXTS,
            "missing_facts": _TEXTS,
            "consequence": _NULLABLE_TEXT,
            "plugin": _NULLABLE_TEXT,
            "rule": _NULLABLE_TEXT,
            "error": {"type": "string", "description": "what the plugin raised or returned"},
        },
        ["area", "decision", "reason", "citations", "conditions", "missing_facts"],
    )
    input_error = _object(
        {
            "message": {"type": "string"},
            "file": _NULLABLE_TEXT,
            "line": {"type": ["integer", "null"]},
            "path": {"type": ["string", "null"], "examples": ["gift.act"]},
        },
        ["message", "file", "line", "path"],
    )
    provenance = _object(
        {
            "engine": _object({"name": {"type": "string"}, "version": {"type": "string"}}),
            "plugins": {
                "type": "array",
                "items": _object({"name": {"type": "string"}, "version": _NULLABLE_TEXT}),
            },
            "policies": {
                "type": "array",
                "items": _object(
                    {
                        "document": {"type": "string"},
                        "edition": {"type": "string"},
                        "effective": {"type": ["string", "null"], "format": "date"},
                    }
                ),
            },
        },
        ["engine", "plugins", "policies"],
    )
    result = _object(
        {
            "id": _NULLABLE_TEXT,
            "decision": {"enum": [d.value for d in Decision]},
            "title": {"type": "string"},
            "date": {"type": "string", "format": "date"},
            "date_given": {"type": "boolean"},
            "source": _object({"file": _NULLABLE_TEXT, "line": {"type": ["integer", "null"]}}),
            "findings": {"type": "array", "items": _ref("Finding")},
            "disabled_plugins": _TEXTS,
            "error": _ref("InputError"),
            "decision_id": {
                "type": "string",
                "format": "uuid",
                "description": "present for every decision: its row in the decision log",
            },
            "provenance": _ref("Provenance"),
        },
        ["id", "decision", "findings"],
    )
    summary = _object(
        {
            "total": {"type": "integer", "minimum": 0},
            "decisions": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
        ["total", "decisions"],
    )
    error_object = _object(
        {
            "status": {"type": "integer"},
            "code": {"type": "string", "examples": ["invalid_scenario", "too_large"]},
            "message": {"type": "string"},
        },
        ["status", "code", "message"],
    )
    change = _object(
        {"fact": {"type": "string"}, "value": {}, "bound": {"enum": list(BOUNDS)}},
        ["fact", "value"],
    )
    area_explained = _object(
        {
            "area": {"type": "string"},
            "decision": {"enum": [d.value for d in FINDING_DECISIONS]},
            "facts": {"type": "object"},
            "findings": {
                "type": "array",
                "items": {
                    "allOf": [_ref("Finding")],
                    "properties": {"facts_used": {"type": "object"}},
                },
            },
            "counterfactuals": {"type": "array", "items": {"type": "array", "items": change}},
            "counterfactual_decisions": _TEXTS,
            "more_counterfactuals": {"type": "integer"},
            "max_changes": {"type": "integer"},
            "candidate_faults": _TEXTS,
        },
        ["area", "decision", "findings", "counterfactuals"],
    )
    explained = _object(
        {
            "id": _NULLABLE_TEXT,
            "decision": {"enum": [d.value for d in Decision]},
            "error": _ref("InputError"),
            "areas": {"type": "array", "items": area_explained},
        },
        ["id", "decision", "areas"],
    )
    return {
        **schemas,
        "Citation": citation,
        "Finding": finding,
        "InputError": input_error,
        "Provenance": provenance,
        "Result": result,
        "Summary": summary,
        "EvaluateResponse": _object(
            {
                "results": {"type": "array", "items": _ref("Result")},
                "summary": _ref("Summary"),
                "error": error_object,
            },
            ["results", "summary"],
        ),
        "ExplainResponse": {"type": "array", "items": explained},
        "Error": _object(
            {"error": {"allOf": [error_object], "description": _ERROR_EXTRAS}}, ["error"]
        ),
        "Clause": {
            "allOf": [_ref("Citation")],
            "properties": {
                "on": {"type": "string", "format": "date"},
                "effective": {"type": ["string", "null"], "format": "date"},
                "consequence": _NULLABLE_TEXT,
            },
            "required": ["on", "effective", "consequence"],
        },
        "Policies": _object(
            {"documents": {"type": "array", "items": {"type": "object"}}, "not_decided": _TEXTS},
            ["documents"],
        ),
        "Plugins": _object(
            {
                "plugins": {"type": "array", "items": {"type": "object"}},
                "disabled": _TEXTS,
                "load_errors": {"type": "array", "items": {"type": "object"}},
                "areas": _TEXTS,
                "formats": _TEXTS,
                "registered_by": {"type": "object"},
                "decided_by": {"type": "object"},
            },
            ["plugins", "areas"],
        ),
        "LogRow": _object(
            {
                "seq": {"type": "integer"},
                "time": {"type": "string", "format": "date-time"},
                "decision_id": {"type": "string", "format": "uuid"},
                "scenario_id": _NULLABLE_TEXT,
                "decision": {"type": "string"},
                "outcome": _ref("Result"),
                "provenance": _ref("Provenance"),
                "input": {"type": ["object", "null"]},
                "prev_hash": {"type": "string"},
                "hash": {"type": "string"},
            },
            ["seq", "time", "decision_id", "decision", "outcome", "prev_hash", "hash"],
        ),
    }


_ERROR_EXTRAS = (
    "A body that cannot be read (400) adds the CLI's fields `file`, `line` and `path`; a "
    "bad query parameter adds `parameter`; an unknown clause (404 `no_such_clause`) adds "
    "`clause`; 413 adds `limit`."
)


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(name)}}


def _response(description: str, name: str = "Error") -> dict[str, Any]:
    return {"description": description, "content": _json(name)}


_COMMON = {
    "404": _response("No such route"),
    "405": _response("The route does not take this method"),
    "500": _response("The server failed (no traceback is sent; it is in the server's log)"),
}


def _scenario_body() -> dict[str, Any]:
    content: dict[str, Any] = {}
    for media, suffix in MEDIA_TYPES.items():
        if suffix == ".jsonl":
            content[media] = {"schema": {"type": "string", "description": "one scenario a line"}}
        elif suffix == ".json":
            content[media] = {"schema": _ref("ScenarioFile")}
        else:
            content[media] = {"schema": {"type": "string", "description": f"as a {suffix} file"}}
    return {
        "required": True,
        "description": 'One scenario, a list of scenarios, or {"scenarios": [...]}, as in a '
        "scenario file of the media type's format.",
        "content": content,
    }


def _deciding(summary: str, ok: dict[str, Any], invalid: str, unavailable: str) -> dict[str, Any]:
    return {
        "summary": summary,
        "security": [{}, {"bearer": []}],
        "requestBody": _scenario_body(),
        "responses": {
            "200": ok,
            "400": _response("The body cannot be read as scenarios at all"),
            "401": _response("--protect-decisions: no token was sent"),
            "403": _response("--protect-decisions: the token is not the server's"),
            "413": _response("The body is larger than the server's --max-body"),
            "415": _response("The Content-Type is not one of those read"),
            "422": {"description": invalid, "content": ok["content"]},
            "503": _response(unavailable),
            **_COMMON,
        },
    }


def _get(summary: str, ok: dict[str, Any], **more: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": summary, "responses": {"200": ok, **_COMMON}}
    operation.update(more)
    return operation


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


def openapi_document(engine: Engine, root_path: str = "") -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API as served by an application deciding with
    ``engine``, mounted at ``root_path``."""
    date = {"type": "string", "format": "date"}
    catalog = {"description": "The same for every request: sent with an ETag"}
    paths: dict[str, Any] = {
        "/v1/evaluate": {
            "post": _deciding(
                "Decide scenarios: the document of `ala-policy evaluate --format json`, each "
                "decision with a decision_id and its provenance",
                {"description": "Every scenario was decided", "content": _json("EvaluateResponse")},
                "Some scenario could not be read or validated: its result is an error (with "
                "file, line and path), every other is decided; `error` says how many",
                "The decisions cannot be written to the decision log (`log_unavailable`), or "
                "the request took longer than the server's --request-timeout (`timeout`), "
                "the wait for the log included: no decision is given out",
            )
        },
        "/v1/explain": {
            "post": {
                **_deciding(
                    "Explain scenarios: `ala-policy explain --format json`",
                    {"description": "Explained", "content": _json("ExplainResponse")},
                    "Some scenario could not be read: its item holds an `error`",
                    "Explaining took longer than the server's --request-timeout (`timeout`); "
                    "explanations are never logged",
                ),
                "parameters": [
                    _query(
                        "max_changes",
                        "How many facts a counterfactual may change at most",
                        {"type": "integer", "minimum": 1, "maximum": 4, "default": 2},
                    )
                ],
            }
        },
        "/v1/schema": {
            "get": _get(
                "The JSON Schema of scenario files: `ala-policy schema`",
                {**catalog, "content": {"application/json": {"schema": {"type": "object"}}}},
            )
        },
        "/v1/policies": {
            "get": _get(
                "The policy documents, editions, clauses and who cites each: `ala-policy "
                "policies --format json`",
                {**catalog, "content": _json("Policies")},
            )
        },
        "/v1/policies/{clause_id}": {
            "get": _get(
                "One clause verbatim, from the edition in force on a date: `ala-policy cite`",
                {"description": "The clause", "content": _json("Clause")},
                parameters=[
                    {
                        "name": "clause_id",
                        "in": "path",
                        "required": True,
                        "description": "A clause id as findings cite it; its '/' may be sent "
                        "as it is (/v1/policies/code/III.C)",
                        "schema": {"type": "string"},
                    },
                    _query("date", "The date whose edition is quoted (default: today)", date),
                ],
                responses={
                    "200": {"description": "The clause", "content": _json("Clause")},
                    "400": _response("The date is not YYYY-MM-DD"),
                    "404": _response("No such clause, or none in force on the date"),
                    "500": _COMMON["500"],
                },
            )
        },
        "/v1/plugins": {
            "get": _get(
                "Every plugin: `ala-policy plugins --format json`",
                {**catalog, "content": _json("Plugins")},
            )
        },
        "/v1/log": {
            "get": _get(
                "The decision log from a date on (oldest first): `ala-policy log export`",
                {
                    "description": "The log's rows",
                    "content": {
                        "application/x-ndjson": {"schema": {"type": "string"}},
                        "application/json": {"schema": {"type": "array", "items": _ref("LogRow")}},
                    },
                },
                security=[{"bearer": []}],
                parameters=[
                    _query("since", "The first day (UTC) of the rows sent", date),
                    _query("format", "jsonl (default) or json", {"enum": ["jsonl", "json"]}),
                ],
                responses={
                    "200": {"description": "The rows (JSON Lines, or a JSON list)"},
                    "400": _response("A bad query parameter"),
                    "401": _response("No token was sent"),
                    "403": _response(
                        "The token is not the server's, or the server has none (the log "
                        "cannot be read over HTTP)"
                    ),
                    "404": _response("The server keeps no decision log"),
                    "503": _response("The decision log cannot be read"),
                },
            )
        },
        "/health": {
            "get": _get(
                "Liveness: the server answers",
                {
                    "description": "Alive",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            )
        },
        "/ready": {
            "get": _get(
                "Readiness: the engine is built and the decision log can be read",
                {
                    "description": "Ready",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                responses={
                    "200": {"description": "Ready"},
                    "503": {"description": "Not ready: `log.problem` says why"},
                },
            )
        },
        "/openapi.json": {
            "get": _get(
                "This document",
                {
                    "description": "The OpenAPI 3.1 document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            )
        },
        "/metrics": {
            "get": _get(
                "Prometheus metrics (text exposition format)",
                {
                    "description": "The metrics",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                },
            )
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ala-policy",
            "version": __version__,
            "summary": "Cited outcomes of scenarios against ALA's ethics rules",
            "description": "See docs/server.md. Every error is a JSON object "
            '{"error": {"status", "code", "message", ...}}.',
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": root_path or "/"}],
        "paths": paths,
        "components": {
            "schemas": _schemas(engine),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The server's token (--token-file)",
                }
            },
        },
    }
