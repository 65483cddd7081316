"""The pluggy markers of ala-policy: one project name, one spec marker, one impl marker."""

from __future__ import annotations

import pluggy

#: The pluggy project name, which is also the entry-point group plugins are found in.
PROJECT_NAME = "ala_policy"

#: The marker of hook specifications: ``@hookspec`` on the hooks a plugin declares through
#: ``ala_policy_addhooks`` (the evaluator hook of a new area).
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: The marker of hook implementations: ``@hookimpl`` on a plugin's ``ala_policy_...``
#: functions (``@hookimpl(tryfirst=True)`` and pluggy's other options included).
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
