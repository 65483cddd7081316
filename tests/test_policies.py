"""The policy corpus: verbatim quotes, every clause id of the contract, loud failures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

import pytest

from ala_policy import Engine, PolicyDocument, PolicyError, hookimpl, load_policy_file
from ala_policy.policy import NotInForce, policy_from_mapping
from ala_policy.testing import make_engine

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
POLICIES = files("ala_policy.policies")

SPEC_IDS = (
    [f"code/I.{c}" for c in "ABCDE"]
    + [f"code/II.{c}" for c in "ABCDEF"]
    + [f"code/III.{c}" for c in "ABCDEF"]
    + ["nonsolicitation/preamble", "nonsolicitation/directory-terms"]
    + [f"nonsolicitation/q{n}" for n in range(1, 9)]
)
SOURCES = {
    "code.yaml": "code-of-professional-responsibility.txt",
    "nonsolicitation.yaml": "nonsolicitation-policy.txt",
}


@pytest.fixture(scope="module")
def corpus_engine() -> Engine:
    return make_engine(builtins=["ala_policies"])


@pytest.mark.parametrize("clause_id", SPEC_IDS)
def test_every_clause_id_of_the_contract_exists(corpus_engine: Engine, clause_id: str) -> None:
    citation = corpus_engine.corpus.cite(clause_id, datetime.date(2026, 3, 1))
    assert citation.id == clause_id
    assert citation.text.strip()


@pytest.mark.parametrize(("data_file", "source_file"), sorted(SOURCES.items()))
def test_every_clause_is_quoted_verbatim_from_its_source(data_file: str, source_file: str) -> None:
    document = load_policy_file(POLICIES / data_file)
    source = (POLICIES / source_file).read_text(encoding="utf-8")
    for edition in document.editions:
        for clause in edition.clauses.values():
            assert clause.text in source, f"{clause.id} is not verbatim"
            if clause.heading:
                assert clause.heading.rstrip(":") in source, f"{clause.id} heading"
        if edition.consequence:
            assert edition.consequence in source


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
@pytest.mark.parametrize(
    ("shipped", "seed"),
    [
        ("code-of-professional-responsibility.txt", "000_9bd550a7548c6de5.txt"),
        ("nonsolicitation-policy.txt", "002_4d1acedcc0e1a4d2.txt"),
        ("clm-certification.txt", "003_18368a53d2e3728b.txt"),
    ],
)
def test_shipped_sources_are_the_seeds(shipped: str, seed: str) -> None:
    assert (POLICIES / shipped).read_text(encoding="utf-8") == (SEEDS / seed).read_text(
        encoding="utf-8"
    )


def test_nonsolicitation_states_its_consequence(corpus_engine: Engine) -> None:
    consequence = corpus_engine.corpus.consequence_of(
        "nonsolicitation/q8", datetime.date(2026, 1, 1)
    )
    assert consequence == (
        "Violations are subject to immediate cancellation of membership, without refund, "
        "and loss of all rights and privileges."
    )
    assert corpus_engine.corpus.consequence_of("code/III.C", datetime.date(2026, 1, 1)) is None


class CitesNothingReal:
    @hookimpl
    def ala_policy_cited_clauses(self) -> Iterable[str]:
        return ["code/III.Z"]


def test_declaring_an_unknown_clause_fails_loudly_at_load() -> None:
    with pytest.raises(PolicyError, match=r"code/III\.Z") as info:
        make_engine(CitesNothingReal(), builtins=["ala_policies"])
    assert info.value.clause_id == "code/III.Z"


def test_editions_pick_the_one_in_force() -> None:
    document = policy_from_mapping(
        {
            "id": "chapter",
            "title": "Chapter gift rule",
            "editions": [
                {
                    "name": "2026",
                    "effective": "2026-01-01",
                    "clauses": [{"id": "r", "text": "New"}],
                },
                {
                    "name": "2024",
                    "effective": "2024-01-01",
                    "clauses": [{"id": "r", "text": "Old"}],
                },
            ],
        }
    )
    assert isinstance(document, PolicyDocument)
    from ala_policy import Corpus

    corpus = Corpus([document])
    assert corpus.cite("chapter/r", datetime.date(2025, 6, 1)).text == "Old"
    assert corpus.cite("chapter/r", datetime.date(2026, 6, 1)).edition == "2026"
    with pytest.raises(NotInForce, match="first takes effect on 2024-01-01"):
        corpus.cite("chapter/r", datetime.date(2023, 12, 31))
    with pytest.raises(PolicyError, match="no such clause"):
        corpus.cite("chapter/zzz", datetime.date(2026, 6, 1))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "holds a mapping"),
        ({"id": "x", "title": "X"}, "'editions' must be a non-empty list"),
        ({"id": "a/b", "title": "X", "editions": []}, "without '/'"),
        (
            {"id": "x", "title": "X", "editions": [{"name": "e", "clauses": [{"id": "c"}]}]},
            "needs a string 'id' and a string 'text'",
        ),
        (
            {
                "id": "x",
                "title": "X",
                "editions": [
                    {"name": "e", "effective": "2026-02-30", "clauses": [{"id": "c", "text": "t"}]}
                ],
            },
            "is not a date",
        ),
    ],
)
def test_malformed_policy_documents_are_refused(data: object, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        policy_from_mapping(data)


def test_a_broken_policy_file_is_reported_in_plain_words(tmp_path: Path) -> None:
    """A chapter's own policy file with a YAML mistake: the line, the column and what to do,
    not PyYAML's own wording."""
    from ala_policy import PolicyError
    from ala_policy.policy import load_policy_file

    broken = tmp_path / "chapter.yaml"
    broken.write_text('id: chapter\ntitle: "unclosed\neditions: []\n', encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy_file(broken)
    message = str(caught.value)
    assert message.startswith(f"cannot read policy file {broken}:2: YAML syntax error (column")
    assert "never closed" in message
    assert "scanning" not in message
