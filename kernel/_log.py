"""The ``ala_policy`` logger, configured only when something is worth logging."""

from __future__ import annotations

import logging

__all__ = ["log"]


def log() -> logging.Logger:
    """The ``ala_policy`` logger (with a null handler, so a library user sees nothing unless
    they configure logging)."""
    logger = logging.getLogger("ala_policy")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return logger
