"""The document checklist as data: the versioned ``resources/data/checklist.json``, or a newer
version the central pushed (installed like the other reference data sets).

This module reads and checks the document; which documents a given registration needs is the
domain's rule (:mod:`kiosk.domain.checklist`). Conditions are a fixed, small vocabulary
(:data:`CONDITIONS`), and document types and legal forms must be in the code lists
(:mod:`kiosk.reference.codes`): an unknown one is a broken file, not a silently ignored rule, and a
broken pushed file falls back to the bundled one (:func:`resolve_checklist`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.config import resources_dir
from kiosk.i18n import register
from kiosk.reference.codes import DocumentType, LegalForm
from kiosk.reference.datasets import override_root
from kiosk.reference.pushed import version_key

log = logging.getLogger(__name__)

CONDITIONS = ("legal_form", "pkp", "is_owner", "tkdn_claimed")


@dataclass(frozen=True)
class Checklist:
    version: str
    rules: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def bundled_checklist() -> Checklist:
    return parse_checklist(json.loads(checklist_file().read_text("utf-8")))


def checklist_file() -> Path:
    return resources_dir() / "data" / "checklist.json"


def parse_checklist(data: dict[str, Any]) -> Checklist:
    """Check a checklist document and register its texts (``ValueError`` when malformed).

    Message codes carry the version (``checklist.2026.1.item.3``), so a pushed checklist can
    change a text without clashing with the one already in the catalogue.
    """
    version = str(data["version"])
    prefix = f"checklist.{version}"
    reasons = data["reasons"]
    messages: dict[str, dict[str, str]] = {}
    rules = []
    for n, item in enumerate(data["items"]):
        DocumentType(item["doc_type"])
        unknown = set(item["when"]) - set(CONDITIONS)
        if unknown:
            raise ValueError(f"checklist item {n}: unknown condition {sorted(unknown)}")
        for form in item["when"].get("legal_form", []):
            LegalForm(form)
        if item["reason"] not in reasons:
            raise ValueError(f"checklist item {n}: reason {item['reason']!r} has no text")
        if not (item["label"].get("id") and item["label"].get("en")):
            raise ValueError(f"checklist item {n}: label needs id and en")
        messages[f"{prefix}.item.{n}"] = item["label"]
        rules.append({**item, "label_code": f"{prefix}.item.{n}"})
    for name, texts in reasons.items():
        messages[f"{prefix}.reason.{name}"] = texts
    register(messages)
    return Checklist(version, tuple(rules))


def resolve_checklist(data_dir: Path | None) -> Checklist:
    """The pushed checklist (``<data_dir>/reference/checklist.json``, one row), else bundled."""
    bundled = bundled_checklist()
    pointer = override_root(data_dir) / "checklist.json" if data_dir is not None else None
    if pointer is not None and pointer.is_file():
        try:
            (document,) = json.loads(pointer.read_text("utf-8"))["rows"]
            pushed = parse_checklist(document)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("checklist update ignored: %s", exc)
        else:
            if version_key(pushed.version) >= version_key(bundled.version):
                return pushed
    return bundled


bundled_checklist()  # registers the bundled item labels and reasons in the catalogue
