"""``central.reach`` and ``central.clock``: the central answers over TLS, and the clocks agree.

Only when the kiosk is enrolled (a sealed device token in ``sync_state``). One unauthenticated
``GET /api/v1/health`` (the central's load-balancer probe: it reaches the central's database
too), no retries, :data:`CONNECT_TIMEOUT_S`/:data:`READ_TIMEOUT_S` bounded, with the same TLS
trust as the sync client (httpx's defaults: the system's CAs, ``SSL_CERT_FILE`` when set).

Clock skew is read from the answer's ``Date`` header against the local clock at the request's
midpoint (the header has one-second resolution, so skews under :data:`CLOCK_OK_S` are fine).
A wrong clock misdates receipts and registration numbers and can make TLS certificates look
expired; beyond :data:`CLOCK_FAILED_S` it fails.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import ssl
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from kiosk.doctor.context import Context
from kiosk.doctor.report import CheckResult, failed, ok, warning, with_facts

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 10.0
CLOCK_OK_S = 60
CLOCK_FAILED_S = 600


def _enrolment(ctx: Context) -> tuple[str, bool] | None:
    """(central URL, revoked) when the kiosk is enrolled, else None."""
    if not ctx.paths.database.exists():
        return None
    try:
        with ctx.connect(5.0) as conn:
            if not ctx.has_table(conn, "sync_state"):
                return None
            row = conn.execute(
                "SELECT central_url, token_sealed IS NOT NULL, revoked FROM sync_state"
            ).fetchone()
    except sqlite3.Error:
        return None
    if row is None or not row[1] or not row[0]:
        return None
    return str(row[0]), bool(row[2])


def _tls_failure(exc: BaseException) -> str | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return str(getattr(seen, "verify_message", "") or seen.reason or "TLS")[:120]
        seen = seen.__cause__ or seen.__context__
    return None


def check_central(ctx: Context) -> list[CheckResult]:
    import httpx

    from kiosk.protocol import API_PREFIX

    enrolment = _enrolment(ctx)
    unmeasured = ok("central.clock", "doctor.clock.unmeasured")
    if enrolment is None:
        return [warning("central.reach", "doctor.central.not_enrolled"), unmeasured]
    url, revoked = enrolment
    parts = urlsplit(url)
    host = parts.netloc or url
    timeout = httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
    before, started = dt.datetime.now(dt.UTC), time.monotonic()
    try:
        from kiosk.sync import tls as central_tls  # the key pinned at enrolment, as sync checks

        pinned = central_tls.context_for(
            url, ctx.setting(central_tls.SETTING), ctx.setting(central_tls.SETTING_CA, False)
        )
        verify = pinned if pinned is not None else True
        with httpx.Client(timeout=timeout, follow_redirects=False, verify=verify) as client:
            response = client.get(url.rstrip("/") + API_PREFIX + "/health")
    except httpx.HTTPError as exc:
        tls = _tls_failure(exc)
        if tls is not None:
            return [failed("central.reach", "doctor.central.tls", host=host, reason=tls),
                    unmeasured]  # fmt: skip
        reason = str(exc)[:120] or type(exc).__name__
        return [failed("central.reach", "doctor.central.unreachable", host=host, reason=reason),
                unmeasured]  # fmt: skip
    elapsed = time.monotonic() - started
    midpoint = before + dt.timedelta(seconds=elapsed / 2)
    ms = round(elapsed * 1000)
    if revoked:
        reach = failed("central.reach", "doctor.central.revoked", host=host)
    elif response.status_code != 200:
        reach = failed("central.reach", "doctor.central.http_error", host=host,
                       status=response.status_code)  # fmt: skip
    elif parts.scheme != "https":
        reach = warning("central.reach", "doctor.central.plain", host=host)
    else:
        reach = ok("central.reach", "doctor.central.ok", host=host, ms=ms)
    return [with_facts(reach, ms=ms, scheme=parts.scheme), _clock(response, midpoint)]


def _clock(response: object, midpoint: dt.datetime) -> CheckResult:
    header = getattr(response, "headers", {}).get("date")
    try:
        server = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        server = None
    if server is None:
        return ok("central.clock", "doctor.clock.unmeasured")
    skew = (midpoint - server).total_seconds()
    seconds = abs(round(skew))
    if abs(skew) <= CLOCK_OK_S:
        return with_facts(ok("central.clock", "doctor.clock.ok", seconds=seconds), skew_s=skew)
    direction = "doctor.clock.ahead" if skew > 0 else "doctor.clock.behind"
    make = failed if abs(skew) > CLOCK_FAILED_S else warning
    result = make("central.clock", "doctor.clock.skewed", seconds=seconds, direction=direction)
    return with_facts(result, skew_s=skew)
