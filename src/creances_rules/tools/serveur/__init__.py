"""`creances serve`: the library as an HTTP service (FastAPI on uvicorn, extra ``serveur``).

For applications in any language: the same answers as the command line (`POST /evaluations` gives the
bytes of ``creances evaluate --format json``), an OpenAPI 3.1 description built from the library's own
pydantic models (``/openapi.json``, fields described in French), errors as ``application/problem+json``
(RFC 9457) naming each field, and a small page at ``/`` to try it. Nothing in a request can make the
server read or write a file: dossiers come in the body, rule directories and rate files only from the
server's own configuration. See ``docs/serveur.md``.
"""

from .config import Configuration

__all__ = ["Configuration", "create_app"]


def create_app(config: Configuration | None = None):  # -> fastapi.FastAPI (imported lazily: an extra)
    """The application for ``config`` (default: from the environment, as uvicorn's workers build it)."""
    from .app import build

    return build(config or Configuration.from_environment())
