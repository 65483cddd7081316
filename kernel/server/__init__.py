"""ala-policy as a service: the HTTP API under ``/v1``, a web page for people at ``/``,
Prometheus ``/metrics``, and the decision log (``pip install 'ala-policy[server]'``).

``create_app(engine=..., log=...)`` returns an ASGI application (Starlette) that a chapter
system can mount inside its own; ``ala-policy serve`` runs it under uvicorn.
"""

from __future__ import annotations

from ._accesslog import QuerylessAccessLog
from ._app import ServerConfig, ServerState, app_from_env, create_app

__all__ = ["QuerylessAccessLog", "ServerConfig", "ServerState", "app_from_env", "create_app"]
