"""An envelope header's parse and associated data, fast and exactly as the standard library's.

The central opens every uploaded page (issue 17: ~17,000 after a week offline); profiled there,
``json.loads`` of each envelope's header and the canonical ``json.dumps`` of its core (the AEAD's
associated data, :mod:`kiosk.documents.envelope`) were a third of opening a small page. Both must
give exactly what they gave before, or envelopes sealed by any version would not open (a changed
associated data fails the tag: a mistake here refuses a good page, it cannot admit a bad one).

- :func:`parse`: orjson builds the same objects as ``json.loads`` from what it accepts, except
  integers beyond 64 bits (it makes floats of them); a header with a run of 19 digits, or one
  orjson refuses (NaN, a byte-order mark, lone surrogates), is read by ``json.loads``.
- :func:`core_aad`: the canonical text written directly for the header every version seals
  (exactly the keys ``alg, media_type, nonce, sha256, size, v`` beside ``recipients``, strings
  of printable ASCII without ``"`` or ``\\``, which ``json.dumps`` writes as they are, and
  integers that are not booleans); None for anything else, which the caller canonicalises with
  ``json.dumps`` as before.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_PREFIX = b"kiosk-document-v1|"
_CORE = frozenset({"alg", "media_type", "nonce", "sha256", "size", "v"})
_WITH_RECIPIENTS = _CORE | {"recipients"}
_LONG_NUMBER = re.compile(rb"[0-9]{19}")


def parse(raw: bytes) -> Any:
    """``json.loads(raw)``'s answer (and its ``ValueError``s)."""
    if _LONG_NUMBER.search(raw) is None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # what json.loads alone accepts, or refuses in its own words
    return json.loads(raw)


def _plain(text: object) -> bool:
    """A string ``json.dumps`` writes between quotes unchanged (ensure_ascii)."""
    return (
        type(text) is str
        and text.isascii()
        and text.isprintable()
        and '"' not in text
        and "\\" not in text
    )


def core_aad(header: dict[str, Any]) -> bytes | None:
    """``b"kiosk-document-v1|" + canonical(header without "recipients")`` for the usual header,
    else None."""
    keys = header.keys()
    if keys != _WITH_RECIPIENTS and keys != _CORE:
        return None
    alg, media, nonce, sha256 = (
        header["alg"],
        header["media_type"],
        header["nonce"],
        header["sha256"],
    )
    size, version = header["size"], header["v"]
    if type(size) is not int or type(version) is not int:
        return None
    if not (_plain(alg) and _plain(media) and _plain(nonce) and _plain(sha256)):
        return None
    return (
        f'{_PREFIX.decode()}{{"alg":"{alg}","media_type":"{media}","nonce":"{nonce}",'
        f'"sha256":"{sha256}","size":{size},"v":{version}}}'
    ).encode("ascii")
