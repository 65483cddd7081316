"""The pluggy markers of ala-policy: one project name, one spec marker, one impl marker."""

from __future__ import annotations

import pluggy

#: The pluggy project name, which is also the entry-point group plugins are found in.
PROJECT_NAME = "ala_policy"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
