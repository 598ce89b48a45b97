"""``kiosk doctor``: what a help desk needs when a desk says "it doesn't work".

Checks (one module per group; ids as they appear in reports):

- :mod:`.database` — ``database.integrity``, ``database.migration``, ``keys.ring``;
- :mod:`.disk` — ``disk.space`` against a week offline;
- :mod:`.vault` — ``documents.vault``: referenced pages present and opening, no orphans;
- :mod:`.devices` — ``scanner.list``, ``scanner.test_scan``, ``printer.list``,
  ``printer.test_page`` (only when asked);
- :mod:`.central` — ``central.reach`` over TLS and ``central.clock`` (skew);
- :mod:`.system` — ``system.timezone``, ``system.versions``, ``logs.crashes`` (the app's
  crash reports of the last week);
- :mod:`.backups` — ``backup.recent``: daily backups on and recent.

:func:`run_checks` runs them, each bounded in time (:mod:`.runner`), into a :class:`Report` of
:class:`CheckResult` (ok / warning / failed, a sentence in Indonesian and English);
:func:`write_bundle` writes the help desk's ZIP with personal data masked (:mod:`.bundle`).

Invariants: the doctor changes nothing it examines (read-only database, no key created, no file
removed); no check needs Qt; no result and nothing in the ZIP carries personal data.
"""

from kiosk.doctor.bundle import write_bundle
from kiosk.doctor.context import Options
from kiosk.doctor.report import CheckResult, Report, Status
from kiosk.doctor.runner import CHECKS, run_checks

__all__ = ["CHECKS", "CheckResult", "Options", "Report", "Status", "run_checks", "write_bundle"]
