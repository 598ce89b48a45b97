"""The central's web console under ``/console/``: server-rendered pages for the people who work
with registrations (verifiers, MPP supervisors, administrators, viewers).

Built into the central's FastAPI app by :func:`install`: the console's routers, its static files
(``/console/static/``, shipped in this package: no CDN, no build step) and the handlers that turn
:class:`~kiosk.central.console.deps.LoginRequired` into a redirect to the log-in page (GET) or a
401, and forbidden/not-found/CSRF refusals into HTML pages in the viewer's language.

Modules: ``users`` (accounts, lock-out), ``sessions`` (cookies, idle timeout, CSRF), ``deps``
(current viewer, roles, MPP scope), ``templating`` (Jinja2, autoescape, security headers),
``texts`` (Indonesian and English), ``formatting`` (WIB/WITA/WIT), ``redirects`` (local ``next``
only), ``routes_*`` (one router per area), ``templates/`` and ``static/``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.requests import Request
    from starlette.responses import Response

    from kiosk.central.console.sessions import Viewer

Handler = Callable[["Request", Exception], Awaitable["Response"]]

STATIC_DIR = Path(__file__).parent / "static"


def _viewer(request: Request) -> Viewer | None:
    return getattr(request.state, "console_viewer", None)


async def _login_required(request: Request, _exc: Exception) -> Response:
    """A GET goes to the log-in page (and back after it); a form sent without a valid session
    (it ended while the page was open) is refused with 401 and a page that says so, in the
    language chosen before log-in, with the way back to the log-in."""
    from starlette.responses import RedirectResponse

    from kiosk.central.console.redirects import safe_next
    from kiosk.central.console.templating import render, secure

    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        location = f"/console/login?next={quote(safe_next(target), safe='/')}"
        return secure(RedirectResponse(location, status_code=303))
    return render(request, None, "error.html", status_code=401, kind="expired")


def _error_page(template_key: str, status_code: int) -> Handler:
    async def handler(request: Request, _exc: Exception) -> Response:
        from kiosk.central.console.templating import render

        return render(
            request, _viewer(request), "error.html", status_code=status_code, kind=template_key
        )

    return handler


def install(app: FastAPI) -> None:
    """Mount the console on the central's app."""
    from starlette.staticfiles import StaticFiles

    from kiosk.central.console import deps, routes_auth

    app.add_exception_handler(deps.LoginRequired, _login_required)
    app.add_exception_handler(deps.ConsoleForbidden, _error_page("forbidden", 403))
    app.add_exception_handler(deps.ConsoleNotFound, _error_page("not_found", 404))
    app.add_exception_handler(deps.CsrfRefused, _error_page("csrf", 403))
    app.include_router(routes_auth.router)
    for module in _page_modules():
        app.include_router(module.router)
    app.mount("/console/static", StaticFiles(directory=STATIC_DIR), name="console-static")


def _page_modules() -> list[ModuleType]:
    """Every ``routes_*.py`` router besides log-in; a new page module only needs to exist."""
    import importlib
    import pkgutil

    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("routes_") and info.name != "routes_auth"
    )
    return [importlib.import_module(f"{__name__}.{name}") for name in names]
