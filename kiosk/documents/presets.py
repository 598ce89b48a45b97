"""Scan presets per document type, stored in the kiosk's settings so a supervisor can edit them.

A preset says how a document is captured and cleaned: card or page layout, colour / grey / black &
white, the stored resolution, JPEG quality, scanner source and duplex. The defaults follow what the
central's reviewers need: ID cards in colour at 300 dpi (photo and hologram must stay checkable),
paper documents in grey at 200 dpi. Typed paper is stored as "text": four grey tones in a 2-bit PNG,
which keeps small print legible (tesseract reads it) at about a third of a grey JPEG's size (a dense
A4 page: ~120 KB against ~350 KB at JPEG quality 60); a supervisor can switch a preset to full grey
("gray", JPEG) for documents with photos or stamps that need every shade.

Storage: the setting ``documents.presets`` holds a list of preset dicts (JSON); missing → defaults.
The last scanner and preset used are kept under ``documents.last_device`` /
``documents.last_preset`` (a dict: document type → preset name).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.domain.model import DocumentType
from kiosk.errors import UserFacingError

SETTING = "documents.presets"
LAST_DEVICE = "documents.last_device"
LAST_PRESET = "documents.last_preset"

LAYOUTS = ("card", "page")
COLORS = ("color", "gray", "text", "bw")
SOURCES = ("flatbed", "feeder")


@dataclass(frozen=True)
class Preset:
    name: str
    doc_type: DocumentType = DocumentType.OTHER
    layout: str = "page"  # "card": find each card on the glass; "page": deskew the page
    color: str = "text"  # "color"/"gray": JPEG; "text": 4 grey tones, PNG; "bw": 1-bit PNG
    dpi: int = 200  # resolution of the stored image
    quality: int = 60  # JPEG quality (ignored for black & white, stored as PNG)
    source: str = "flatbed"
    duplex: bool = False
    multiple: bool = False  # several cards on one glass → one page each
    scan_dpi: int = 300  # resolution asked from the scanner

    def validate(self) -> Preset:
        types = {
            "name": str,
            "layout": str,
            "color": str,
            "source": str,
            "dpi": int,
            "quality": int,
            "scan_dpi": int,
            "duplex": bool,
            "multiple": bool,
        }
        wrong = [
            k
            for k, t in types.items()
            if not isinstance(getattr(self, k), t)
            or (t is int and isinstance(getattr(self, k), bool))
        ]
        if wrong:  # stored JSON edited by hand, or from an older kiosk
            raise UserFacingError("documents.preset.invalid", reason=", ".join(wrong))
        problems = []
        if not self.name.strip() or len(self.name) > 60:
            problems.append("name")
        if self.layout not in LAYOUTS:
            problems.append("layout")
        if self.color not in COLORS:
            problems.append("color")
        if not 75 <= self.dpi <= 600 or not 75 <= self.scan_dpi <= 1200:
            problems.append("dpi")
        if not 20 <= self.quality <= 95:
            problems.append("quality")
        if self.source not in SOURCES:
            problems.append("source")
        if problems:
            raise UserFacingError("documents.preset.invalid", reason=", ".join(problems))
        return self

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["doc_type"] = self.doc_type.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preset:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        try:
            values["doc_type"] = DocumentType(values.get("doc_type", "other"))
            return cls(**values).validate()
        except (TypeError, ValueError) as exc:
            raise UserFacingError("documents.preset.invalid", reason=str(exc)) from exc


DEFAULT_PRESETS: tuple[Preset, ...] = (
    Preset("KTP", DocumentType.KTP, "card", "color", 300, 75, multiple=True, scan_dpi=300),
    Preset("NPWP", DocumentType.NPWP, "card", "color", 300, 75, multiple=True, scan_dpi=300),
    Preset("NIB", DocumentType.NIB, "page", "text", 200, 60),
    Preset("Akta", DocumentType.DEED_ESTABLISHMENT, "page", "text", 200, 60),
    Preset(
        "Akta, feeder, duplex",
        DocumentType.DEED_ESTABLISHMENT,
        "page",
        "text",
        200,
        60,
        source="feeder",
        duplex=True,
    ),
    Preset("Dokumen", DocumentType.OTHER, "page", "text", 200, 60),
    Preset("Dokumen abu-abu", DocumentType.OTHER, "page", "gray", 200, 60),
    Preset("Dokumen berwarna", DocumentType.OTHER, "page", "color", 200, 65),
    Preset("Hitam-putih", DocumentType.OTHER, "page", "bw", 200, 60),
)


def default_for(doc_type: DocumentType, presets: list[Preset] | tuple[Preset, ...]) -> Preset:
    """The first preset made for ``doc_type``; the general grey document preset otherwise."""
    for preset in presets:
        if preset.doc_type == doc_type:
            return preset
    for preset in presets:
        if preset.name == "Dokumen":
            return preset
    return presets[0] if presets else Preset("Dokumen")


class SettingsStore(Protocol):
    """What the presets need of a store: :class:`kiosk.store.Store` has it (JSON values)."""

    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


class PresetBook:
    """Presets kept in a settings store (anything with ``get_setting``/``set_setting``)."""

    def __init__(self, settings: SettingsStore) -> None:
        self.settings = settings

    def all(self) -> list[Preset]:
        raw = self.settings.get_setting(SETTING, None)
        if not raw:
            return list(DEFAULT_PRESETS)
        presets = []
        for item in raw:
            try:
                presets.append(Preset.from_dict(item))
            except UserFacingError:
                continue  # one damaged entry must not hide the others
        return presets or list(DEFAULT_PRESETS)

    def get(self, name: str) -> Preset:
        for preset in self.all():
            if preset.name == name:
                return preset
        raise UserFacingError("documents.preset.unknown", name=name)

    def save(self, preset: Preset, *, replaces: str | None = None) -> None:
        preset.validate()
        old = replaces or preset.name
        presets = [p for p in self.all() if p.name not in (old, preset.name)]
        presets.append(preset)
        self.settings.set_setting(SETTING, [p.to_dict() for p in presets])

    def delete(self, name: str) -> None:
        presets = [p for p in self.all() if p.name != name]
        self.settings.set_setting(SETTING, [p.to_dict() for p in presets] or None)

    def reset(self) -> None:
        self.settings.set_setting(SETTING, None)

    def default_for(self, doc_type: DocumentType) -> Preset:
        return default_for(doc_type, self.all())
