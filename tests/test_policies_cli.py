"""``ala-policy policies`` and ``ala-policy cite``: the corpus, and one clause verbatim."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner, Result

import ala_policy.commands.policies  # noqa: F401 - registers the commands
from ala_policy import Engine, hookimpl
from ala_policy.cli import ExitCode, State, main
from ala_policy.commands.policies import (
    citation_payload,
    cite_clause,
    clause_suggestions,
    policies_payload,
    render_citation,
    render_policies,
)
from ala_policy.coverage import Citer, clause_coverage
from ala_policy.errors import UsageError
from ala_policy.policy import Corpus, policy_from_mapping
from ala_policy.testing import make_engine

TODAY = datetime.date.today()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def quoted(text: str) -> str:
    """The verbatim text of a citation printed as text, whitespace normalized."""
    body = [line[4:] for line in text.splitlines() if line.startswith("  | ")]
    return " ".join(" ".join(body).split())


def normalized(text: str) -> str:
    return " ".join(text.split())


def error_line(result: Result) -> str:
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    return line


# -- policies -----------------------------------------------------------------------------------


def test_policies_text_lists_documents_editions_and_clauses(engine: Engine) -> None:
    result = invoke("policies")
    assert result.exit_code == ExitCode.OK, result.output
    out = result.stdout
    assert "code  ALA Code of Professional Responsibility" in out
    assert "nonsolicitation  ALA Member-to-Member Nonsolicitation Policy" in out
    assert "publisher: Association of Legal Administrators" in out
    assert "(in force: always)" in normalized(out)
    assert "consequence: Violations are subject to immediate cancellation" in out
    for document in engine.corpus.documents.values():
        for clause_id in document.clause_ids:
            # v2: clauses that share a section heading are listed under it, by their text
            assert re.search(rf"^ +{re.escape(clause_id)}  ", out, re.MULTILINE), clause_id
    assert re.search(r"^    nonsolicitation/q8 +Can I send my newsletter", out, re.MULTILINE)
    assert re.search(r"^      code/III\.C +Refrain from soliciting or accepting", out, re.M)
    assert "    III. Responsibilities to those Outside the Legal Organization:\n" in out


def test_policies_lists_each_code_clause_by_its_own_words(engine: Engine) -> None:
    """Code clauses share their section's heading: each is named by the start of its own
    text, on its id's line, under the heading (which is shown once)."""
    out = invoke("policies").stdout
    (edition,) = engine.corpus.documents["code"].editions
    for clause in edition.clauses.values():
        start = " ".join(clause.text.split()[:4])
        assert re.search(rf"^      {re.escape(clause.id)} +{re.escape(start)}", out, re.M), (
            clause.id
        )
    headings = {clause.heading for clause in edition.clauses.values()}
    assert len(headings) == 3
    for heading in headings:
        assert out.count(f"    {heading}\n") == 1


def test_policies_shows_who_decides_each_clause(engine: Engine) -> None:
    out = invoke("policies").stdout
    flat = normalized(out)
    assert "cited by gift: beneficiary-outside-iii-c, solicited-from-business-contact" in flat
    assert "cited by certification: not-certified" in flat
    section = out[out.index("      code/I.A ") : out.index("      code/I.B ")]
    assert "not decided by any area" in section
    closing = normalized(out[out.index("Not decided by any area") :])
    for clause in ("code/I.A", "code/I.C", "code/I.D", "code/I.E", "code/III.A", "code/III.F"):
        assert clause in closing
    for clause in ("code/I.B", "code/II.A", "code/III.C", "nonsolicitation/q8"):
        assert clause not in closing
    assert "silence is not permission" in closing


def test_policies_json_shows_who_decides_each_clause(engine: Engine) -> None:
    payload = json.loads(invoke("policies", "--format", "json").stdout)
    clauses = {
        c["id"]: c for d in payload["documents"] for e in d["editions"] for c in e["clauses"]
    }
    assert {"area": "gift", "plugin": "gift", "rules": list(RULES_CITING_III_C)} in clauses[
        "code/III.C"
    ]["cited_by"]
    assert clauses["code/I.A"]["cited_by"] == []
    aspirational = {"code/I.A", "code/I.C", "code/I.D", "code/I.E", "code/III.A", "code/III.F"}
    assert aspirational <= set(payload["not_decided"])
    code_decided = {cid for cid in clauses if cid.startswith("code/")} - aspirational
    assert not code_decided & set(payload["not_decided"])
    assert clauses["code/III.C"]["text"].startswith("Refrain from soliciting")


def test_coverage_of_a_plugin_that_declares_clause_ids_only() -> None:
    class Listing:
        @hookimpl
        def ala_policy_cited_clauses(self) -> list[str]:
            return ["code/I.A"]

        @hookimpl
        def ala_policy_evaluate_gift(self) -> None:
            return None

    chapter = make_engine(("listing", Listing()), builtins=["areas", "ala_policies", "gift"])
    coverage = clause_coverage(chapter)
    assert coverage["code/I.A"] == (Citer(area="gift", plugin="listing", rules=()),)
    assert Citer(area="gift", plugin="gift", rules=RULES_CITING_III_C) in coverage["code/III.C"]
    text = render_policies(chapter.corpus, coverage)
    assert "cited by gift [plugin listing]" in normalized(text)


def test_policies_json(engine: Engine) -> None:
    result = invoke("policies", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    payload = json.loads(result.stdout)
    documents = {d["id"]: d for d in payload["documents"]}
    assert {"code", "nonsolicitation"} <= set(documents)
    nonsolicitation = documents["nonsolicitation"]
    assert nonsolicitation["title"] == "ALA Member-to-Member Nonsolicitation Policy"
    assert nonsolicitation["publisher"] == "Association of Legal Administrators"
    (edition,) = nonsolicitation["editions"]
    assert edition["effective"] is None
    assert edition["consequence"].startswith("Violations are subject to")
    assert edition["source"]
    clauses = {c["id"]: c["heading"] for c in edition["clauses"]}
    assert set(clauses) == set(engine.corpus.documents["nonsolicitation"].clause_ids)
    assert clauses["nonsolicitation/q8"].startswith("Can I send my newsletter")
    assert documents["code"]["editions"][0]["consequence"] is None
    assert edition["consequence_for"] == "members"
    assert documents["code"]["editions"][0]["replaces"] == "the 1991 Code of Professional Ethics"


def test_policies_text_says_what_the_code_replaced_and_whom_the_consequence_reaches() -> None:
    out = invoke("policies").stdout
    assert "replaces: the 1991 Code of Professional Ethics (its text is not held)" in out
    assert "(for members: it reaches an actor who is or may be one)" in out


SEED = re.compile(r"\bseeds?\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "args",
    [
        ("policies",),
        ("policies", "--format", "json"),
        ("cite", "code/III.C"),
        ("cite", "nonsolicitation/q8", "--format", "json"),
        ("cite", "certification/requirements"),
    ],
)
def test_what_a_user_reads_names_the_documents_never_a_seed(args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.OK, result.output
    assert not SEED.search(result.stdout), SEED.search(result.stdout)


def test_each_edition_source_names_its_document(engine: Engine) -> None:
    for document in engine.corpus.documents.values():
        for edition in document.editions:
            assert not SEED.search(edition.source), edition.source
            assert "Association of Legal Administrators" in edition.source
    code = engine.corpus.documents["code"].editions[0]
    assert code.source.startswith("ALA Code of Professional Responsibility, sections I-III")
    nonsolicitation = engine.corpus.documents["nonsolicitation"].editions[0]
    assert nonsolicitation.source.startswith("ALA Member-to-Member Nonsolicitation Policy")
    assert "Member Directory terms of use" in nonsolicitation.source


# -- cite -------------------------------------------------------------------------------------


def test_cite_text_quotes_the_clause_verbatim(engine: Engine) -> None:
    result = invoke("cite", "nonsolicitation/q8")
    assert result.exit_code == ExitCode.OK, result.output
    out = result.stdout
    citation = engine.corpus.cite("nonsolicitation/q8", TODAY)
    assert out.startswith("nonsolicitation/q8 (ALA Member-to-Member Nonsolicitation Policy)\n")
    assert quoted(out) == normalized(citation.text)
    assert "heading: Can I send my newsletter" in out
    assert f"edition: {citation.edition} (in force: always;" in normalized(out)
    assert f"as of {TODAY.isoformat()}" in normalized(out)
    assert normalized(citation.source) in normalized(out)
    assert "consequence: Violations are subject to immediate cancellation" in out


def test_cite_text_keeps_the_lines_of_a_list() -> None:
    result = invoke("cite", "nonsolicitation/q2")
    assert result.exit_code == ExitCode.OK, result.output
    bullets = [line for line in result.stdout.splitlines() if line.startswith("  |   \u2022 ")]
    assert len(bullets) == 5
    assert "  |\n" in result.stdout, "the blank line of the text is kept"


def test_cite_json(engine: Engine) -> None:
    result = invoke("cite", "code/III.C", "--date", "2026-03-01", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    payload = json.loads(result.stdout)
    expected = engine.corpus.cite("code/III.C", datetime.date(2026, 3, 1)).to_dict()
    assert {k: payload[k] for k in expected} == expected
    assert payload["text"].startswith("Refrain from soliciting or accepting any fee")
    assert payload["on"] == "2026-03-01"
    assert payload["effective"] == "2010-01-01"  # v2: the revised Code decides from 2010
    assert payload["consequence"] is None


def test_cite_unknown_id_suggests_close_ids() -> None:
    result = invoke("cite", "nonsolicitation/q9")
    assert result.exit_code == ExitCode.USAGE
    line = error_line(result)
    assert "unknown clause 'nonsolicitation/q9'" in line
    assert "did you mean nonsolicitation/q8" in line
    assert result.stdout == ""


def test_cite_bare_or_miscased_local_id_suggests_the_full_id() -> None:
    assert "did you mean code/III.C" in error_line(invoke("cite", "III.C"))
    assert "did you mean code/III.C" in error_line(invoke("cite", "code/iii.c"))


def test_cite_unknown_id_without_neighbours() -> None:
    result = invoke("cite", "zzzz")
    assert result.exit_code == ExitCode.USAGE
    assert "'ala-policy policies' lists the clause ids" in error_line(result)


def test_cite_bad_date_is_a_usage_error() -> None:
    result = invoke("cite", "code/III.C", "--date", "1 March 2026")
    assert result.exit_code == ExitCode.USAGE
    assert "--date" in result.stderr


def test_help_texts() -> None:
    assert "verbatim" in invoke("cite", "--help").stdout
    assert "clause ids" in invoke("policies", "--help").stdout


# -- dated editions -------------------------------------------------------------------------------

DATED: dict[str, Any] = {
    "id": "chapter",
    "title": "Chapter Gift Rules",
    "publisher": "Example Chapter",
    "editions": [
        {
            "name": "2024 rules",
            "effective": "2024-01-01",
            "source": "chapter minutes, 2023-11",
            "consequence": "Referral to the chapter board.",
            "clauses": [
                {"id": "r1", "text": "Gifts above $50 are declined.", "heading": "Gifts"},
                {"id": "r2", "text": "Meals are reported.\n\n  - within a week"},
            ],
        },
        {
            "name": "2020 rules",
            "effective": "2020-01-01",
            "source": "chapter minutes, 2019-12",
            "clauses": [{"id": "r1", "text": "Gifts above $100 are declined."}],
        },
    ],
}


@pytest.fixture
def corpus() -> Corpus:
    return Corpus([policy_from_mapping(DATED, origin="chapter.yaml")])


def test_cite_clause_picks_the_edition_in_force(corpus: Corpus) -> None:
    old = cite_clause(corpus, "chapter/r1", datetime.date(2021, 6, 1))
    new = cite_clause(corpus, "chapter/r1", datetime.date(2024, 1, 1))
    assert (old.edition, old.text) == ("2020 rules", "Gifts above $100 are declined.")
    assert (new.edition, new.text) == ("2024 rules", "Gifts above $50 are declined.")


def test_cite_clause_before_any_edition(corpus: Corpus) -> None:
    with pytest.raises(UsageError, match=r"no edition of 'Chapter Gift Rules' is in force") as e:
        cite_clause(corpus, "chapter/r1", datetime.date(2019, 12, 31))
    assert "2019-12-31" in str(e.value)
    assert "2020-01-01" in str(e.value)
    assert "\n" not in str(e.value)


def test_cite_clause_not_yet_in_the_edition_in_force(corpus: Corpus) -> None:
    with pytest.raises(UsageError, match=r"'chapter/r2' is not in the edition .* \(2020 rules\)"):
        cite_clause(corpus, "chapter/r2", datetime.date(2022, 1, 1))


def test_cite_clause_unknown(corpus: Corpus) -> None:
    with pytest.raises(UsageError, match=r"unknown clause 'chapter/r3'; did you mean chapter/"):
        cite_clause(corpus, "chapter/r3", TODAY)
    assert set(clause_suggestions(corpus, "chapter/r3")) == {"chapter/r1", "chapter/r2"}
    assert clause_suggestions(corpus, "R2") == ["chapter/r2"]
    assert clause_suggestions(corpus, "nothing-like-it") == []


def test_render_dated_citation(corpus: Corpus) -> None:
    day = datetime.date(2025, 5, 1)
    citation = cite_clause(corpus, "chapter/r2", day)
    text = render_citation(corpus, citation, day)
    assert "edition: 2024 rules (in force from 2024-01-01; as of 2025-05-01)" in text
    assert "  |\n  |   - within a week\n" in text
    assert "consequence: Referral to the chapter board." in text
    assert "heading" not in text, "r2 has no heading"
    payload = citation_payload(corpus, citation, day)
    assert payload["effective"] == "2024-01-01"
    assert payload["text"] == "Meals are reported.\n\n  - within a week"


def test_render_dated_policies(corpus: Corpus) -> None:
    text = render_policies(corpus)
    assert "edition: 2020 rules (in force from 2020-01-01)" in text
    assert "edition: 2024 rules (in force from 2024-01-01)" in text
    assert "    chapter/r1  Gifts\n" in text
    # v2: a clause without a heading is listed by its words
    assert "    chapter/r2  Meals are reported. - within a week\n" in text
    payload = policies_payload(corpus)
    editions = payload["documents"][0]["editions"]
    assert [e["effective"] for e in editions] == ["2020-01-01", "2024-01-01"]
    assert render_policies(Corpus()) == "no policy documents are registered\n"


RULES_CITING_III_C = (
    "gift.beneficiary-outside-iii-c",
    "gift.solicited-from-business-contact",
    "gift.pending-business",
    "gift.may-influence",
    "gift.unknown",
    "gift.no-influence",
)


class ChapterPolicies:
    @hookimpl
    def ala_policy_register_policies(self, register: Callable[[Any], None]) -> None:
        register(policy_from_mapping(DATED, origin="chapter.yaml"))


def test_cli_date_before_any_edition(monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = make_engine(("chapter", ChapterPolicies()), builtins=False)

    def engine(self: State, *, warn: bool = True) -> Engine:
        return chapter

    monkeypatch.setattr(State, "engine", engine)
    result = invoke("cite", "chapter/r1", "--date", "2019-06-01")
    assert result.exit_code == ExitCode.USAGE
    assert error_line(result) == (
        "Error: no edition of 'Chapter Gift Rules' is in force on 2019-06-01 "
        "(the first takes effect on 2020-01-01)"
    )
    result = invoke("cite", "chapter/r1", "--date", "2021-06-01", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["text"] == "Gifts above $100 are declined."
