"""The ``markdown``, ``html`` and ``junit`` output formats: through the CLI, and each alone."""

from __future__ import annotations

import datetime
import io
import types
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import attrs
import pytest
from click.testing import CliRunner

from ala_policy import Engine, FormatOptions, Outcome, Summary
from ala_policy.cli import main
from ala_policy.plugins import html_format, junit_format, markdown_format
from ala_policy.testing import make_engine

DINNER = (
    "id: dinner\n"
    "title: 'Dinner <script>alert(1)</script> & *bold* | pipe'\n"
    "date: 2026-03-01\n"
    "actor: {role: member}\n"
    "gift: {kind: meal, act: offered, giver: vendor, pending_business: true}\n"
    "expect: {decision: prohibited, cites: [code/III.C]}\n"
)
MUG = (
    "id: mug\ntitle: A mug at a conference\nactor: {role: member}\n"
    "gift: {kind: gift, act: accepted, pending_business: false, may_influence: false}\n"
)
TICKETS = (
    "id: tickets\nactor: {role: member}\ngift: {kind: entertainment, act: offered}\n"
    "expect: {decision: permitted}\n"
)
BROKEN = "id: [\n"
TODAY = datetime.date.today().isoformat()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """Four scenario files: one passes its expect, one has none, one fails it, one is broken."""
    (tmp_path / "a-dinner.yaml").write_text(DINNER, encoding="utf-8")
    (tmp_path / "b-mug.yaml").write_text(MUG, encoding="utf-8")
    (tmp_path / "c-tickets.yaml").write_text(TICKETS, encoding="utf-8")
    (tmp_path / "d-broken.yaml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def run(format_name: str, *paths: Path) -> str:
    result = CliRunner().invoke(main, ["evaluate", "--format", format_name, *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.stdout


def alone(module: ModuleType) -> Engine:
    return make_engine(module, builtins=["areas", "ala_policies", "gift"])


def render(engine: Engine, format_name: str, outcomes: Iterable[Outcome]) -> str:
    """Write ``outcomes`` through the format's writer, as the CLI does."""
    stream = io.StringIO()
    writer = engine.output_format(format_name).factory(stream, FormatOptions())
    summary = Summary()
    for outcome in outcomes:
        writer.write(outcome)
        summary.add(outcome)
    writer.close(summary)
    return stream.getvalue()


def dressed_up(engine: Engine) -> Outcome:
    """A real prohibited outcome, given conditions, missing facts, a consequence, hostile text."""
    outcome = engine.evaluate(
        {
            "id": "vendor-dinner",
            "title": 'Dinner "<b>on us</b>" & more',
            "actor": {"role": "member"},
            "gift": {"kind": "meal", "act": "offered", "pending_business": True},
        }
    )
    finding = attrs.evolve(
        outcome.findings[0],
        conditions=("Tell the partner <in writing>", "Keep a record"),
        missing_facts=("gift.value_usd",),
        consequence="Membership may be cancelled * immediately.",
    )
    return attrs.evolve(outcome, findings=(finding,))


# -- registration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "name", "extension"),
    [
        (markdown_format, "markdown", ".md"),
        (html_format, "html", ".html"),
        (junit_format, "junit", ".xml"),
    ],
)
def test_each_format_registers_alone(module: ModuleType, name: str, extension: str) -> None:
    engine = alone(module)
    assert set(engine.formats) == {name}
    output_format = engine.output_format(name)
    assert output_format.extension == extension
    assert output_format.description
    assert "\n" not in output_format.description


def test_formats_are_listed_by_the_cli() -> None:
    result = CliRunner().invoke(main, ["evaluate", "--format", "nope", "x.yaml"])
    assert result.exit_code == 2
    for name in ("markdown", "html", "junit"):
        assert name in result.output


# -- html ------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "link", "input", "wbr", "col", "source"}


@attrs.define
class Node:
    """An element of a parsed HTML document."""

    tag: str
    attributes: dict[str, str | None]
    children: list[Node | str] = attrs.field(factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None) -> list[Node]:
        found = [self] if tag is None or self.tag == tag else []
        for child in self.children:
            if isinstance(child, Node):
                found.extend(child.iter(tag))
        return found

    def attr(self, name: str) -> str:
        return self.attributes.get(name) or ""

    def classes(self) -> set[str]:
        return set((self.attributes.get("class") or "").split())


class TreeBuilder(HTMLParser):
    """Parses a document into :class:`Node` objects, checking that every element is closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> tuple[TreeBuilder, Node]:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], "every element is closed"
    return builder, builder.root


def test_html_is_one_full_document(files: Path) -> None:
    out = run("html", files)
    builder, root = parse_html(out)
    assert builder.doctype is not None
    assert builder.doctype.lower() == "doctype html"
    (document,) = root.iter("html")
    assert document.attributes.get("lang") == "en"
    (head,) = document.iter("head")
    assert len(head.iter("style")) == 1
    assert "@media print" in head.iter("style")[0].text()
    assert "4 scenarios" in head.iter("title")[0].text()
    assert len(root.iter("body")) == 1
    assert not root.iter("script"), "no JavaScript"
    for tag, attribute in (("link", "href"), ("img", "src"), ("a", "href")):
        for node in root.iter(tag):
            assert (node.attributes.get(attribute) or "#").startswith("#"), "no external resources"
    text = root.text()
    assert "As of 2026-03-01 (the latest date the scenarios give). Generated by ala-policy" in text
    assert "4 scenarios: 1 error, 1 prohibited, 1 indeterminate, 1 permitted" in text


def test_html_summary_table_links_to_a_section_per_scenario(files: Path) -> None:
    _, root = parse_html(run("html", files))
    (table,) = root.iter("table")
    rows = table.iter("tbody")[0].iter("tr")
    assert len(rows) == 4
    sections = {node.attr("id"): node for node in root.iter("section")}
    assert len(sections) == 4
    links = [row.iter("a")[0].attr("href") for row in rows]
    assert [link[1:] for link in links if link] == list(sections)
    cells = [[cell.text().strip() for cell in row.iter("td")] for row in rows]
    assert cells[0][1:] == [
        "dinner",
        "Dinner <script>alert(1)</script> & *bold* | pipe",
        "PROHIBITED",
    ]
    assert [row[3] for row in cells] == ["PROHIBITED", "PERMITTED", "INDETERMINATE", "ERROR"]
    assert cells[3][1] == "(unreadable)"


def test_html_sections_quote_the_clauses(files: Path) -> None:
    _, root = parse_html(run("html", files))
    dinner = next(s for s in root.iter("section") if "dinner" in s.attr("id"))
    assert "PROHIBITED" in {
        badge.text() for badge in dinner.iter("span") if "badge" in badge.classes()
    }
    quotes = dinner.iter("blockquote")
    assert len(quotes) == 2
    first = quotes[0].text()
    assert "code/III.C" in first
    assert "Refrain from soliciting or accepting any fee" in first
    assert "III. Responsibilities to those Outside the Legal Organization:" in first
    assert "ALA Code of Professional Responsibility" in quotes[0].iter("cite")[0].text()
    tickets = next(s for s in root.iter("section") if "tickets" in s.attr("id"))
    missing = [li.text() for li in tickets.iter("li")]
    assert "gift.pending_business" in missing


def test_html_escapes_what_scenarios_supply(files: Path) -> None:
    out = run("html", files)
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold*" in out
    _, root = parse_html(out)
    assert not root.iter("script")


def test_html_shows_where_an_unreadable_scenario_failed(files: Path) -> None:
    _, root = parse_html(run("html", files))
    broken = root.iter("section")[-1]
    assert "ERROR" in broken.text()
    assert f"{files / 'd-broken.yaml'}:2: YAML syntax error" in broken.text()


def test_html_writer_alone_renders_every_part_of_a_finding() -> None:
    engine = alone(html_format)
    outcome = dressed_up(engine)
    twin = attrs.evolve(outcome, title=None)  # the same id twice still gets two anchors
    out = render(engine, "html", [outcome, twin])
    assert "&quot;&lt;b&gt;on us&lt;/b&gt;&quot; &amp; more" in out
    _, root = parse_html(out)
    sections = root.iter("section")
    assert len({s.attr("id") for s in sections}) == 2
    finding = sections[0]
    items = [li.text() for li in finding.iter("li")]
    assert items == ["Tell the partner <in writing>", "Keep a record", "gift.value_usd"]
    assert "Consequence: Membership may be cancelled * immediately." in finding.text()
    assert len(root.iter("table")[0].iter("tbody")[0].iter("tr")) == 2


def test_html_with_no_scenarios_is_still_a_document() -> None:
    engine = alone(html_format)
    _, root = parse_html(render(engine, "html", []))
    assert len(root.iter("table")) == 1
    assert "No scenarios were read." in root.text()
    assert not root.iter("section")


# -- junit -----------------------------------------------------------------------------------


def cases(suite: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name", ""): case for case in suite.iter("testcase")}


def test_junit_counts_and_outcomes(files: Path) -> None:
    root = ET.fromstring(run("junit", files))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "ala-policy"
    for element in (root, suite):
        assert (element.get("tests"), element.get("failures"), element.get("errors")) == (
            "4",
            "1",
            "1",
        )
    by_name = cases(suite)
    assert list(by_name) == ["dinner", "mug", "tickets", "(unreadable, line 2)"]
    assert by_name["dinner"].get("classname") == str(files / "a-dinner.yaml")
    for passing in ("dinner", "mug"):
        assert by_name[passing].find("failure") is None
        assert by_name[passing].find("error") is None
    failure = by_name["tickets"].find("failure")
    assert failure is not None
    assert failure.get("message") == "expected decision permitted, got indeterminate"
    error = by_name["(unreadable, line 2)"].find("error")
    assert error is not None
    assert "d-broken.yaml:2: YAML syntax error" in (error.get("message") or "")


def test_junit_system_out_gives_decision_reason_and_cites(files: Path) -> None:
    suite = ET.fromstring(run("junit", files)).findall("testsuite")[0]
    out = cases(suite)["dinner"].findtext("system-out") or ""
    assert "decision: prohibited" in out
    assert "gift: prohibited [gift]: " in out
    assert "cites: code/III.C, code/III.B" in out
    assert "Dinner <script>alert(1)</script>" in out


def test_junit_fails_on_a_missing_citation(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(DINNER.replace("[code/III.C]", "[code/III.C, code/III.D]"), encoding="utf-8")
    root = ET.fromstring(run("junit", path))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("1", "1", "0")
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "expected a citation of code/III.D, which is not cited"


def test_junit_names_a_scenario_without_a_file_after_the_suite() -> None:
    engine = alone(junit_format)
    outcome = dressed_up(engine)
    hostile = attrs.evolve(outcome, title="bell \x07 ]]> </system-out> \ud800 é")
    root = ET.fromstring(render(engine, "junit", [hostile]))
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("classname") == "ala-policy"
    assert case.get("name") == "vendor-dinner"
    out = case.findtext("system-out") or ""
    assert "title: bell \ufffd ]]> </system-out> \ufffd é" in out
    assert "condition: Tell the partner <in writing>" in out
    assert "missing facts: gift.value_usd" in out


def test_junit_with_no_scenarios_is_well_formed() -> None:
    root = ET.fromstring(render(alone(junit_format), "junit", []))
    assert root.get("tests") == "0"
    assert len(root.findall("testsuite")) == 1


# -- markdown --------------------------------------------------------------------------------


def test_markdown_report(files: Path) -> None:
    out = run("markdown", files)
    assert out.startswith("# ala-policy report\n")
    assert "\n## `dinner`: PROHIBITED\n" in out
    assert "\n### gift: PROHIBITED (plugin `gift`)\n" in out
    assert "\n> **`code/III.C`**: *ALA Code of Professional Responsibility*" in out
    assert "\n> Refrain from soliciting or accepting any fee" in out
    assert "\n- `gift.pending_business`\n" in out
    assert "\n## (unreadable): ERROR\n" in out
    lines = out.splitlines()
    table = lines[lines.index("| Decision | Count |") :]
    assert table[1:7] == [
        "| --- | ---: |",
        "| ERROR | 1 |",
        "| PROHIBITED | 1 |",
        "| INDETERMINATE | 1 |",
        "| PERMITTED | 1 |",
        "| **Total** | **4** |",
    ]


def test_markdown_escapes_titles(files: Path) -> None:
    out = run("markdown", files)
    assert r"*Dinner \<script\>alert(1)\</script\> & \*bold\* \| pipe*" in out


def test_markdown_writer_alone_lists_conditions_and_consequence() -> None:
    engine = alone(markdown_format)
    out = render(engine, "markdown", [dressed_up(engine)])
    assert "**Conditions:**\n\n- Tell the partner \\<in writing\\>\n- Keep a record\n" in out
    assert "**Missing facts:**\n\n- `gift.value_usd`\n" in out
    assert "**Consequence:** Membership may be cancelled \\* immediately." in out


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("snake_case stays", "snake_case stays"),
        ("_emphasis_ and *strong*", r"\_emphasis\_ and \*strong\*"),
        ("# not a heading", r"\# not a heading"),
        ("1. not a list", r"1\. not a list"),
        ("- not an item", r"\- not an item"),
        ("a | b", r"a \| b"),
        ("Q&A &amp;", r"Q&A \&amp;"),
        ("[link](x)", r"\[link\](x)"),
    ],
)
def test_markdown_escape(text: str, escaped: str) -> None:
    assert markdown_format.escape(text) == escaped


def test_markdown_code_span_outlasts_backticks() -> None:
    assert markdown_format.code("a`b") == "``a`b``"
    assert markdown_format.code("`x`") == "`` `x` ``"


# -- the same input, the same bytes ------------------------------------------------------------

FORMATS = ("text", "json", "jsonl", "markdown", "html", "junit")


class _Tomorrow(datetime.date):
    """A clock a day ahead of the real one."""

    @classmethod
    def today(cls) -> _Tomorrow:
        real = datetime.date.fromordinal(datetime.datetime.now().toordinal())
        return cls.fromordinal(real.toordinal() + 1)


def test_html_takes_its_date_from_the_scenarios_never_the_clock(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (files / "b-mug.yaml").unlink()
    (files / "c-tickets.yaml").unlink()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = run("html", files)
    monkeypatch.setattr(
        html_format,
        "datetime",
        types.SimpleNamespace(
            date=_Tomorrow, datetime=datetime.datetime, timezone=datetime.timezone
        ),
    )
    after = run("html", files)
    assert before == after
    assert "As of 2026-03-01 (the latest date the scenarios give). Generated by" in after
    assert "Generated on" not in after
    assert _Tomorrow.today().isoformat() not in after


def test_html_without_a_scenario_date_gives_none(tmp_path: Path) -> None:
    (tmp_path / "mug.yaml").write_text(MUG, encoding="utf-8")
    out = run("html", tmp_path)
    assert "Generated by ala-policy" in out
    assert "Generated on" not in out
    assert "As of" not in out
    assert f"decided as of {TODAY} (today: the scenario gives no date)" in out


@pytest.mark.parametrize(
    ("epoch", "shown"),
    [("1767225600", "Generated on 2026-01-01 by ala-policy"), ("0", "Generated on 1970-01-01")],
)
def test_html_uses_source_date_epoch_when_set(
    files: Path, monkeypatch: pytest.MonkeyPatch, epoch: str, shown: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = run("html", files)
    assert shown in out
    assert "As of" not in out


@pytest.mark.parametrize("epoch", ["", "soon", "-5", "1e9", "9" * 40])
def test_html_ignores_a_source_date_epoch_that_is_no_time(
    files: Path, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = run("html", files)
    assert "Generated on" not in out
    assert "As of 2026-03-01" in out


@pytest.mark.parametrize("format_name", FORMATS)
def test_every_format_gives_the_same_bytes_wherever_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format_name: str
) -> None:
    (tmp_path / "a-dinner.yaml").write_text(DINNER, encoding="utf-8")
    (tmp_path / "c-tickets.yaml").write_text(
        TICKETS.replace("id: tickets\n", "id: tickets\ndate: 2026-03-02\n"), encoding="utf-8"
    )
    (tmp_path / "d-broken.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = run(format_name, tmp_path)
    for name, value in (
        ("TZ", "Pacific/Kiritimati"),
        ("HOSTNAME", "elsewhere"),
        ("COLUMNS", "40"),
        ("LANG", "fr_FR.UTF-8"),
    ):
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(
        html_format,
        "datetime",
        types.SimpleNamespace(
            date=_Tomorrow, datetime=datetime.datetime, timezone=datetime.timezone
        ),
    )
    assert run(format_name, tmp_path) == first
    if format_name == "junit":
        for element in ET.fromstring(first).iter():
            assert not {"timestamp", "hostname", "time"} & set(element.attrib), element.tag


# -- a scenario without a date says it was decided as of today ---------------------------------

UNDATED = "(today: the scenario gives no date)"


def test_markdown_says_an_undated_scenario_was_decided_as_of_today(files: Path) -> None:
    out = run("markdown", files)
    assert f"Source: `{files / 'b-mug.yaml'}:1`, as of {TODAY} {UNDATED}\n" in out
    assert f"Source: `{files / 'a-dinner.yaml'}:1`, as of 2026-03-01\n" in out


def test_html_says_an_undated_scenario_was_decided_as_of_today(files: Path) -> None:
    out = run("html", files)
    assert f"decided as of {TODAY} {UNDATED}</p>" in out
    assert "decided as of 2026-03-01</p>" in out


def test_junit_says_an_undated_scenario_was_decided_as_of_today(files: Path) -> None:
    suite = ET.fromstring(run("junit", files)).findall("testsuite")[0]
    assert f"as of: {TODAY} {UNDATED}\n" in (cases(suite)["mug"].findtext("system-out") or "")
    assert "as of: 2026-03-01\n" in (cases(suite)["dinner"].findtext("system-out") or "")


#: What ``printable`` must escape, written out here on its own: C0 and C1 controls (tab
#: kept; newline kept with ``lines``), DEL, lone surrogates, line and paragraph separators.
def _must_escape(code: int, *, lines: bool) -> bool:
    if code == 0x09 or (lines and code == 0x0A):
        return False
    return (
        code <= 0x1F or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029)
    )


@pytest.mark.parametrize("lines", [False, True])
def test_printable_escapes_exactly_the_unprintable_code_points(lines: bool) -> None:
    """Each code point, alone and inside ordinary text: ``printable`` skips its pattern for
    text ``str.isprintable`` accepts, so that shortcut must lose no character it escapes."""
    from ala_policy.formats import printable

    # the whole Basic Multilingual Plane, and a sample of the planes above it
    for code in [*range(0x10000), *range(0x10000, 0x110000, 251)]:
        char = chr(code)
        expected = (
            (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
            if _must_escape(code, lines=lines)
            else char
        )
        assert printable(char, lines=lines) == expected, hex(code)
        if code % 97 == 0:
            assert printable(f"a {char} b", lines=lines) == f"a {expected} b", hex(code)
