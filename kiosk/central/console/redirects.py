"""Where the console may send a browser after log-in: only to its own pages.

:func:`safe_next` accepts a path under ``/console/`` and nothing else — no scheme, no host, no
``//host`` or ``/\\host`` (browsers read both as another site), no control characters, no
``..`` that would climb out of the console. Anything else becomes the queue.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

HOME = "/console/queue"


def safe_next(value: str | None) -> str:
    if not value or len(value) > 2000:
        return HOME
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value) or "\\" in value:
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/console/"):
        return HOME
    decoded = unquote(parts.path)
    if decoded.startswith("//") or "\\" in decoded or "/../" in decoded or decoded.endswith("/.."):
        return HOME
    if parts.path.startswith("/console/login"):
        return HOME
    return value
