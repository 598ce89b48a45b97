"""The console's "Impor bundel" page: upload a kiosk's offline bundle (one file or all its parts),
see what was stored, download the confirmation for the kiosk (issue 14.3).

Administrators and MPP supervisors only; the supervisor's scope (the bundle's kiosk must be of
their MPP) and everything else are in :mod:`kiosk.central.console.bundle_upload`. The POST takes
no ``Form`` parameters on purpose: FastAPI would read the whole body before any dependency runs.
Here the session and role are checked first, then the declared size, and only then is the body
read (the CSRF token is checked on the parsed form, as :data:`~.deps.CsrfViewerDep` would).
The upload is applied in the background (:mod:`kiosk.central.bundle_jobs`): the POST answers
303 to the job's page, which refreshes itself until the outcome is there.
"""

from __future__ import annotations

from typing import BinaryIO

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from kiosk.bundlefile.messages import BundleError
from kiosk.central.console import bundle_upload, sessions, texts_bundles  # noqa: F401 (texts)
from kiosk.central.console.deps import CsrfRefused
from kiosk.central.console.ops_deps import OperatorDep
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.templating import render, secure
from kiosk.central.console.texts import text
from kiosk.central.deps import StateDep
from kiosk.i18n import as_lang

router = APIRouter(prefix="/console", include_in_schema=False)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB".replace(",", ".")


def _form(
    request: Request, state: StateDep, viewer: Viewer, status: int = 200, error: str = ""
) -> Response:
    limit = _size(state.settings.max_bundle_upload_bytes)
    recent = bundle_upload.recent_imports(state, viewer)
    return render(
        request, viewer, "bundles.html", status_code=status, error=error, limit=limit, recent=recent
    )


@router.get("/bundles")
def bundles_page(request: Request, state: StateDep, viewer: OperatorDep) -> Response:
    return _form(request, state, viewer)


@router.post("/bundles")
async def upload_bundle(request: Request, state: StateDep, viewer: OperatorDep) -> Response:
    lang = as_lang(viewer.language)
    limit = state.settings.max_bundle_upload_bytes
    too_large = text("bundles.too_large", lang, size=_size(limit))
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > limit + 64 * 1024:  # multipart framing
        return _form(request, state, viewer, 413, too_large)
    try:  # parts beyond 1 MB are spooled to a temporary file by Starlette, never held in memory
        form = await request.form(max_files=bundle_upload.MAX_PARTS, max_fields=4)
    except HTTPException:  # a malformed body, or more parts than any bundle has
        error = text("bundles.bad_form", lang, parts=bundle_upload.MAX_PARTS)
        return _form(request, state, viewer, 400, error)
    try:
        token = form.get("csrf_token")
        if not isinstance(token, str) or not sessions.csrf_ok(viewer.csrf_token, token):
            raise CsrfRefused()
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.size]
        uploads: list[tuple[str, BinaryIO]] = [(f.filename or "", f.file) for f in files]
        try:
            job_id = await run_in_threadpool(bundle_upload.queue_upload, state, viewer, uploads)
        except bundle_upload.UploadTooLarge:
            return _form(request, state, viewer, 413, too_large)
        except BundleError as exc:
            return _form(request, state, viewer, 422, exc.text(lang))
    finally:
        await form.close()  # Starlette's spooled copies go now, not at garbage collection
    worker = getattr(request.app.state, "bundle_worker", None)
    if worker is not None:
        worker.wake()
    return RedirectResponse(f"/console/bundles/jobs/{job_id}", status_code=303)


@router.get("/bundles/jobs/{job_id}")
def bundle_job(request: Request, state: StateDep, viewer: OperatorDep, job_id: str) -> Response:
    """The job's progress (the page refreshes itself until the end), then its outcome."""
    page = bundle_upload.job_page(state, viewer, job_id)
    if page.outcome is not None:
        return render(request, viewer, "bundle_result.html", outcome=page.outcome, job=page.job)
    refusal = page.refusal.text(as_lang(viewer.language)) if page.refusal else ""
    return render(request, viewer, "bundle_job.html", page=page, refusal=refusal)


@router.get("/bundles/{bundle_id}/confirmation")
def confirmation(state: StateDep, viewer: OperatorDep, bundle_id: str) -> Response:
    data = bundle_upload.confirmation_file(state, viewer, bundle_id)
    response = Response(data, media_type="application/json")
    name = bundle_upload.confirmation_name(bundle_id)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return secure(response)
