"""What the central writes back for a kiosk that brought a bundle: everything a sync would tell it.

After the bundle's versions and pages are applied (:mod:`kiosk.central.bundle_import`):

- the erasure reports it carried go through :func:`kiosk.central.erasure.receive_report`, the
  code behind ``POST /erasures``; the ids recorded go back, so the kiosk marks them reported;
- the pull feed's events after the cursor the bundle named are read with
  :func:`kiosk.central.feed.pull`, the code behind ``GET /pull`` (verdicts, staff, kiosk keys,
  reference data, erasure requests), page by page to the end;
- a revoked kiosk's bundle is applied not at all, but its answer says ``revoked``, so the kiosk
  erases what the central holds and locks itself as a sync's 401 would make it.

The answer is sealed for that kiosk with the bundle's reply key
(:func:`kiosk.bundlefile.confirmation.seal`): it carries personal data (staff records, reasons).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import protocol as p
from kiosk.bundlefile.confirmation import FORMAT_V2, seal

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kiosk.central.storage import PageStorage

FEED_PAGE = 1000


@dataclass
class Confirmation:
    bundle_id: str
    kiosk_id: str
    kiosk_code: str
    results: list[dict[str, Any]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # pages of the bundle the central holds
    erasures: list[str] = field(default_factory=list)  # erasure reports recorded (ids)
    events: list[dict[str, Any]] = field(default_factory=list)  # the feed after ``cursor_from``
    cursor_from: int | None = None  # None: the bundle named no cursor (an older kiosk)
    cursor: int | None = None
    revoked: bool = False

    def counts(self) -> dict[str, int]:
        out = {"stored": 0, "unchanged": 0, "conflict": 0, "invalid": 0}
        for r in self.results:
            out[r["outcome"]] = out.get(r["outcome"], 0) + 1
        return out

    def body(self) -> dict[str, Any]:
        return {"format": FORMAT_V2, **self.__dict__}

    def sealed(self, reply_key: bytes) -> bytes:
        return seal(self.body(), reply_key)


def receive_erasures(
    engine: Engine, storage: PageStorage, reports: list[p.ErasureReport],
    confirmation: Confirmation,
) -> None:  # fmt: skip
    """The bundle's erasure reports, as ``POST /erasures`` takes them."""
    from kiosk.central.db import session_factory
    from kiosk.central.erasure import receive_report

    factory = session_factory(engine)
    for report in reports:
        confirmation.erasures += receive_report(
            factory, storage, confirmation.kiosk_id, confirmation.kiosk_code, report
        )


def add_feed(engine: Engine, confirmation: Confirmation, cursor: object) -> None:
    """The feed's events for this kiosk after ``cursor`` (the bundle's), as ``GET /pull``."""
    from sqlalchemy import select

    from kiosk.central import feed
    from kiosk.central.db import session_factory, session_scope
    from kiosk.central.models import Kiosk

    if not isinstance(cursor, int) or isinstance(cursor, bool) or not 0 <= cursor < 2**31:
        return
    confirmation.cursor_from = confirmation.cursor = cursor
    with session_scope(session_factory(engine)) as session:
        kiosk = session.scalar(select(Kiosk).where(Kiosk.id == confirmation.kiosk_id))
        assert kiosk is not None
        while True:
            answer = feed.pull(session, kiosk, confirmation.cursor, FEED_PAGE)
            confirmation.events += [e.model_dump(mode="json") for e in answer.events]
            if answer.cursor == confirmation.cursor or not answer.has_more:
                confirmation.cursor = answer.cursor
                return
            confirmation.cursor = answer.cursor


def write_confirmation(confirmation: Confirmation, reply_key: bytes, target: Path) -> Path:
    """Written durably and readable only by its owner: it holds personal data, sealed."""
    from kiosk.fsutil import atomic_write_bytes

    atomic_write_bytes(target, confirmation.sealed(reply_key), mode=0o600)
    return target
