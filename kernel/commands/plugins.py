"""``ala-policy plugins``: every loaded plugin, where it comes from and the hooks it implements."""

from __future__ import annotations

import json

import click

from ..payloads import plugins_payload
from ._text import WIDTH, wrap
from .options import State, echo, pass_state, text_or_json


@click.command("plugins")
@text_or_json
@pass_state
def plugins_command(state: State, format_name: str) -> None:
    """List every loaded plugin: where it comes from and the hooks it implements.

    Built-in plugins are listed like third-party ones: each can be blocked by name with
    --disable-plugin NAME or ALA_POLICY_DISABLE_PLUGINS. Plugins that failed to load and
    blocked plugins are listed too.

    \b
    Examples:
      ala-policy plugins
      ala-policy --disable-plugin gift plugins --format json
    """
    engine = state.engine(warn=False)
    infos = engine.plugins()
    if format_name == "json":
        payload = plugins_payload(engine)
        echo(json.dumps(payload, indent=2))
        return
    name_width = max([len(i.name) for i in infos] + [6])
    dist_width = max([len(i.distribution or "-") for i in infos] + [12])
    echo(f"{'PLUGIN':<{name_width}}  {'DISTRIBUTION':<{dist_width}}  {'VERSION':<8}  HOOKS")
    # the hooks wrap within their column; where a long plugin name leaves that column
    # too narrow, they go on the lines below the row instead: every line keeps within WIDTH
    column = name_width + dist_width + 14
    narrow = column > WIDTH - 32
    for info in infos:
        hooks = ", ".join(h.removeprefix("ala_policy_") for h in info.hooks) or "-"
        row = f"{info.name:<{name_width}}  {info.distribution or '-':<{dist_width}}  "
        row += f"{info.version or '-':<8}  "
        if narrow:
            echo(row.rstrip())
            _say(hooks, "    ", "    ")
        else:
            _say(hooks, row, " " * column)
    if engine.disabled:
        echo()
        _say(f"blocked: {', '.join(engine.disabled)}", "", "  ")
    if engine.load_errors:
        echo("\nfailed to load:")
        for error in engine.load_errors:
            _say(f"{error.plugin}: {error}", "  ", "    ")
    deciders = engine.area_plugins()
    echo("\nareas (added by; decided by):")
    for area in sorted(engine.areas):
        by = engine.registered_by["areas"].get(area, "-")
        _say(f"{area} ({by}; {', '.join(deciders.get(area, ())) or 'nobody'})", "  ", "    ")
    echo("formats (added by):")
    for name in sorted(engine.formats):
        _say(f"{name} ({engine.registered_by['formats'].get(name, '-')})", "  ", "    ")


def _say(text: str, initial: str, subsequent: str) -> None:
    """Echo ``text`` behind ``initial``, wrapped within :data:`WIDTH` columns."""
    for line in wrap(text, initial, subsequent):
        echo(line)
