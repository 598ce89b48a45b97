"""The doctor's results: one :class:`CheckResult` per check, gathered in a :class:`Report`.

A result is what a help desk and a settings tab both need: a stable ``id``
(``"database.integrity"``), a :class:`Status`, a message code with its parameters (rendered in
either language on demand, so the same result serves ``KIOSK_LANG=en`` on the command line and the
app's language switch), and ``facts``: the measured numbers behind the sentence.

Invariants:

- ``params`` and ``facts`` hold counts, sizes, versions, paths of the data folder, device and
  queue names, and message codes; never a registration's content (names, NIK, phone, account
  numbers). A check that meets personal data reduces it to a count before it builds a result.
- Every message code is registered in :mod:`kiosk.doctor.messages` in both languages; a result
  renders to a sentence that says what was found and what to do.
- The exit status is the worst status: 0 all ok, 1 a warning, 2 a failure (``kiosk doctor``
  returns it, so a script or a supervisor's shortcut can tell at once).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.doctor import messages as _messages  # noqa: F401  (registers the texts)
from kiosk.doctor import messages_env as _messages_env  # noqa: F401  (registers the texts)
from kiosk.errors import UserFacingError
from kiosk.i18n import LANGS, Lang, tr


@dataclass(frozen=True)
class Said:
    """Another part's message (e.g. a scanner's error) quoted inside a doctor sentence, so it is
    rendered in the same language as the sentence around it."""

    code: str
    params: dict[str, str | int | float] = field(default_factory=dict)

    @classmethod
    def of(cls, exc: UserFacingError) -> Said:
        return cls(exc.code, {k: v for k, v in exc.params.items() if isinstance(v, str | int)})

    def text(self, lang: Lang) -> str:
        return tr(self.code, lang, **self.params)


Fact = str | int | float | bool | None
Param = Fact | Said


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"

    @property
    def rank(self) -> int:
        return {"ok": 0, "warning": 1, "failed": 2}[self.value]


@dataclass(frozen=True)
class CheckResult:
    """One check's finding: ``status`` and a sentence (``code`` + ``params``) in both languages."""

    id: str
    status: Status
    code: str
    params: dict[str, Param] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)

    def text(self, lang: Lang = "id") -> str:
        rendered = {k: v.text(lang) if isinstance(v, Said) else v for k, v in self.params.items()}
        return tr(self.code, lang, **rendered)

    def texts(self) -> dict[str, str]:
        return {lang: self.text(lang) for lang in LANGS}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status.value,
            "code": self.code,
            "text": self.texts(),
            "facts": {
                **{k: v.code if isinstance(v, Said) else v for k, v in self.params.items()},
                **self.facts,
            },
        }


def ok(check_id: str, code: str, **params: Param) -> CheckResult:
    return CheckResult(check_id, Status.OK, code, dict(params))


def warning(check_id: str, code: str, **params: Param) -> CheckResult:
    return CheckResult(check_id, Status.WARNING, code, dict(params))


def failed(check_id: str, code: str, **params: Param) -> CheckResult:
    return CheckResult(check_id, Status.FAILED, code, dict(params))


def with_facts(result: CheckResult, **facts: Fact) -> CheckResult:
    """``result`` carrying more measured numbers (they appear in ``--json``, not in the text)."""
    return CheckResult(
        result.id, result.status, result.code, result.params, {**result.facts, **facts}
    )


@dataclass
class Report:
    """All results of one run, in the order the checks ran."""

    results: list[CheckResult]
    data_dir: str
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    skipped: list[str] = field(default_factory=list)

    @property
    def status(self) -> Status:
        worst = max((r.status for r in self.results), key=lambda s: s.rank, default=Status.OK)
        return Status(worst)

    @property
    def exit_status(self) -> int:
        return self.status.rank

    def to_dict(self) -> dict[str, Any]:
        return {
            "kiosk_doctor": 1,
            "status": self.status.value,
            "started_at": self.started_at.isoformat(),
            "data_dir": self.data_dir,
            "skipped": list(self.skipped),
            "checks": [r.to_dict() for r in self.results],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self, lang: Lang = "id") -> str:
        mark = {Status.OK: "OK  ", Status.WARNING: "WARN", Status.FAILED: "FAIL"}
        lines = [f"[{mark[r.status]}] {r.id}: {r.text(lang)}" for r in self.results]
        lines.append(tr(f"doctor.summary.{self.status.value}", lang))
        if self.skipped:
            lines.append(tr("doctor.summary.skipped", lang, checks=", ".join(self.skipped)))
        return "\n".join(lines)
