"""The access log without query strings: the web page carries a member's answers in the
query of ``GET /ask?...`` and of its download link (``/scenario.yaml?...&title=...``), and
those must not land in the server's log (docs/server.md, Security)."""

from __future__ import annotations

import copy
import logging
from typing import Any

__all__ = ["QuerylessAccessLog", "log_config"]

#: What stands in the access log for a query that was left out.
LEFT_OUT = "?..."


class QuerylessAccessLog(logging.Filter):
    """A filter for uvicorn's access logger (``uvicorn.access``): each request's path is
    printed without its query (``/scenario.yaml?...``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn's access line: (client address, method, path with query, HTTP version,
        # status)
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            path, mark, _query = args[2].partition("?")
            if mark:
                record.args = (args[0], args[1], path + LEFT_OUT, args[3], args[4])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, its access log without queries and, like its other
    logs, on standard error (uvicorn prints it on standard output; ``serve --help`` and
    docs/server.md say standard error, where a service's logs are looked for). It is given
    to every worker process, so that each applies it."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    for handler in config["handlers"].values():
        handler["stream"] = "ext://sys.stderr"
    config.setdefault("filters", {})["no_query"] = {"()": f"{__name__}.QuerylessAccessLog"}
    config["loggers"]["uvicorn.access"]["filters"] = ["no_query"]
    return config
