"""orjson where it gives the standard library's answer exactly; the standard library elsewhere.

Profiled under 50 concurrent pushes, ``json.loads`` of the request body was a fifth of the
central's CPU and the canonical ``json.dumps`` for hash checking another tenth; orjson does both
several times faster.

- Parsing (:class:`OrjsonRoute`): orjson accepts less than ``json.loads`` (no NaN or Infinity,
  no lone surrogates, no byte-order mark, UTF-8 only) and builds the same objects from what it
  accepts, except integers beyond 64 bits, which it turns into floats: a body with a number of
  19 or more digits is therefore left to ``json.loads`` too, as is anything orjson refuses, and
  is judged exactly as before (e.g. NaN → ``push.content_invalid`` for that item). The request
  remembers which parser read it (:func:`parsed_exactly`).
- Canonical text (:func:`canonical_text`): only for a body orjson parsed (so no NaN, which orjson
  would write as ``null``). orjson and ``json.dumps(sort_keys=True, separators=(",", ":"),
  ensure_ascii=False)`` agree on everything except floats that Python writes with an exponent
  (|x| < 1e-4 or ≥ 1e16) differently: below 1e-4 orjson writes ``0.0000…`` or a one-digit
  exponent (``1e-7``, Python ``1e-07``); large ones come out the same. A text with either shape
  is rebuilt with the standard library (checked against 600,000 random floats; a string that
  merely looks like one only costs the rebuild).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

_EXACT = "kiosk.central.orjson_parsed"
_DIGITS = frozenset(b"0123456789")
_NUMBER_CHARS = frozenset(b"0123456789.-")
_ALL_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_RUN = b"0" * 19  # an integer of 19+ digits may not fit 64 bits
_NOT_ZERO = re.compile(rb"[^0]")


def loads(body: bytes) -> tuple[Any, bool]:
    """``json.loads(body)``'s value, and whether orjson produced it (see the module docstring)."""
    if not _may_hold_big_integer(body):
        try:
            return orjson.loads(body), True
        except orjson.JSONDecodeError:
            pass
    return json.loads(body), False  # raises JSONDecodeError as FastAPI expects


class _Request(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json, exact = loads(await self.body())
            self.scope[_EXACT] = exact
        return self._json


def _may_hold_big_integer(body: bytes) -> bool:
    """True if a run of 19+ digits starts a number token (after ``:``, ``,`` or ``[``).

    Runs inside strings (hex digests, account numbers) are told apart by what precedes them;
    a string that merely looks like a number only costs the slower parser. Bytes methods only:
    ``\\d{19,}`` over a digit-dense body cost milliseconds, and so did ``0{19,}`` over the
    zeroed body as soon as one run was there (a 100-registration push: 6 ms, twice orjson's
    parse); ``find`` jumps from run to run.
    """
    zeroed = body.translate(_ALL_DIGITS_TO_ZERO)
    start = zeroed.find(_RUN)  # usually -1: the usual case, in well under a millisecond
    while start >= 0:
        before = body[max(0, start - 64) : start].rstrip(b" \t\r\n-")
        if not before or before[-1:] in (b":", b",", b"["):
            return True
        end = _NOT_ZERO.search(zeroed, start)  # the end of this run
        if end is None:
            return False
        start = zeroed.find(_RUN, end.start())
    return False


class OrjsonRoute(APIRoute):
    """A route whose JSON body is parsed by orjson when it can be (FastAPI's custom-route hook)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def orjson_handler(request: Request) -> Response:
            return await handler(_Request(request.scope, request.receive))

        return orjson_handler


def parsed_exactly(request: Request) -> bool:
    """True when orjson parsed this request's body (so it holds no NaN/Infinity)."""
    return bool(request.scope.get(_EXACT))


def canonical_text(content: dict, *, exact: bool) -> str:
    """``kiosk.domain.model.canonical_json(content)`` as text; refuses what storage cannot hold.

    Raises ``ValueError``/``TypeError`` for NaN/Infinity or lone surrogates (standard-library
    path only: an ``exact`` content cannot hold them).
    """
    if exact:
        try:
            data = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # e.g. a non-string key; let the standard library decide
            data = b""
        if data and not _may_differ_from_python(data):
            return data.decode()
    text = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    text.encode()  # lone surrogates cannot be stored
    return text


def _may_differ_from_python(data: bytes) -> bool:
    """True if orjson's compact text may hold a float Python writes differently.

    ``e-`` followed by one digit (not two) is where orjson's exponent differs; ``e-`` is frequent
    in UUIDs, so each hit is looked at closer: a number token only when the run of number
    characters before it follows ``:``, ``,`` or ``[`` (or starts the text). ``bytes.find`` jumps
    from hit to hit (a regular expression's scan cost ~10 µs per registration).
    """
    if b"0.0000" in data:
        return True
    size = len(data)
    hit = data.find(b"e-")
    while hit >= 0:
        digit = hit + 2
        if digit < size and data[digit] in _DIGITS:  # an exponent: e-N
            if not (digit + 1 < size and data[digit + 1] in _DIGITS):  # a two-digit one is alike
                start = hit
                while start > 0 and data[start - 1] in _NUMBER_CHARS:
                    start -= 1
                if start == 0 or data[start - 1] in b":,[":  # a number token, not in a string
                    return True
        hit = data.find(b"e-", hit + 1)
    return False
