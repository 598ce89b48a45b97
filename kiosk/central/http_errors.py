"""Every error the API returns is ``{"error": {"code", "message"}}`` with a stable dotted code.

:class:`ApiError` is what services raise. The handlers below turn it, FastAPI's validation errors,
Starlette's 404/405 and database outages into that shape. Bad input never becomes a 5xx: a 500 here
means a bug (logged with its traceback, answered with ``internal``, no details to the client).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk import protocol as p

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def _describe(errors: list[Any]) -> str:
    """A short, safe description: where and what, never the offending value (it may be a NIK)."""
    parts = []
    for err in errors[:3]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
        parts.append(f"{where or 'body'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request does not match the schema"


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, p.REQUEST_INVALID, _describe(list(exc.errors())))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {
        400: p.REQUEST_MALFORMED,
        404: "http.not_found",
        405: "http.method_not_allowed",
        413: p.REQUEST_TOO_LARGE,
    }
    code = codes.get(exc.status_code, f"http.{exc.status_code}")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return error_response(exc.status_code, code, str(exc.detail), headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method any route serves at this path (Starlette names only the first route's)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and getattr(route, "methods", None):
            methods |= set(route.methods)
    return sorted(methods)


async def _database_down(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable: %s", type(exc).__name__)
    return error_response(
        503, p.CENTRAL_UNAVAILABLE, "the database is unavailable", {"Retry-After": "5"}
    )


async def _internal(_request: Request, exc: Exception) -> JSONResponse:
    log.error("internal error", exc_info=exc)
    return error_response(500, "internal", "internal error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(Exception, _internal)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": p.ErrorResponse, "description": text}
    for status, text in {
        400: "the body cannot be parsed (not JSON)",
        401: "missing, unknown (auth.invalid) or revoked (auth.revoked) device token",
        413: "request too large",
        422: "request does not match the schema",
        429: "rate limited (Retry-After)",
        503: "database unavailable (Retry-After)",
    }.items()
}
