"""Checking a hash-chained audit trail: which entry was changed, removed, moved or cut off.

Used for the kiosk's own log (:mod:`kiosk.store.audit_chain`) and for the central's trail
(:mod:`kiosk.central.audit`): both hand over their entries as :class:`Link` (the stored
``seq``/``prev_hash``/``entry_hash`` and the hash recomputed from the stored texts) and the anchors
(``seq``, hash) someone else kept.

What each finding means (``kind``):

- ``changed``: the entry's texts no longer give its stored hash (edited in place);
- ``removed``: ``seq`` numbers jump (the entries in between are gone; ``seq`` is the first);
- ``moved``: the entry's link points at another entry than the one before it (entries swapped or
  one taken out and the rest renumbered); ``after`` says which entry it followed when written;
- ``relinked``: the link matches no entry at all (the entry before it was changed and re-hashed,
  or the chain was rebuilt from that point);
- ``truncated``: an anchor names an entry beyond the end of the log (the newest entries removed);
- ``unchained``: a row without a place in the chain (inserted around the one writing function);
- ``rewritten``: the entry an anchor names has another hash (everything up to it was recomputed
  after a change: the chain is consistent in itself but not the one the anchor saw).

A consistent chain with no anchor cannot show a removed tail; the reports say so
(:attr:`Report.anchored_to`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

GENESIS = "0" * 64
MAX_FINDINGS = 200


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    entry_hash: str
    computed: str  # the hash recomputed from the stored texts


@dataclass(frozen=True)
class Finding:
    kind: str
    seq: int
    detail: str = ""
    after: int | None = None

    def describe(self, lang: str = "id") -> str:
        """One sentence for a person, Indonesian by default."""
        texts = _TEXTS_ID if lang == "id" else _TEXTS_EN
        return texts[self.kind].format(seq=self.seq, detail=self.detail, after=self.after)


_TEXTS_EN = {
    "changed": "entry {seq} was changed (its content does not give its hash)",
    "removed": "entries {detail} were removed (the numbers jump past them)",
    "moved": "entry {seq} is out of place (it was written after entry {after})",
    "relinked": "entry {seq} links to no entry of this log (the one before it was changed and "
    "re-hashed)",
    "truncated": "the log ends before entry {seq}, which the central anchored (newest entries "
    "removed)",
    "unchained": "row {seq} is not part of the chain (written around it)",
    "rewritten": "entry {seq} differs from the hash the central anchored (the log up to it was "
    "rewritten)",
}
_TEXTS_ID = {
    "changed": "entri {seq} diubah (isinya tidak lagi menghasilkan hash-nya)",
    "removed": "entri {detail} dihapus (nomor urutnya melompat)",
    "moved": "entri {seq} tidak pada tempatnya (ditulis setelah entri {after})",
    "relinked": "entri {seq} tidak tersambung ke entri mana pun (entri sebelumnya diubah dan "
    "di-hash ulang)",
    "truncated": "log berakhir sebelum entri {seq} yang dijangkarkan pusat (entri terbaru dihapus)",
    "unchained": "baris {seq} bukan bagian dari rantai (ditulis di luar fungsi pencatat)",
    "rewritten": "entri {seq} berbeda dari hash yang dijangkarkan pusat (log sampai entri itu "
    "ditulis ulang)",
}


@dataclass
class Report:
    entries: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    anchored_to: int = 0  # the newest anchor's seq that matched (0: none)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def add_unchained(self, row_id: int) -> None:
        """A row outside the chain (no number): written around the one function, or inserted."""
        self.add(Finding("unchained", row_id))

    def add(self, finding: Finding) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)


def verify(links: Sequence[Link], anchors: Iterable[tuple[int, str]] = ()) -> Report:
    """Check ``links`` (in ``seq`` order, as read) and the ``anchors`` against them."""
    report = Report(entries=len(links))
    by_hash = {link.entry_hash: link.seq for link in links}
    prev_seq, prev_hash = 0, GENESIS
    for link in links:
        if link.computed != link.entry_hash:
            report.add(Finding("changed", link.seq))
        if link.seq <= prev_seq:  # cannot come from ORDER BY id, but a foreign export might
            report.add(Finding("moved", link.seq, after=prev_seq))
        elif link.seq != prev_seq + 1:
            gone = (
                f"{prev_seq + 1}" if link.seq == prev_seq + 2 else f"{prev_seq + 1}–{link.seq - 1}"
            )
            report.add(Finding("removed", prev_seq + 1, gone))
        if link.prev_hash != prev_hash:
            origin = 0 if link.prev_hash == GENESIS else by_hash.get(link.prev_hash)
            if origin is not None and origin != prev_seq:
                report.add(Finding("moved", link.seq, after=origin))
            elif link.seq == prev_seq + 1 and origin is None:
                report.add(Finding("relinked", link.seq))
        prev_seq, prev_hash = link.seq, link.entry_hash
    report.head_seq, report.head_hash = prev_seq, prev_hash
    stored = {link.seq: link.entry_hash for link in links}
    for seq, expected in sorted(set(anchors)):
        if seq == 0:
            continue
        if seq > prev_seq:
            report.add(Finding("truncated", seq))
        elif stored.get(seq) != expected:
            report.add(Finding("rewritten", seq))
        else:
            report.anchored_to = max(report.anchored_to, seq)
    return report
