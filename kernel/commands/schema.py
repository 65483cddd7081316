"""``ala-policy schema``: print the JSON Schema of scenario files, for editors and CI."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..schema import scenario_schema
from .options import Abort, State, pass_state


def render_schema(schema: dict[str, object], indent: int) -> str:
    """The schema as deterministic JSON text (sorted keys), ending with a newline."""
    return json.dumps(schema, indent=indent or None, sort_keys=True, ensure_ascii=False) + "\n"


@click.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE",
    help="Write the schema to FILE instead of standard output.",
)
@click.option(
    "--indent",
    type=click.IntRange(0, 8),
    default=2,
    show_default=True,
    help="Spaces per indentation level (0: one line).",
)
@pass_state
def schema_command(state: State, output: Path | None, indent: int) -> None:
    """Print the JSON Schema (draft 2020-12) of scenario files.

    The schema is generated from the areas of the loaded plugins, so areas and facts that
    plugins add appear in it (and blocked plugins' do not). It describes a whole file: one
    scenario, a list of scenarios, or a mapping with a 'scenarios' list. Editors use it to
    complete area names, fact names and their allowed values, and to flag unknown keys
    before 'ala-policy evaluate' does. The engine's own validation stays the authority:
    checks written in code (such as value_usd being 0 or more) are not in the schema.

    \b
    Save it next to your scenarios:
      ala-policy schema --output scenario.schema.json

    \b
    Then either put this modeline on the first line of a scenario file
    (any editor with the yaml-language-server):
      # yaml-language-server: $schema=./scenario.schema.json

    \b
    or map files to it in VS Code's settings.json (Red Hat YAML extension):
      "yaml.schemas": {"./scenario.schema.json": ["scenarios/*.yaml"]}

    \b
    and, for JSON scenario files, in VS Code's settings.json:
      "json.schemas": [{"fileMatch": ["scenarios/*.json"], "url": "./scenario.schema.json"}]
    """
    text = render_schema(scenario_schema(state.engine()), indent)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Abort(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)
