"""The consent text shown before personal data is collected (UU 27/2022 Pasal 20–22).

Texts live in ``resources/data/consent/consent_v<N>.<lang>.md``; the highest ``N`` present in both
languages is current. A registration records the version, the SHA-256 of the exact text shown (in
the language it was shown in), the purpose, time, staff and kiosk
(:class:`~kiosk.domain.model.Consent`),
which is the proof of consent Pasal 24 asks for. The hash is over the UTF-8 text with ``\\n`` line
endings, so a checkout with Windows line endings yields the same hash. Changing a published text
means adding a new version file, never editing an old one (old hashes must keep matching).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from kiosk.config import resources_dir
from kiosk.domain.model import Consent
from kiosk.i18n import LANGS, Lang, register

PURPOSE = "pendaftaran-penyedia-pengadaan"  # stored in Consent.purpose (a stable key, not prose)
_NAME = re.compile(r"consent_v(\d+)\.(id|en)\.md")


def consent_dir() -> Path:
    return resources_dir() / "data" / "consent"


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, tuple[str, str]]]:
    """``{"v1": {"id": (sha256, text), "en": (...)}}`` for every complete version."""
    found: dict[str, dict[str, tuple[str, str]]] = {}
    for path in sorted(consent_dir().glob("consent_v*.md")):
        m = _NAME.fullmatch(path.name)
        if not m:
            continue
        text = path.read_text("utf-8").replace("\r\n", "\n")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        found.setdefault(f"v{int(m.group(1))}", {})[m.group(2)] = (digest, text)
    return {v: langs for v, langs in found.items() if set(langs) == set(LANGS)}


def versions() -> list[str]:
    return sorted(_texts(), key=lambda v: int(v[1:]))


class ConsentText(NamedTuple):
    """Unpacks as ``(version, sha256, text)``; ``.purpose`` is what goes in ``Consent.purpose``."""

    version: str
    sha256: str
    text: str  # Markdown

    @property
    def purpose(self) -> str:
        return PURPOSE


def current_consent(lang: Lang = "id") -> ConsentText:
    """``(version, sha256, text)`` of the current consent text in ``lang``."""
    version = versions()[-1]
    digest, text = _texts()[version][lang]
    return ConsentText(version, digest, text)


def is_known(version: str, sha256: str) -> bool:
    """True when ``sha256`` is the hash of version ``version`` in one of the languages."""
    return any(digest == sha256 for digest, _ in _texts().get(version, {}).values())


def record_consent(
    lang: Lang, *, staff_id: str, kiosk_id: str, at: dt.datetime | None = None
) -> Consent:
    """The :class:`Consent` for a registration whose owner agreed to the text in ``lang``."""
    version, digest, _ = current_consent(lang)
    return Consent(
        text_version=version,
        text_sha256=digest,
        purpose=PURPOSE,
        given_at=at or dt.datetime.now(dt.UTC),
        staff_id=staff_id,
        kiosk_id=kiosk_id,
    )


register(
    {
        "consent.purpose": {
            "id": "Pendaftaran sebagai penyedia pengadaan barang/jasa pemerintah dan katalog "
            "elektronik.",
            "en": "Registration as a government procurement supplier and in the e-catalogue.",
        },
        "consent.agree": {
            "id": "Saya telah membaca dan menyetujui pemrosesan data pribadi saya.",
            "en": "I have read and agree to the processing of my personal data.",
        },
    }
)
