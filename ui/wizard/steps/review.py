"""Everything entered, on one page, each section with an edit link back to its step.

The documents section shows a small picture of every page (issue 12 item 6), read from the vault
and shrunk off the GUI thread; a page that is not on this kiosk shows its caption only.

Values are formatted the Indonesian way (``Rp 1.250.000``, ``25 November 2026``) by the core's
formatters; region codes are shown by name. Text is plain (never rich text): what people typed is
shown as typed. Issues found by the submit-stage validation are shown under their section.

Signals (besides :class:`~ui.wizard.step.StepPage`'s):
    edit_requested(str): the person wants to change the section of this step (``Step`` value).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.formatting import format_date, format_rupiah
from kiosk.domain.issues import field_label
from kiosk.domain.model import Product, Registration
from kiosk.domain.products import domestic_priority, tkdn_bmp
from kiosk.i18n import Lang
from kiosk.i18n import tr as core_tr
from ui.operations import run_op
from ui.theme import repolish
from ui.widgets.document_pages import ThumbnailRow
from ui.widgets.kbli_picker import kbli_label
from ui.widgets.status_text import legal_form_text

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.wizard.step import ShownIssue

SECTIONS = ("consent", "business", "owner", "address", "products", "bank", "documents")


class _Section(QFrame):
    def __init__(self, key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"review_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(self)
        self.heading.setObjectName("reviewHeading")
        self.heading.setProperty("role", "subtitle")
        self.edit = QPushButton(self)
        self.edit.setObjectName(f"review_{key}_edit")
        self.edit.setFlat(True)
        self.edit.setCursor(Qt.CursorShape.PointingHandCursor)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.issues = QLabel(self)
        self.issues.setObjectName(f"review_{key}_issues")
        self.issues.setWordWrap(True)
        self.issues.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.form)
        layout.addWidget(self.issues)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, value in rows:
            text = QLabel(value or "—")
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name = QLabel(label)
            name.setTextFormat(Qt.TextFormat.PlainText)
            self.form.addRow(name, text)


class ReviewPage(QWidget):
    """The review step (also the page a supervisor reads before submitting)."""

    field_edited = Signal(str)
    advance_requested = Signal()
    edit_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._reg: Registration | None = None
        self._issues: list[ShownIssue] = []
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setProperty("role", "title")
        self.hint = QLabel(self)
        self.hint.setObjectName("pageHint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        body = QWidget()
        body.setObjectName("ReviewPage_body")
        column = QVBoxLayout(body)
        self.sections = {key: _Section(key, body) for key in SECTIONS}
        for key, section in self.sections.items():
            column.addWidget(section)
            section.edit.clicked.connect(lambda _c=False, k=key: self.edit_requested.emit(k))
        self.thumbnails = ThumbnailRow(self.sections["documents"])
        self.thumbnails.setObjectName("review_documents_pages")
        documents_layout = self.sections["documents"].layout()
        assert isinstance(documents_layout, QVBoxLayout)  # _Section: top, form, issues
        documents_layout.insertWidget(2, self.thumbnails)
        self._thumbs: dict[str, bytes] = {}
        self._thumbs_of = ""  # the registration whose thumbnails are held
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("ReviewPage_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        self.retranslate()

    # -- wizard contract -------------------------------------------------------------------------
    def set_visible_sections(self, keys: list[str]) -> None:
        """Only the sections of steps in the flow (self-service has no bank or documents)."""
        for key, section in self.sections.items():
            section.setVisible(key in keys)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Review"))
        self.hint.setText(
            self.tr("Check everything with the owner. Use Edit to go back to a section.")
        )
        headings = {
            "consent": self.tr("Consent"),
            "business": self.tr("Business"),
            "owner": self.tr("Owner and contact"),
            "address": self.tr("Address"),
            "products": self.tr("Products"),
            "bank": self.tr("Bank account"),
            "documents": self.tr("Documents"),
        }
        for key, section in self.sections.items():
            section.heading.setText(headings[key])
            section.edit.setText(self.tr("Edit"))
            section.edit.setAccessibleName(self.tr("Edit %1").replace("%1", headings[key]))
        if self._reg is not None:
            self.load(self._reg)

    def load(self, reg: Registration) -> None:
        self._reg = reg
        lang = self.ctx.lang
        for key, rows in self._describe(reg, lang).items():
            self.sections[key].set_rows(rows)
        self.show_issues(self._issues)
        self._show_thumbnails(reg)

    def _show_thumbnails(self, reg: Registration) -> None:
        if self._thumbs_of != reg.id:  # another person's pages leave memory with their record
            self._thumbs.clear()
            self._thumbs_of = reg.id
        pages = [
            (f"{d.label or d.doc_type.value} {n}", p.sha256)
            for d in reg.documents
            for n, p in enumerate(d.pages, start=1)
        ]
        self.thumbnails.setAccessibleName(self.tr("Pictures of the document pages"))
        self.thumbnails.set_pages(pages, self._thumbs)
        self.thumbnails.setVisible(bool(pages))
        wanted = [sha for _caption, sha in pages if sha not in self._thumbs]
        if not wanted:
            return
        store = self.ctx.store

        def load() -> dict[str, bytes]:
            from kiosk.documents.pipeline import thumbnail
            from kiosk.documents.vault import Vault
            from kiosk.errors import UserFacingError

            vault = Vault(store.paths.documents, store.keys)
            found = {}
            for sha in wanted:
                try:
                    found[sha] = thumbnail(vault.get(sha), ThumbnailRow.SIZE)
                except UserFacingError:  # not on this kiosk (sent, missing): caption only
                    continue
            return found

        def done(found: dict[str, bytes], reg_id: str = reg.id) -> None:
            self._thumbs.update(found)
            if self._reg is not None and self._reg.id == reg_id:
                self.thumbnails.set_pages(pages, self._thumbs)

        run_op(self, load, on_done=done, on_error=lambda _e: None)

    def apply(self, reg: Registration) -> None:
        """The review edits nothing."""

    def local_issues(self, field: str) -> list[ShownIssue]:
        return []

    def owns(self, field: str) -> bool:
        return False

    def first_input(self) -> QWidget | None:
        for section in self.sections.values():
            if section.isVisibleTo(self):
                return section.edit
        return None

    def show_issues(self, issues: Sequence[ShownIssue], *, fields: list[str] | None = None) -> None:
        self._issues = list(issues)
        lang = self.ctx.lang
        for key, section in self.sections.items():
            mine = [i for i in issues if i.field.split(".")[0] == key]
            section.issues.setText("\n".join(i.text(lang) for i in mine))
            section.issues.setProperty("severity", "error" if mine else "")
            section.issues.setVisible(bool(mine))
            repolish(section.issues)

    def rerender_issues(self) -> None:
        self.show_issues(self._issues)

    def focus_first_error(self) -> bool:
        return False

    def _describe(self, reg: Registration, lang: Lang) -> dict[str, list[tuple[str, str]]]:
        """Label/value pairs of every section, formatted for people.

        A method, so that its texts are ``self.tr()`` calls: lupdate takes the context of
        ``page.tr("…")`` from the variable name and of ``QCoreApplication.translate(…, len(x))`` it
        extracts nothing, so such texts never got their translation (the review and detail pages
        showed "Yes"/"Female"/"2 page(s)" in the Indonesian interface).
        """

        def money(v: int | None) -> str:
            return format_rupiah(v) if v is not None else ""

        def yes(v: bool) -> str:
            return self.tr("Yes") if v else self.tr("No")

        b, o, a, k = reg.business, reg.owner, reg.address, reg.bank
        f = field_label
        consent_text = ""
        if reg.consent.given_at is not None:
            consent_text = self.tr("Given, text %1").replace("%1", reg.consent.text_version)
        business = [
            (f("business.name", lang), b.name),
            (f("business.legal_form", lang), legal_form_text(b.legal_form) if b.legal_form else ""),
            (f("business.capital_idr", lang), money(b.capital_idr)),
            (f("business.annual_sales_idr", lang), money(b.annual_sales_idr)),
            # in words, as a value starts: "Mikro" (the catalogue's word is for inside sentences)
            (
                f("business.scale", lang),
                _word(core_tr(f"scale.{b.scale.value}", lang)) if b.scale else "",
            ),
            (f("business.nib", lang), b.nib),
            (f("business.npwp", lang), b.npwp),
            (f("business.pkp", lang), yes(b.pkp)),
            (f("business.kbli", lang), "; ".join(kbli_label(code) for code in b.kbli)),
            (f("business.year_established", lang), str(b.year_established or "")),
            (f("business.employees", lang), "" if b.employees is None else str(b.employees)),
        ]
        owner = [
            (f("owner.nik", lang), o.nik),
            (f("owner.full_name", lang), o.full_name),
            (f("owner.birth_date", lang), format_date(o.birth_date, lang) if o.birth_date else ""),
            (
                f("owner.sex", lang),
                {"L": self.tr("Male"), "P": self.tr("Female")}.get(
                    o.sex.value if o.sex else "", ""
                ),
            ),
            (f("owner.position", lang), o.position),
            (f("owner.is_owner", lang), yes(o.is_owner)),
            (f("owner.phone", lang), o.phone),
            (f("owner.email", lang), o.email),
        ]
        address = [
            (f("address.village_code", lang), _region_text(a.village_code or a.district_code)),
            (f("address.street", lang), a.street),
            (f("address.postal_code", lang), a.postal_code),
        ]
        products = [
            (f"{i + 1}.", self._product_text(p, money)) for i, p in enumerate(reg.products)
        ] or [(self.tr("Products"), self.tr("none yet"))]
        bank = [
            (f("bank.bank", lang), k.bank),
            (f("bank.account_number", lang), k.account_number),
            (f("bank.holder_name", lang), k.holder_name),
        ]
        documents = [
            (d.label or d.doc_type.value, self.tr("%n page(s)", "", len(d.pages)))
            for d in reg.documents
        ] or [(self.tr("Documents"), self.tr("none yet"))]
        return {
            "consent": [(self.tr("Consent"), consent_text)],
            "business": business,
            "owner": owner,
            "address": address,
            "products": products,
            "bank": bank,
            "documents": documents,
        }

    def _product_text(self, p: Product, money: Callable[[int | None], str]) -> str:
        """``Amplang · Maju · Rp 25.000 / bungkus · excl. PPN · PDN · TKDN+BMP 40,5 % (domestic
        priority) · min. 20 · 2 photo(s)``: what the catalogue will show, in one line."""
        price = money(p.price_idr if isinstance(p.price_idr, int) else None)
        if price and p.unit:
            price = f"{price} / {p.unit}"
        ppn = ""
        if p.price_includes_ppn is not None:
            ppn = self.tr("incl. PPN") if p.price_includes_ppn else self.tr("excl. PPN")
        total = tkdn_bmp(p)
        tkdn = f"TKDN+BMP {total:g} %".replace(".", ",") if total is not None else ""
        if tkdn and domestic_priority(p):
            tkdn += " (" + self.tr("domestic priority") + ")"
        parts = (
            p.name,
            p.brand,
            p.kbli and f"KBLI {p.kbli}",
            price,
            ppn,
            "PDN" if p.pdn else "",
            tkdn,
            p.tkdn_cert_no and f"TKDN {p.tkdn_cert_no}",
            self.tr("min. %1").replace("%1", str(p.min_order)) if p.min_order else "",
            self.tr("%n photo(s)", "", len(p.photos)) if p.photos else self.tr("no photo yet"),
        )
        return " · ".join(str(x) for x in parts if x)


def _region_text(code: str) -> str:
    if not code:
        return ""
    try:
        from kiosk.reference import Reference

        path = Reference.load().region_path(code)
    except Exception:  # reference data missing: show the code rather than nothing
        return code
    return ", ".join(r.name for r in reversed(path)) or code


def _word(text: str) -> str:
    """A catalogue word shown as a value on its own: first letter capital ("mikro" → "Mikro")."""
    return text[:1].upper() + text[1:]
