"""KBLI 2020 (Klasifikasi Baku Lapangan Usaha Indonesia, Peraturan BPS No. 2/2020): 1,789 codes.

Only the five-digit *kelompok* codes are valid on a registration (OSS issues NIBs with them).
Titles are the BPS upper-case form; :attr:`KbliEntry.display_title` gives a readable form.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.reference.datasets import DatasetSource, read_rows
from kiosk.reference.regions import fold


@dataclass(frozen=True, slots=True)
class KbliEntry:
    code: str  # "10710"
    title: str  # "INDUSTRI PRODUK ROTI DAN KUE"
    category: str  # "C"
    category_title: str  # "INDUSTRI PENGOLAHAN"
    group_title: str  # golongan pokok (first two digits)

    @property
    def display_title(self) -> str:
        """``"Industri Produk Roti Dan Kue"`` (title case for lists; the record keeps the code)."""
        return self.title.title()


class Kbli:
    def __init__(self, source: DatasetSource) -> None:
        self.source = source
        self.version = source.version
        categories = dict(read_rows(source, "kbli2020_categories.csv"))
        groups = {row[0]: row[1] for row in read_rows(source, "kbli2020_golongan_pokok.csv")}
        self.entries: dict[str, KbliEntry] = {}
        for code, title, category in read_rows(source, "kbli2020.csv"):
            self.entries[code] = KbliEntry(
                code, title, category, categories.get(category, ""), groups.get(code[:2], "")
            )
        self._folded = [(fold(e.title), e) for e in self.entries.values()]

    def get(self, code: str) -> KbliEntry | None:
        return self.entries.get(code.strip())

    def search(self, text: str, limit: int = 20) -> list[KbliEntry]:
        """Digits: codes starting with them. Words: titles containing every word (word starts)."""
        query = fold(text[:200])
        if not query or limit <= 0:
            return []
        compact = query.replace(" ", "")
        if compact.isdigit():
            return [e for code, e in self.entries.items() if code.startswith(compact)][:limit]
        tokens = [" " + t for t in query.split()]
        ranked: list[tuple[int, str, KbliEntry]] = []
        for folded, entry in self._folded:
            spaced = " " + folded
            if all(t in spaced for t in tokens):
                rank = 0 if folded.startswith(query) else 1
                ranked.append((rank, entry.code, entry))
        if not ranked:  # fall back to plain substrings: "roti" also finds "ROTI" inside words
            for folded, entry in self._folded:
                if query in folded:
                    ranked.append((2, entry.code, entry))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [entry for _, _, entry in ranked[:limit]]
