"""FastAPI dependencies, as ``Annotated`` aliases the routes use (FastAPI template style).

``StateDep`` is the process's :class:`CentralState` (engine, session factory, storage, keys,
limiter). ``KioskDep`` authenticates the device token (401 ``auth.invalid``/``auth.revoked``,
:mod:`kiosk.central.token_check`: the kiosk's row read afresh on every request, so a revocation
holds at once) and applies the kiosk's rate limit (429); it yields a plain :class:`AuthedKiosk`
so no database session outlives the dependency. ``SessionDep`` is a session the route commits
itself: a commit must happen *before* the answer is built, never in dependency clean-up.

FastAPI runs a plain ``def`` dependency in the thread pool (a hand-off each way per request);
the dependencies that neither block nor touch the database are ``async def`` so they run on the
event loop directly. Only the token check, which waits for PostgreSQL, takes the thread pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk import protocol as p
from kiosk.central.http_errors import ApiError
from kiosk.central.limits import RateLimiter
from kiosk.central.settings import CentralSettings
from kiosk.central.storage import PageStorage
from kiosk.central.token_check import AuthedKiosk, kiosk_of_token


@dataclass
class CentralState:
    settings: CentralSettings
    engine: Engine
    factory: sessionmaker[Session]
    storage: PageStorage
    private_key: X25519PrivateKey
    public_pem: str
    limiter: RateLimiter


__all__ = ["AuthedKiosk", "CentralState", "KioskDep", "SessionDep", "StateDep"]


async def get_state(request: Request) -> CentralState:
    return request.app.state.central


StateDep = Annotated[CentralState, Depends(get_state)]


def get_session(state: StateDep) -> Iterator[Session]:
    with state.factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

# Declares the scheme in the OpenAPI document; the token itself is checked in current_kiosk.
_bearer = HTTPBearer(auto_error=False, description="device token from POST /enroll")


def rate_limit(state: CentralState, key: str) -> None:
    wait = state.limiter.retry_after(key)
    if wait is not None:
        raise ApiError(429, p.RATE_LIMITED, "too many requests", {"Retry-After": str(wait)})


def current_kiosk(
    request: Request,
    state: StateDep,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthedKiosk:
    authed = kiosk_of_token(state.engine, request.headers.get("authorization"))
    rate_limit(state, f"kiosk:{authed.id}")
    return authed


KioskDep = Annotated[AuthedKiosk, Depends(current_kiosk)]


async def no_unknown_query(request: Request) -> None:
    """Refuse query parameters a route does not declare (422): a typo must not pass silently."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        known |= {param.alias for param in current.query_params}
        pending += current.dependencies
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(422, p.REQUEST_INVALID, f"unknown query parameter: {unknown[0][:40]!r}")
