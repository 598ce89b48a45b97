"""``/console/subjects``: data-subject requests for administrators (UU 27/2022, issue 13).

What ``kiosk central subject export|erase|list`` and ``kiosk central audit verify`` do, in the
browser: the requests with their deadlines (3 × 24 hours, see :mod:`kiosk.central.subjects`), which
kiosks still have to confirm an erasure, whether the central's audit trail is intact; a NIK's
export downloaded as a ZIP (the console keeps no copy; ``Cache-Control: no-store``), and an erasure
that needs a reason and a ticked confirmation. Administrators only; every request is in the audit
trail under the administrator's name (:mod:`kiosk.central.subject_admin`). The NIK typed is never
put in a redirect, a log line or an audit entry (only the masked form is stored with the request).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.central import audit, subject_admin
from kiosk.central.console import texts
from kiosk.central.console.ops_deps import AdminDep, AdminFormDep
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.templating import render, secure
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.errors import UserFacingError
from kiosk.i18n import as_lang

router = APIRouter(prefix="/console", include_in_schema=False)

texts.add(
    {
        "nav.subjects": ("Data pribadi", "Personal data"),
        "subjects.title": ("Permintaan subjek data", "Data-subject requests"),
        "subjects.intro": (
            "Permintaan salinan dan penghapusan data pribadi berdasarkan NIK (UU 27/2022). Batas "
            "waktu setiap permintaan: 3 × 24 jam sejak dicatat.",
            "Requests for a copy or the erasure of personal data by NIK (UU 27/2022). Each "
            "request's deadline: 3 × 24 hours from when it is recorded.",
        ),
        "subjects.nik": ("NIK", "NIK"),
        "subjects.export": ("Unduh salinan data (ZIP)", "Download a copy of the data (ZIP)"),
        "subjects.erase": ("Hapus data", "Erase the data"),
        "subjects.reason": ("Alasan (surat permohonan, tanggal)", "Reason (request letter, date)"),
        "subjects.confirm": (
            "Saya paham: data dan dokumen orang ini dihapus di pusat dan di setiap kios, dan "
            "tidak dapat dikembalikan.",
            "I understand: this person's data and documents are erased at the central and on "
            "every kiosk, and cannot be restored.",
        ),
        "subjects.confirm_missing": (
            "Centang konfirmasi untuk menghapus.",
            "Tick the confirmation to erase.",
        ),
        "subjects.erased": (
            "Data dihapus di pusat. Kios mengonfirmasi pada sinkronisasi berikutnya.",
            "The data was erased at the central. Kiosks confirm at their next sync.",
        ),
        "subjects.requests": ("Permintaan", "Requests"),
        "subjects.kind": ("Jenis", "Kind"),
        "subjects.kind.export": ("salinan", "copy"),
        "subjects.kind.erasure": ("penghapusan", "erasure"),
        "subjects.kind.withdrawal": ("penarikan persetujuan", "consent withdrawn"),
        "subjects.subject": ("Subjek (NIK disamarkan)", "Subject (masked NIK)"),
        "subjects.registrations": ("Pendaftaran", "Registrations"),
        "subjects.requested": ("Diterima", "Received"),
        "subjects.deadline": ("Batas waktu", "Deadline"),
        "subjects.completed": ("Selesai", "Completed"),
        "subjects.pending": ("Menunggu kios", "Waiting for kiosks"),
        "subjects.overdue": ("lewat batas", "overdue"),
        "subjects.none": ("Belum ada permintaan.", "No requests yet."),
        "subjects.audit_ok": (
            "Jejak audit pusat utuh: {entries} entri.",
            "The central's audit trail is intact: {entries} entries.",
        ),
        "subjects.audit_bad": (
            "Jejak audit pusat TIDAK utuh: {count} temuan. Jalankan `kiosk central audit verify`.",
            "The central's audit trail is NOT intact: {count} findings. Run "
            "`kiosk central audit verify`.",
        ),
    }
)


def _page(
    request: Request,
    state: StateDep,
    viewer: Viewer,
    *,
    status_code: int = 200,
    error: str = "",
    done: str = "",
) -> Response:
    rows = [
        {
            "r": r,
            "requested": dt.datetime.fromisoformat(r.requested_at),
            "deadline": dt.datetime.fromisoformat(r.deadline_at),
            "completed": dt.datetime.fromisoformat(r.completed_at) if r.completed_at else None,
        }
        for r in subject_admin.requests_of(state.factory)
    ]
    with session_scope(state.factory) as session:
        trail = audit.check(session)
    return render(
        request, viewer, "subjects.html", status_code=status_code, rows=list(reversed(rows)),
        trail=trail, error=error, done=done,
    )  # fmt: skip


@router.get("/subjects")
def subjects_page(request: Request, state: StateDep, viewer: AdminDep, done: str = "") -> Response:
    return _page(request, state, viewer, done="erased" if done == "erased" else "")


@router.post("/subjects/export")
def subject_export(
    request: Request,
    state: StateDep,
    viewer: AdminFormDep,
    nik: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        summary, raw = subject_admin.export_zip(
            state.factory, state.storage, state.private_key, nik, viewer.username
        )
    except UserFacingError as exc:
        return _page(
            request, state, viewer, status_code=422, error=exc.text(as_lang(viewer.language))
        )
    name = f"salinan-data-{summary.request_id[:8]}.zip"
    response = Response(raw, media_type="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return secure(response)


@router.post("/subjects/erase")
def subject_erase(
    request: Request,
    state: StateDep,
    viewer: AdminFormDep,
    nik: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    lang = as_lang(viewer.language)
    if confirm != "yes":
        error = texts.text("subjects.confirm_missing", lang)
        return _page(request, state, viewer, status_code=422, error=error)
    try:
        subject_admin.erase(state.factory, state.storage, nik, reason, viewer.username)
    except UserFacingError as exc:
        return _page(request, state, viewer, status_code=422, error=exc.text(lang))
    return secure(RedirectResponse("/console/subjects?done=erased", status_code=303))
