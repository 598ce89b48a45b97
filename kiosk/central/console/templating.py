"""Rendering console pages: one Jinja2 environment, autoescaping everything, security headers.

Every page goes through :func:`render`, which gives templates ``t`` (texts in the viewer's
language), ``fmt`` (times in the viewer's zone, :class:`Formatter`), ``viewer``, ``csrf_token``,
``nav`` and ``request``. Autoescape is on for every template (``.html`` or not): a business name
like ``<script>`` is shown as text, never run. Pages carry personal data, so they are never cached
(``Cache-Control: no-store``), and a strict Content-Security-Policy allows only the console's own
scripts and styles (no inline script: a stored script could not run even if escaping failed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from kiosk import i18n
from kiosk.central.console import texts
from kiosk.central.console.field_values import field_value
from kiosk.central.console.formatting import ZONE_CHOICES, Formatter
from kiosk.central.console.sessions import LANG_COOKIE
from kiosk.i18n import as_lang

if TYPE_CHECKING:
    import jinja2
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response

    from kiosk.central.console.sessions import Viewer

SECURITY_HEADERS: Mapping[str, str] = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
}

_ITEM = re.compile(r"^([a-z_.]+)\[(\d+)\]\.(.+)$")
_LAST_ITEM = re.compile(r"^([a-z_.]+)\[(\d+)\]$")

# (path, text key, roles that see it; empty = everyone logged in)
NAV: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("/console/queue", "nav.queue", frozenset()),
    ("/console/dashboard", "nav.dashboard", frozenset()),
    ("/console/kiosks", "nav.kiosks", frozenset({"admin", "supervisor"})),
    ("/console/staff", "nav.staff", frozenset({"admin", "supervisor"})),
    ("/console/bundles", "nav.bundles", frozenset({"admin", "supervisor"})),  # routes_bundles.py
    ("/console/sessions", "nav.sessions", frozenset()),  # routes_intake_sessions.py
    ("/console/users", "nav.users", frozenset({"admin"})),
    ("/console/subjects", "nav.subjects", frozenset({"admin"})),  # routes_subjects.py
    ("/console/products", "nav.products", frozenset()),  # routes_products.py
    ("/console/export/", "nav.export", frozenset()),
)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("kiosk.central.console", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=4096)
def region_name(code: str) -> str:
    """``Kota Samarinda`` for ``64.72``; the code itself when the reference data lacks it."""
    if not code:
        return ""
    from kiosk.reference import Reference

    region = Reference.load().region(code)
    return region.name if region is not None else code


def secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def page_language(request: Request, viewer: Viewer | None) -> str:
    if viewer is not None:
        return as_lang(viewer.language)
    return as_lang(request.cookies.get(LANG_COOKIE))


def render(
    request: Request,
    viewer: Viewer | None,
    template: str,
    *,
    status_code: int = 200,
    csrf_token: str = "",
    **context: object,
) -> HTMLResponse:
    from starlette.responses import HTMLResponse

    lang = page_language(request, viewer)
    fmt = Formatter(lang, viewer.time_zone if viewer else "")

    def t(key: str, **params: object) -> str:
        return texts.text(key, as_lang(lang), **params)

    def translate(code: str) -> str:
        """A message of the core's catalogue (e.g. a checklist item's label) in this language."""
        return i18n.tr(code, as_lang(lang))

    def field_label(path: str) -> str:
        """``owner.full_name`` → "Nama lengkap pemilik"; ``products[2].name`` → "Produk 2 · Nama";
        a path without a label is shown as it is."""
        match = _ITEM.match(path)
        if match:
            head, number, rest = match.groups()
            return f"{field_label(head)} {number} · {field_label(head + '.' + rest)}"
        match = _LAST_ITEM.match(path)
        if match:
            return f"{field_label(match.group(1))} {match.group(2)}"
        key = "field." + path
        return texts.text(key, as_lang(lang)) if texts.has("field", path) else path

    def tl(prefix: str, value: str) -> str:
        """The label of a code (``tl("legal_form", "cv")``); an unknown code is shown as it is."""
        return texts.text(f"{prefix}.{value}", as_lang(lang)) if texts.has(prefix, value) else value

    def value_of(path: str, value: str) -> str:
        """A stored field's value for a person (:mod:`kiosk.central.console.field_values`)."""
        return field_value(path, value, fmt=fmt, label_of=tl, region_name=region_name)

    nav = [
        (path, key, path.rstrip("/") == request.url.path.rstrip("/"))
        for path, key, roles in NAV
        if viewer is not None and (not roles or viewer.role in roles)
    ]
    body = (
        environment()
        .get_template(template)
        .render(
            request=request,
            viewer=viewer,
            lang=lang,
            t=t,
            tl=tl,
            translate=translate,
            field_label=field_label,
            field_value=value_of,
            region_name=region_name,
            fmt=fmt,
            nav=nav,
            zones=ZONE_CHOICES,
            csrf_token=csrf_token or (viewer.csrf_token if viewer else ""),
            current_path=request.url.path,
            **context,
        )
    )
    response = HTMLResponse(body, status_code=status_code)
    secure(response)
    return response
