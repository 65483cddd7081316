"""The browser tests run only when named: ``tox -e browser`` runs ``pytest tests/browser``.

A plain ``pytest`` (the main suite, whose ``testpaths`` is ``tests``) leaves this folder out,
so the main suite never needs a browser; naming the folder or a file in it runs them, and
they then fail, never skip, when Chromium or its driver is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _names_this_folder(config: pytest.Config) -> bool:
    start = config.invocation_params.dir
    for arg in config.args:
        path = Path(str(arg).split("::", 1)[0])
        path = (path if path.is_absolute() else start / path).resolve()
        if path == HERE or HERE in path.parents:
            return True
    return False


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave the browser tests out unless the command line names them."""
    if collection_path.resolve().parent == HERE and not _names_this_folder(config):
        return True
    return None
