"""Offline reference data: regions down to the village, KBLI 2020; versioned and updatable.

``Reference.load()`` returns a cached instance (loading takes a few hundred milliseconds once;
threads share it). Which copy of each data set is used: an update installed in
``<data_dir>/reference/`` (see :mod:`kiosk.reference.datasets`) or else the bundled
``resources/data`` copy. ``Reference.load(data_dir)`` also makes that instance the default that
later ``Reference.load()`` calls return, so the app calls it once with its data folder at start-up;
without it, ``KIOSK_DATA_DIR`` is honoured. After sync installed an update, call
:meth:`Reference.reset` and load again.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import NamedTuple

from kiosk.reference.checklist import Checklist, resolve_checklist
from kiosk.reference.datasets import (
    DATASETS,
    DatasetSource,
    install_dataset,
    install_dataset_rows,
    read_rows,
    remove_override,
    resolve_source,
)
from kiosk.reference.kbli import Kbli, KbliEntry
from kiosk.reference.regions import Region, Regions, VillageHit

__all__ = [
    "DATASETS",
    "Bank",
    "KbliEntry",
    "Reference",
    "Region",
    "VillageHit",
    "install_dataset",
    "install_dataset_rows",
    "remove_override",
]


class Bank(NamedTuple):
    code: str  # three-digit interbank code (informational, see resources/data/banks/SOURCE.md)
    name: str


_lock = threading.Lock()
_cache: dict[tuple[object, ...], Reference] = {}  # by the sources in use
_by_dir: dict[Path | None, Reference] = {}  # by data folder: no file checks on repeated loads
_default: Reference | None = None


class Reference:
    """Regions and KBLI with the look-ups the pickers and validators need."""

    def __init__(
        self, regions: Regions, kbli: Kbli, banks: DatasetSource, checklist: Checklist
    ) -> None:
        self._regions = regions
        self._kbli = kbli
        self._banks_source = banks
        self._banks = [Bank(code, name) for code, name in read_rows(banks, "banks.csv")]
        self.checklist = checklist  # the document checklist (kiosk.reference.checklist)

    # -- loading -----------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: str | os.PathLike[str] | None = None) -> Reference:
        global _default
        explicit = data_dir is not None
        if not explicit and _default is not None:
            return _default
        if not explicit and os.environ.get("KIOSK_DATA_DIR"):
            data_dir = os.environ["KIOSK_DATA_DIR"]
        root = Path(data_dir) if data_dir is not None else None
        ref = _by_dir.get(root)
        if ref is None:
            with _lock:
                sources = tuple(resolve_source(name, root) for name in DATASETS)
                checklist = resolve_checklist(root)
                key = (*sources, checklist.version)
                ref = _cache.get(key)
                if ref is None:
                    by_name = dict(zip(DATASETS, sources, strict=True))
                    ref = cls(
                        Regions(by_name["regions"]),
                        Kbli(by_name["kbli"]),
                        by_name["banks"],
                        checklist,
                    )
                    _cache.clear()  # keep one copy in memory; an update replaces the old one
                    _cache[key] = ref
                _by_dir[root] = ref
        if explicit:
            _default = ref
        return ref

    @classmethod
    def reset(cls) -> None:
        """Forget loaded data (after an update was installed, and between tests)."""
        global _default
        with _lock:
            _cache.clear()
            _by_dir.clear()
            _default = None

    @property
    def versions(self) -> dict[str, str]:
        """``{"regions": …, "kbli": …, "checklist": …}``: what the kiosk reports to the central."""
        return {
            "regions": self._regions.version,
            "kbli": self._kbli.version,
            "banks": self._banks_source.version,
            "checklist": self.checklist.version,
        }

    @property
    def overridden(self) -> dict[str, bool]:
        """Which data sets come from an update in the data folder rather than the bundled copy."""
        return {
            "regions": self._regions.source.override,
            "kbli": self._kbli.source.override,
            "banks": self._banks_source.override,
        }

    # -- regions -----------------------------------------------------------------------------
    def provinces(self) -> list[Region]:
        return self._regions.children("")

    def regencies(self, province_code: str) -> list[Region]:
        return self._regions.children(province_code) if len(province_code) == 2 else []

    def districts(self, regency_code: str) -> list[Region]:
        return self._regions.children(regency_code) if len(regency_code) == 5 else []

    def villages(self, district_code: str) -> list[Region]:
        return self._regions.children(district_code) if len(district_code) == 8 else []

    def region(self, code: str) -> Region | None:
        """Any level by code (``"65"``, ``"65.71"``, ``"65.71.01"``, ``"65.71.01.1001"``)."""
        return self._regions.region(code)

    def region_path(self, code: str) -> list[Region]:
        """From the province down to ``code``; empty when ``code`` is unknown."""
        path: list[Region] = []
        region = self.region(code)
        while region is not None:
            path.append(region)
            region = self.region(region.parent_code) if region.parent_code else None
        return path[::-1]

    def village_hit(self, code: str) -> VillageHit | None:
        """The full-path entry of one village (what the picker shows for a saved draft)."""
        i = self._regions.village_index(code)
        return None if i is None else self._regions.village_hit(i)

    def prepare_search(self) -> None:
        """Build the village type-ahead index ahead of the first search (off the GUI thread)."""
        self._regions.prepare_search()

    def search_villages(self, text: str, limit: int = 20) -> list[VillageHit]:
        return self._regions.search_villages(text, limit)

    def counts(self) -> dict[str, int]:
        return self._regions.counts()

    # -- KBLI --------------------------------------------------------------------------------
    def kbli(self, code: str) -> KbliEntry | None:
        return self._kbli.get(code)

    def search_kbli(self, text: str, limit: int = 20) -> list[KbliEntry]:
        return self._kbli.search(text, limit)

    def kbli_count(self) -> int:
        return len(self._kbli.entries)

    # -- banks -------------------------------------------------------------------------------
    def banks(self) -> list[Bank]:
        """Pick list for the bank field (state, large, digital banks, then the BPDs).

        Not a closed set: ``bank.bank`` accepts any name (BPRs are not listed).
        """
        return list(self._banks)

    def bank(self, code: str) -> Bank | None:
        return next((b for b in self._banks if b.code == code), None)
