"""``ala-policy plugins``: every loaded plugin, where it comes from and the hooks it implements."""

from __future__ import annotations

import json

import click

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
        payload = {
            "plugins": [
                {
                    "name": info.name,
                    "distribution": info.distribution,
                    "version": info.version,
                    "builtin": info.builtin,
                    "hooks": list(info.hooks),
                }
                for info in infos
            ],
            "disabled": list(engine.disabled),
            "load_errors": [{"plugin": e.plugin, "message": str(e)} for e in engine.load_errors],
            "areas": sorted(engine.areas),
            "formats": sorted(engine.formats),
        }
        echo(json.dumps(payload, indent=2))
        return
    name_width = max([len(i.name) for i in infos] + [6])
    dist_width = max([len(i.distribution or "-") for i in infos] + [12])
    echo(f"{'PLUGIN':<{name_width}}  {'DISTRIBUTION':<{dist_width}}  {'VERSION':<8}  HOOKS")
    for info in infos:
        hooks = ", ".join(h.removeprefix("ala_policy_") for h in info.hooks)
        echo(
            f"{info.name:<{name_width}}  {info.distribution or '-':<{dist_width}}  "
            f"{info.version or '-':<8}  {hooks}"
        )
    if engine.disabled:
        echo(f"\nblocked: {', '.join(engine.disabled)}")
    if engine.load_errors:
        echo("\nfailed to load:")
        for error in engine.load_errors:
            echo(f"  {error.plugin}: {error}")
    echo(
        f"\nareas: {', '.join(sorted(engine.areas))}\nformats: {', '.join(sorted(engine.formats))}"
    )
