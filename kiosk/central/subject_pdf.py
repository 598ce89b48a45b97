"""The readable summary in a subject export (``ringkasan.pdf``), in Indonesian.

One page per few registrations: who the export is about, when it was made and the request's
deadline, then per registration its number, kiosk, status, the business and owner as the newest
version has them, how many versions, documents and audit entries are held, and where the full data
is in the ZIP. reportlab with the receipts' embedded DejaVu font (text extracts back as typed);
every text is escaped before it reaches reportlab's paragraph markup.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from kiosk.central.subject_export import SubjectData
from kiosk.domain.formatting import format_datetime
from kiosk.domain.timezones import tz, zone_for_province

STATUS_ID = {
    "submitted": "diajukan",
    "verified": "terverifikasi",
    "needs_fix": "perlu perbaikan",
    "rejected": "ditolak",
}
KIND_ID = {
    "export": "salinan data",
    "erasure": "penghapusan",
    "withdrawal": "penarikan persetujuan",
}


def _zone(data: SubjectData) -> dt.tzinfo:
    for reg in data.registrations:
        for version in reversed(reg["versions"]):
            province = (version["content"].get("address") or {}).get("province_code") or ""
            if province:
                return tz(zone_for_province(province))
    return tz("Asia/Jakarta")


def _when(text: str | None, zone: dt.tzinfo) -> str:
    return format_datetime(dt.datetime.fromisoformat(text), "id", zone) if text else "-"


def _newest(reg: dict[str, Any]) -> dict[str, Any]:
    return reg["versions"][-1]["content"] if reg["versions"] else {}


def render(data: SubjectData, made_at: dt.datetime, request: dict[str, Any]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from kiosk.receipts.fonts import BOLD, REGULAR, ensure_fonts

    ensure_fonts()
    zone = _zone(data)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13)
    head = ParagraphStyle("head", fontName=BOLD, fontSize=15, leading=19, spaceAfter=6)
    sub = ParagraphStyle("sub", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[Any] = [
        para("Ringkasan data pribadi yang disimpan", head),
        para(f"NIK: {data.nik}"),
        para(f"Dibuat: {format_datetime(made_at, 'id', zone)}"),
        para(
            f"Permintaan: {KIND_ID.get(request['kind'], request['kind'])}, diterima "
            f"{_when(request['requested_at'], zone)}; batas waktu "
            f"{_when(request['deadline_at'], zone)} (3 × 24 jam, UU 27/2022)."
        ),
        para(
            f"Pusat menyimpan {len(data.registrations)} pendaftaran atas NIK ini. Isi lengkap "
            "setiap versi ada di data.json; gambar dokumen di folder dokumen/."
        ),
    ]
    for reg in data.registrations:
        content = _newest(reg)
        business = content.get("business") or {}
        owner = content.get("owner") or {}
        rows = [
            ["Nomor pendaftaran", reg["reg_no"]],
            ["Kios", reg["kiosk"] or "-"],
            ["Status", STATUS_ID.get(reg["status"], reg["status"])],
            ["Nama usaha", business.get("name") or "-"],
            ["Nama pemilik", owner.get("full_name") or "-"],
            ["Telepon", owner.get("phone") or "-"],
            ["Versi disimpan", str(len(reg["versions"]))],
            ["Dokumen", f"{sum(1 for d in reg['documents'] if d.get('file'))} halaman"],
            ["Catatan audit", f"{len(reg['audit'])} entri"],
            ["Didaftarkan", _when(reg["created_at"], zone)],
        ]
        if reg["verdict_reason"]:
            rows.append(["Alasan keputusan", reg["verdict_reason"]])
        table = Table([[para(k), para(str(v))] for k, v in rows], colWidths=[45 * mm, 120 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [para(f"Pendaftaran {reg['reg_no']}", sub), table, Spacer(1, 4 * mm)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title="Ringkasan data pribadi", author="Pusat pendaftaran UMKM",
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
        invariant=1,
    )  # fmt: skip
    doc.build(story)
    return buffer.getvalue()
