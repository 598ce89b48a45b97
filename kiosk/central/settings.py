"""Configuration of one central process, and the layout of its data folder.

The data folder holds what is not in the database: the central's X25519 document key
(``keys/central_x25519.pem``) and the page store (``pages/``, with partial uploads under
``partial/``). Several processes serving one PostgreSQL must share this folder (or, later, an
S3-compatible store behind :class:`kiosk.central.storage.PageStorage` plus the key from a secret
store); everything else they share through the database, so any of them can answer any request.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.protocol import MAX_PAGE_BYTES, MAX_PUSH_BYTES

DATABASE_FILE = "central.sqlite3"
#: Untagged registration IDs (plain UUIDv7s of kiosks before IDs were bound to their key,
#: kiosk.security.regid) are accepted as new only when made before this time: the release of
#: the bound IDs. Set $KIOSK_CENTRAL_LEGACY_ID_CUTOFF later when kiosks were upgraded later.
LEGACY_ID_CUTOFF = "2026-12-03T00:00:00+00:00"


def legacy_id_cutoff() -> str:
    """``$KIOSK_CENTRAL_LEGACY_ID_CUTOFF`` (ISO 8601, UTC when no offset is given), else
    :data:`LEGACY_ID_CUTOFF`."""
    return os.environ.get("KIOSK_CENTRAL_LEGACY_ID_CUTOFF", "").strip() or LEGACY_ID_CUTOFF


def unsigned_until() -> str:
    """``$KIOSK_CENTRAL_UNSIGNED_UNTIL`` (ISO 8601, UTC when no offset is given), else "": no
    transition window for unsigned pushes of older kiosks (:mod:`kiosk.central.transition`)."""
    return os.environ.get("KIOSK_CENTRAL_UNSIGNED_UNTIL", "").strip()


def parse_cutoff(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def legacy_ids_before(cutoff: str, until: str) -> dt.datetime:
    """Untagged IDs are accepted as new when made before this: the cutoff, or the end of the
    rolling upgrade's window (``until``) when that is later, because a kiosk still on the older
    app makes untagged IDs until it is upgraded (see :mod:`kiosk.central.transition`)."""
    moment = parse_cutoff(cutoff)
    return max(moment, parse_cutoff(until)) if until else moment


def default_data_dir() -> Path:
    """``$KIOSK_CENTRAL_DIR``, else ``central/`` inside the user data folder (platformdirs)."""
    if os.environ.get("KIOSK_CENTRAL_DIR"):
        return Path(os.environ["KIOSK_CENTRAL_DIR"]).expanduser().resolve()
    from kiosk.config import resolve_data_dir

    return resolve_data_dir() / "central"


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / DATABASE_FILE}"


@dataclass(frozen=True)
class CentralSettings:
    """Everything :func:`kiosk.central.app.create_app` needs.

    Rate limits are per kiosk (per client address for enrolment) and per process: a token bucket
    of ``rate_burst`` requests refilled at ``rate_per_second``. With N processes behind a load
    balancer a kiosk may get up to N times that; the limit protects the service from a runaway
    client, it is not an accounting quota, so it does not need shared state.
    """

    data_dir: Path
    database_url: str = ""  # empty: the SQLite file in data_dir
    migrate: bool = True  # run Alembic to head when the app is created
    max_json_bytes: int = MAX_PUSH_BYTES
    max_page_bytes: int = MAX_PAGE_BYTES  # at most the protocol's limit
    rate_per_second: float = 50.0
    rate_burst: int = 300
    # admission control per process (kiosk.central.admission): requests at work at once, how
    # many may wait for a slot and how long (below the kiosk's 30 s read timeout); beyond that
    # 503 central.busy + Retry-After. processes × max_in_flight < PostgreSQL's max_connections.
    # 8: each request at work may hold a buffered JSON body (2 MB page batches, pushes up to
    # 8 MB) and its parsed copy, so this bounds a worker's memory (bench_province: 278 MB at 16),
    # and a core gains nothing from more than a few requests at once.
    max_in_flight: int = 8
    max_queued: int = 512
    max_queue_wait_s: float = 10.0
    upload_idle_timeout_s: float = 30.0  # a stalled upload is cut and kept as a partial
    # the console's bundle upload, all parts together (a 1,000-registration bundle with scans is
    # about 110 MB); larger bundles go through `kiosk central import-bundle` on the server
    max_bundle_upload_bytes: int = 1024 * 1024 * 1024
    # the address kiosks use, put in the console's enrolment QR codes; empty: the address the
    # supervisor's browser used (right unless a proxy rewrites it): $KIOSK_CENTRAL_PUBLIC_URL
    public_url: str = field(default_factory=lambda: os.environ.get("KIOSK_CENTRAL_PUBLIC_URL", ""))

    # the pin (sha256/ + base64 of the SPKI's SHA-256) of the certificate kiosks meet, put in the
    # enrolment link; empty: taken from --ssl-certfile when the central serves TLS itself. Set
    # $KIOSK_CENTRAL_TLS_PIN when a proxy in front holds another certificate.
    tls_pin: str = field(default_factory=lambda: os.environ.get("KIOSK_CENTRAL_TLS_PIN", ""))
    # a NEW registration's untagged ID must have been made before this (see LEGACY_ID_CUTOFF)
    legacy_id_cutoff: str = field(default_factory=legacy_id_cutoff)
    # until when kiosks still on an older app may push unsigned versions ("": never; see
    # kiosk.central.transition): the rolling upgrade's window, closed by default
    unsigned_until: str = field(default_factory=unsigned_until)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir).expanduser().resolve())
        if not self.database_url:
            object.__setattr__(self, "database_url", sqlite_url(self.data_dir))
        parse_cutoff(self.legacy_id_cutoff)  # a wrong date fails at start, not at a push
        if self.unsigned_until:
            parse_cutoff(self.unsigned_until)

    @property
    def legacy_ids_before(self) -> dt.datetime:
        return legacy_ids_before(self.legacy_id_cutoff, self.unsigned_until)

    @property
    def unsigned_window_end(self) -> dt.datetime | None:
        return parse_cutoff(self.unsigned_until) if self.unsigned_until else None

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def storage_dir(self) -> Path:
        return self.data_dir
