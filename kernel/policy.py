"""Policy documents as data: documents, editions with effective dates, clauses, and the corpus.

A clause id is ``<document id>/<local id>`` (``code/III.C``). A document has one or more
editions; the edition in force on a date is the latest whose ``effective`` date is on or
before it (an edition without a date is in force from the beginning).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, Protocol

import attrs
import yaml

from .errors import PolicyError
from .models import Citation

#: libyaml's safe loader where PyYAML was built with it (ten times faster at start-up).
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = [
    "Clause",
    "Corpus",
    "Edition",
    "NotInForce",
    "PolicyDocument",
    "PolicyView",
    "load_policy_file",
]


class _Readable(Protocol):
    """A path or an importlib.resources Traversable."""

    @property
    def name(self) -> str: ...

    def read_text(self, encoding: str = ...) -> str: ...


@attrs.frozen(kw_only=True)
class Clause:
    """One clause: its full id, verbatim text, and an optional heading (the question)."""

    id: str
    text: str
    heading: str | None = None


@attrs.frozen(kw_only=True)
class Edition:
    """One edition of a document, in force from ``effective`` (``None``: always).

    ``consequence`` is the consequence the edition states for violations; with
    ``consequence_for="members"`` it is attached only to findings whose actor is, or may be,
    a member of the association (a non-member cannot lose a membership). ``replaces`` names
    what applied before the edition, where the corpus does not hold it.

    ``parameters`` are the values an edition sets that rules read (a chapter's dollar
    limit), by name; ``duties`` the wording of the duties its findings may leave (the
    conditions of conditional findings), by full id (``nonsolicitation/opt-out``). Both
    belong to the edition, so a new edition changes a number or a duty's words without a
    change of code, as OpenFisca keeps dated parameters beside its formulas.
    """

    name: str
    effective: datetime.date | None
    clauses: Mapping[str, Clause]
    consequence: str | None = None
    source: str = ""
    consequence_for: Literal["everyone", "members"] = "everyone"
    replaces: str | None = None
    parameters: Mapping[str, Any] = attrs.field(factory=dict)
    duties: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class PolicyDocument:
    """A policy document: id (the clause id prefix), title, publisher and editions."""

    id: str
    title: str
    editions: tuple[Edition, ...]
    publisher: str | None = None

    def edition_on(self, day: datetime.date) -> Edition | None:
        """The edition in force on ``day``, or ``None`` if none is yet."""
        chosen: Edition | None = None
        for edition in self.editions:  # sorted by effective date, undated first
            if edition.effective is None or edition.effective <= day:
                chosen = edition
        return chosen

    @property
    def clause_ids(self) -> frozenset[str]:
        """Every clause id of every edition."""
        return frozenset(cid for e in self.editions for cid in e.clauses)


class NotInForce(Exception):  # noqa: N818 - an answer, not a failure of the caller
    """No edition of a document is in force on the date asked."""

    def __init__(self, document: PolicyDocument, day: datetime.date) -> None:
        dated = [e for e in document.editions if e.effective is not None]
        first = min(dated, key=lambda e: e.effective or datetime.date.min, default=None)
        detail = ""
        if first is not None and first.effective is not None:
            detail = f" (the first takes effect on {first.effective.isoformat()}"
            if first.replaces and day < first.effective:
                detail += (
                    f"; before it, {first.replaces} applied, whose text ala-policy does not hold"
                )
            detail += ")"
        super().__init__(
            f"no edition of {document.title!r} is in force on {day.isoformat()}{detail}"
        )
        self.document = document
        self.day = day


class Corpus:
    """Every registered policy document, and verbatim citations resolved from them."""

    def __init__(self, documents: Iterable[PolicyDocument] = ()) -> None:
        self._documents: dict[str, PolicyDocument] = {}
        self._cache: dict[tuple[str, datetime.date], Citation | NotInForce] = {}
        self._timeless: dict[str, Citation] = {}
        for document in documents:
            self.add(document)

    def add(self, document: PolicyDocument) -> None:
        """Add ``document``; its id must be new."""
        if document.id in self._documents:
            raise PolicyError(f"policy document {document.id!r} is registered twice")
        self._documents[document.id] = document
        self._cache.clear()
        self._timeless.clear()
        if len(document.editions) == 1 and document.editions[0].effective is None:
            edition = document.editions[0]
            for clause in edition.clauses.values():
                self._timeless[clause.id] = _citation(document, edition, clause)

    @property
    def documents(self) -> Mapping[str, PolicyDocument]:
        """Documents by id."""
        return self._documents

    def document_of(self, clause_id: str) -> PolicyDocument:
        """The document a clause id belongs to; :class:`PolicyError` if none."""
        doc_id = clause_id.partition("/")[0]
        try:
            return self._documents[doc_id]
        except KeyError:
            raise PolicyError(
                f"unknown clause {clause_id!r}: no policy document {doc_id!r}",
                clause_id=clause_id,
            ) from None

    def __contains__(self, clause_id: object) -> bool:
        if not isinstance(clause_id, str):
            return False
        if clause_id in self._timeless:
            return True
        doc = self._documents.get(clause_id.partition("/")[0])
        return doc is not None and clause_id in doc.clause_ids

    def check(self, clause_ids: Iterable[str], *, who: str) -> None:
        """Fail loudly (:class:`PolicyError`) if any of ``clause_ids`` does not exist."""
        for clause_id in clause_ids:
            if clause_id not in self:
                raise PolicyError(
                    f"{who} cites {clause_id!r}, which no policy document defines",
                    clause_id=clause_id,
                )

    def cite(self, clause_id: str, day: datetime.date) -> Citation:
        """The clause quoted from the edition in force on ``day``.

        :raises PolicyError: the clause id does not exist.
        :raises ~ala_policy.policy.NotInForce: no edition of its document is in force on
            ``day``.
        """
        timeless = self._timeless.get(clause_id)
        if timeless is not None:
            return timeless
        key = (clause_id, day)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._resolve(clause_id, day)
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = cached
        if isinstance(cached, NotInForce):
            raise cached
        return cached

    def _resolve(self, clause_id: str, day: datetime.date) -> Citation | NotInForce:
        document = self.document_of(clause_id)
        if clause_id not in document.clause_ids:
            raise PolicyError(
                f"unknown clause {clause_id!r}: {document.title!r} has no such clause",
                clause_id=clause_id,
            )
        edition = document.edition_on(day)
        if edition is None:
            return NotInForce(document, day)
        clause = edition.clauses.get(clause_id)
        if clause is None:
            return NotInForce(document, day)
        return _citation(document, edition, clause)

    def duty(self, duty_id: str, day: datetime.date) -> str:
        """The wording of a duty (``nonsolicitation/opt-out``) in the edition in force on
        ``day``.

        :raises PolicyError: no document, or the edition in force states no such duty.
        :raises ~ala_policy.policy.NotInForce: no edition of its document is in force on
            ``day``.
        """
        document = self.document_of(duty_id)
        edition = document.edition_on(day)
        if edition is None:
            raise NotInForce(document, day)
        try:
            return edition.duties[duty_id]
        except KeyError:
            raise PolicyError(
                f"unknown duty {duty_id!r}: the edition of {document.title!r} in force "
                f"({edition.name}) states none",
                clause_id=duty_id,
            ) from None

    def consequence_of(self, clause_id: str, day: datetime.date) -> str | None:
        """The consequence the clause's document states (in the edition in force)."""
        edition = self.edition_of(clause_id, day)
        return edition.consequence if edition is not None else None

    def edition_of(self, clause_id: str, day: datetime.date) -> Edition | None:
        """The edition of the clause's document in force on ``day`` (``None``: none)."""
        document = self._documents.get(clause_id.partition("/")[0])
        return document.edition_on(day) if document is not None else None


def _citation(document: PolicyDocument, edition: Edition, clause: Clause) -> Citation:
    return Citation(
        id=clause.id,
        text=clause.text,
        document=document.id,
        title=document.title,
        edition=edition.name,
        source=edition.source,
        heading=clause.heading,
    )


# -- loading ------------------------------------------------------------------------------


def load_policy_file(path: str | Path | _Readable) -> PolicyDocument:
    """Load a policy document from a YAML data file.

    :param path: the file: a path, or an importlib.resources ``Traversable`` (a policy file
        shipped as package data).

    The file's shape::

        id: code                      # the clause id prefix
        title: ALA Code of Professional Responsibility
        publisher: Association of Legal Administrators
        editions:
          - name: "2010 revision"
            effective: 2011-01-01     # optional; absent: in force from the beginning
            source: where the text was taken from
            consequence: verbatim consequence text   # optional
            consequence_for: members  # optional: everyone (default), or members only
            replaces: the 1991 edition  # optional: what applied before, if not held here
            parameters:               # optional: values rules read, by name
              gift-limit-usd: 100
            duties:                   # optional: the wording of duties, by local id
              opt-out: Keep the procedure for opting out clear, and follow every request.
            clauses:
              - id: III.C             # local id; the full id is code/III.C
                heading: optional heading or question
                text: verbatim clause text

    :raises PolicyError: the file is not of that shape.
    """
    target: Any = Path(path) if isinstance(path, str) else path
    name = str(path) if isinstance(path, (str, Path)) else target.name
    try:
        data = yaml.load(target.read_text(encoding="utf-8"), Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:  # a chapter's own file, say: plain words, the line
        from ._yaml_problems import yaml_problem

        message, line = yaml_problem(exc)
        where = f"{name}:{line}" if line else name
        raise PolicyError(f"cannot read policy file {where}: {message}") from exc
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read policy file {name}: {exc}") from exc
    return policy_from_mapping(data, origin=name)


def policy_from_mapping(data: Any, *, origin: str = "<mapping>") -> PolicyDocument:
    """Build a :class:`PolicyDocument` from plain data (the shape of :func:`load_policy_file`)."""

    def fail(message: str) -> PolicyError:
        return PolicyError(f"{origin}: {message}")

    if not isinstance(data, dict):
        raise fail("a policy file holds a mapping")
    unknown = set(data) - {"id", "title", "publisher", "editions"}
    if unknown:
        raise fail(f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    doc_id = data.get("id")
    title = data.get("title")
    if not isinstance(doc_id, str) or not doc_id or "/" in doc_id:
        raise fail("'id' must be a non-empty string without '/'")
    if not isinstance(title, str) or not title:
        raise fail("'title' must be a non-empty string")
    raw_editions = data.get("editions")
    if not isinstance(raw_editions, list) or not raw_editions:
        raise fail("'editions' must be a non-empty list")
    editions = [_edition(doc_id, raw, index, fail) for index, raw in enumerate(raw_editions)]
    dated = [e.effective for e in editions]
    if len(set(dated)) != len(dated):
        raise fail("two editions share an effective date")
    editions.sort(key=lambda e: (e.effective is not None, e.effective or datetime.date.min))
    publisher = data.get("publisher")
    return PolicyDocument(
        id=doc_id,
        title=title,
        editions=tuple(editions),
        publisher=publisher if isinstance(publisher, str) else None,
    )


def _edition(doc_id: str, raw: Any, index: int, fail: Any) -> Edition:
    where = f"editions[{index}]"
    if not isinstance(raw, dict):
        raise fail(f"{where} must be a mapping")
    unknown = set(raw) - {
        "name",
        "effective",
        "source",
        "consequence",
        "consequence_for",
        "replaces",
        "parameters",
        "duties",
        "clauses",
    }
    if unknown:
        raise fail(f"{where}: unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise fail(f"{where}.name must be a non-empty string")
    effective = raw.get("effective")
    if isinstance(effective, str):
        try:
            effective = datetime.date.fromisoformat(effective)
        except ValueError:
            raise fail(f"{where}.effective: {effective!r} is not a date") from None
    if isinstance(effective, datetime.datetime) or not (
        effective is None or isinstance(effective, datetime.date)
    ):
        raise fail(f"{where}.effective must be a date (YYYY-MM-DD)")
    clauses: dict[str, Clause] = {}
    raw_clauses = raw.get("clauses")
    if not isinstance(raw_clauses, list) or not raw_clauses:
        raise fail(f"{where}.clauses must be a non-empty list")
    for c_index, item in enumerate(raw_clauses):
        c_where = f"{where}.clauses[{c_index}]"
        if not isinstance(item, dict) or set(item) - {"id", "text", "heading"}:
            raise fail(f"{c_where} must be a mapping of id, text and optional heading")
        local, text, heading = item.get("id"), item.get("text"), item.get("heading")
        if not isinstance(local, str) or not local or not isinstance(text, str) or not text:
            raise fail(f"{c_where} needs a string 'id' and a string 'text'")
        if heading is not None and not isinstance(heading, str):
            raise fail(f"{c_where}.heading must be a string")
        full = f"{doc_id}/{local}"
        if full in clauses:
            raise fail(f"{c_where}: clause {full!r} appears twice")
        clauses[full] = Clause(id=full, text=text, heading=heading)
    consequence = raw.get("consequence")
    if consequence is not None and not isinstance(consequence, str):
        raise fail(f"{where}.consequence must be a string")
    source = raw.get("source", "")
    if not isinstance(source, str):
        raise fail(f"{where}.source must be a string")
    consequence_for = raw.get("consequence_for", "everyone")
    if consequence_for not in ("everyone", "members"):
        raise fail(f"{where}.consequence_for must be 'everyone' or 'members'")
    replaces = raw.get("replaces")
    if replaces is not None and (not isinstance(replaces, str) or not replaces):
        raise fail(f"{where}.replaces must be a non-empty string")
    parameters, duties = _edition_data(doc_id, raw, where, fail)
    return Edition(
        name=name,
        effective=effective,
        clauses=clauses,
        consequence=consequence,
        source=source,
        consequence_for=consequence_for,
        replaces=replaces,
        parameters=parameters,
        duties=duties,
    )


def _edition_data(
    doc_id: str, raw: dict[str, Any], where: str, fail: Any
) -> tuple[dict[str, Any], dict[str, str]]:
    """An edition's ``parameters`` and its ``duties`` (keyed by full id)."""
    parameters = raw.get("parameters", {})
    if not isinstance(parameters, dict) or not all(
        isinstance(key, str) and isinstance(value, (int, float, str, bool))
        for key, value in parameters.items()
    ):
        raise fail(f"{where}.parameters must map names to numbers, strings or booleans")
    duties = raw.get("duties", {})
    if not isinstance(duties, dict) or not all(
        isinstance(key, str) and key and isinstance(text, str) and text
        for key, text in duties.items()
    ):
        raise fail(f"{where}.duties must map local ids to non-empty texts")
    return dict(parameters), {f"{doc_id}/{local}": text for local, text in duties.items()}


class PolicyView:
    """The corpus as of one date: what an evaluator hook receives as ``policy``.

    :param corpus: the engine's corpus.
    :param on: the date of the conduct.
    """

    __slots__ = ("corpus", "on")

    def __init__(self, corpus: Corpus, on: datetime.date) -> None:
        self.corpus = corpus
        self.on = on

    def cite(self, clause_id: str) -> Citation:
        """The clause as quoted from the edition in force (see :meth:`Corpus.cite`)."""
        return self.corpus.cite(clause_id, self.on)

    def edition(self, document_id: str) -> Edition | None:
        """The edition of a document in force, or ``None`` (no such document, or none yet)."""
        document = self.corpus.documents.get(document_id)
        return document.edition_on(self.on) if document is not None else None

    def parameter(self, document_id: str, name: str) -> Any:
        """The value the edition of a document in force sets for ``name`` (``None``: that
        edition sets none).

        :raises PolicyError: there is no such document.
        :raises ~ala_policy.policy.NotInForce: no edition of it is in force on the date
            (the engine turns that into the "not in force" ``indeterminate`` finding)
        """
        return self._in_force(document_id).parameters.get(name)

    def duty(self, duty_id: str) -> str:
        """The wording of a duty (``nonsolicitation/opt-out``) in the edition in force (see
        :meth:`Corpus.duty`). Evaluators usually name duties in ``Ruling(duties=...)`` and
        let the kernel quote them."""
        return self.corpus.duty(duty_id, self.on)

    def _in_force(self, document_id: str) -> Edition:
        document = self.corpus.documents.get(document_id)
        if document is None:
            raise PolicyError(f"no policy document {document_id!r}")
        edition = document.edition_on(self.on)
        if edition is None:
            raise NotInForce(document, self.on)
        return edition
