"""The session report as an A4 PDF (reportlab, the receipts' embedded font), and as XLSX.

Every text from people (names, places) goes through :func:`xml.sax.saxutils.escape` before it
reaches a reportlab ``Paragraph`` (its mini-markup would read ``<`` and ``&``); in the XLSX every
text is a typed string cell (never a formula; :func:`kiosk.importexport.columns.neutralize` is not
needed there for the same reason as in the export). Both files are written durably (temporary
file, fsync, rename) and readable by the owner only: they name people.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from kiosk.domain.formatting import format_date, format_datetime
from kiosk.i18n import Lang, register, tr
from kiosk.intake.report import SessionReport

register(
    {
        "intake.report.title": {"id": "Laporan sesi pendataan", "en": "Intake session report"},
        "intake.report.place": {"id": "Tempat", "en": "Place"},
        "intake.report.day": {"id": "Tanggal", "en": "Date"},
        "intake.report.team": {"id": "Tim", "en": "Team"},
        "intake.report.kiosk": {"id": "Kios", "en": "Kiosk"},
        "intake.report.made": {"id": "Dibuat", "en": "Made"},
        "intake.report.summary": {
            "id": "Terdaftar {registered}, draf {drafts}, kurang dokumen {missing}, "
            "tanda terima dicetak {printed}",
            "en": "Registered {registered}, drafts {drafts}, documents missing {missing}, "
            "receipts printed {printed}",
        },
        "intake.report.target": {"id": "Target {target}", "en": "Target {target}"},
        "intake.report.people": {"id": "Yang didaftarkan", "en": "Who was registered"},
        "intake.report.col.no": {"id": "Nomor", "en": "Number"},
        "intake.report.col.business": {"id": "Nama usaha", "en": "Business"},
        "intake.report.col.owner": {"id": "Pemilik", "en": "Owner"},
        "intake.report.col.village": {"id": "Desa/kelurahan", "en": "Village"},
        "intake.report.col.lacks": {"id": "Masih kurang", "en": "Still lacking"},
        "intake.report.col.count": {"id": "Jumlah", "en": "Count"},
        "intake.report.col.done": {"id": "Terdaftar", "en": "Registered"},
        "intake.report.col.drafts": {"id": "Draf", "en": "Drafts"},
        "intake.report.col.section": {"id": "Kategori KBLI", "en": "KBLI section"},
        "intake.report.per_village": {"id": "Per desa/kelurahan", "en": "Per village"},
        "intake.report.per_section": {"id": "Per kategori KBLI", "en": "Per KBLI section"},
        "intake.report.complete": {"id": "lengkap", "en": "complete"},
        "intake.report.signoff": {
            "id": "Pengesahan ketua tim",
            "en": "Sign-off by the team leader",
        },
        "intake.report.sign_name": {"id": "Nama", "en": "Name"},
        "intake.report.sign_signature": {"id": "Tanda tangan", "en": "Signature"},
        "intake.report.sign_date": {"id": "Tanggal", "en": "Date"},
        "intake.report.open": {"id": "masih terbuka", "en": "still open"},
    }
)


# The registration number never wraps (pdftotext, and a person, must read it whole): 50 mm holds
# the widest, a six-letter provisional kiosk code of "W"s (tests/core/test_intake_sessions.py).
NUMBER_COLUMN_MM = 50


def _header_facts(report: SessionReport, lang: Lang) -> list[tuple[str, str]]:
    s = report.session
    p = report.progress
    facts = [
        (tr("intake.report.place", lang), s.place),
        (tr("intake.report.day", lang), format_date(s.day, lang)),
        (tr("intake.report.team", lang), ", ".join(s.team)),
        (tr("intake.report.kiosk", lang), report.kiosk_code),
        (tr("intake.report.made", lang), format_datetime(report.made_at, lang, report.zone)),
    ]
    summary = tr(
        "intake.report.summary",
        lang,
        registered=p.registered,
        drafts=p.drafts,
        missing=p.documents_missing,
        printed=p.receipts_printed,
    )
    if p.target:
        summary += " · " + tr("intake.report.target", lang, target=p.target)
    if s.is_open:
        summary += f" ({tr('intake.report.open', lang)})"
    facts.append(("", summary))
    return facts


def render_pdf(report: SessionReport, lang: Lang = "id") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from kiosk.receipts.fonts import BOLD, REGULAR, ensure_fonts

    ensure_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=11, leading=14)
    title = ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=15, leading=19)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    def table(rows: list[list[Paragraph]], widths: list[float]) -> Table:
        t = Table(rows, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    story: list[object] = [p(tr("intake.report.title", lang), title), Spacer(1, 3 * mm)]
    for label, value in _header_facts(report, lang):
        story.append(p(f"{label}: {value}" if label else value))
    story += [Spacer(1, 4 * mm), p(tr("intake.report.people", lang), head)]
    cols = ["no", "business", "owner", "village", "lacks"]
    rows = [[p(tr(f"intake.report.col.{c}", lang)) for c in cols]]
    for line in report.lines:
        lacks = "; ".join(line.lacks) or tr("intake.report.complete", lang)
        owner = f"{line.owner}\n{line.nik_masked}".strip()
        rows.append([p(line.reg_no), p(line.business), p(owner), p(line.village), p(lacks)])
    story.append(table(rows, [NUMBER_COLUMN_MM * mm, 55 * mm, 45 * mm, 50 * mm, 67 * mm]))
    story += [Spacer(1, 4 * mm), p(tr("intake.report.per_village", lang), head)]
    rows = [[p(tr(f"intake.report.col.{c}", lang)) for c in ("village", "done", "drafts")]]
    rows += [[p(v), p(str(d)), p(str(n))] for v, d, n in report.per_village]
    story.append(table(rows, [90 * mm, 30 * mm, 30 * mm]))
    story += [Spacer(1, 4 * mm), p(tr("intake.report.per_section", lang), head)]
    rows = [[p(tr(f"intake.report.col.{c}", lang)) for c in ("section", "count")]]
    rows += [[p(f"{k} {t}".strip()), p(str(n))] for k, t, n in report.per_section]
    story.append(table(rows, [120 * mm, 30 * mm]))
    story += [Spacer(1, 8 * mm), p(tr("intake.report.signoff", lang), head), Spacer(1, 2 * mm)]
    sign = [[p(tr(f"intake.report.sign_{k}", lang)), p("")] for k in ("name", "signature", "date")]
    block = Table(sign, colWidths=[35 * mm, 90 * mm], rowHeights=[10 * mm, 18 * mm, 10 * mm])
    block.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black)]))
    story.append(block)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=tr("intake.report.title", lang),
    )
    document.build(story)
    return buffer.getvalue()


def _sheet_title(text: str) -> str:
    """Excel refuses ``\\ / * ? : [ ]`` in a sheet's name and more than 31 characters."""
    return re.sub(r"[\\/*?:\[\]]", "-", text)[:31]


def render_xlsx(report: SessionReport, lang: Lang = "id") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def text(value: str) -> str:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)

    book = Workbook()
    people = book.active
    people.title = _sheet_title(tr("intake.report.people", lang))
    for label, value in _header_facts(report, lang):
        people.append([text(label), text(value)])
    people.append([])
    cols = ["no", "business", "owner", "village", "section", "lacks"]
    people.append([tr(f"intake.report.col.{c}", lang) for c in cols])
    for line in report.lines:
        cells = [
            line.reg_no,
            line.business,
            line.owner,
            line.village,
            ", ".join(k for k, _ in line.sections),
            "; ".join(line.lacks) or tr("intake.report.complete", lang),
        ]
        people.append(cells)
    people.append([])
    people.append([tr("intake.report.signoff", lang)])
    for key in ("name", "signature", "date"):
        people.append([tr(f"intake.report.sign_{key}", lang), ""])
    villages = book.create_sheet(_sheet_title(tr("intake.report.per_village", lang)))
    villages.append([tr(f"intake.report.col.{c}", lang) for c in ("village", "done", "drafts")])
    for name, done, drafts in report.per_village:
        villages.append([text(name), done, drafts])
    sections = book.create_sheet(_sheet_title(tr("intake.report.per_section", lang)))
    sections.append([tr(f"intake.report.col.{c}", lang) for c in ("section", "count")])
    for letter, title, count in report.per_section:
        sections.append([text(f"{letter} {title}".strip()), count])
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = text(cell.value)
                    cell.data_type = "s"  # a typed string: "=..." is never a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_report(report: SessionReport, path: Path, lang: Lang = "id") -> None:
    from kiosk.fsutil import atomic_write_bytes

    data = render_xlsx(report, lang) if path.suffix.lower() == ".xlsx" else render_pdf(report, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data, mode=0o600)
