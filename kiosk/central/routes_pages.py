"""Page routes: ``HEAD|GET /pages/{sha256}`` (status and resume offset), ``PUT`` (streamed upload),
``POST /page-batches`` (several small pages at once, :mod:`kiosk.central.page_batch`; as JSON,
or as raw bytes by their own Content-Type).

The PUT body is consumed chunk by chunk straight into the partial file (never held in memory); a
chunk that does not arrive within ``upload_idle_timeout_s`` ends the request as if the client had
gone, keeping what arrived. Verification and the durable store run in the thread pool while the
partial's lock is still held, so no second connection can append in between.
"""

from __future__ import annotations

import asyncio
import os
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect

from kiosk import protocol as p
from kiosk.central import page_batch, pages
from kiosk.central.deps import AuthedKiosk, CentralState, KioskDep, StateDep, no_unknown_query
from kiosk.central.http_errors import ERROR_RESPONSES, ApiError, error_response
from kiosk.central.storage import OffsetMismatch, UploadBusy

router = APIRouter(
    prefix=p.API_PREFIX,
    responses=ERROR_RESPONSES,
    dependencies=[Depends(no_unknown_query)],
    tags=["pages"],
)
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the plaintext")]
_OFFSET_HEADER = {"headers": {p.UPLOAD_OFFSET: {"schema": {"type": "integer"}}}}


def _status(state: CentralState, kiosk: AuthedKiosk, sha256: str) -> tuple[bool, int]:
    """(stored, bytes held) — as far as this kiosk may know: a page none of its versions
    references and that it is not uploading is "not stored, 0 bytes", whether stored or not."""
    partial = state.storage.partial_size(kiosk.id, sha256)
    with state.factory() as session:
        if not partial and not pages.is_referenced(session, kiosk.id, sha256):
            return False, 0
        stored = pages.is_stored(session, sha256)
    return stored, (0 if stored else partial)


_STATUS_RESPONSES: dict[int | str, dict] = {
    200: _OFFSET_HEADER,
    404: {"model": p.ErrorResponse, "description": "not stored", **_OFFSET_HEADER},
}


@router.head(
    "/pages/{sha256}",
    operation_id="page_status_head",
    response_model=p.PageStatus,
    responses=_STATUS_RESPONSES,
)
@router.get(
    "/pages/{sha256}",
    operation_id="page_status",
    response_model=p.PageStatus,
    responses=_STATUS_RESPONSES,
)
def page_status(sha256: Sha256, kiosk: KioskDep, state: StateDep) -> JSONResponse:
    """200 if the central stores the page; 404 if not, or if no version of this kiosk references
    it (another kiosk's page is not confirmed). ``Upload-Offset``: bytes held."""
    stored, offset = _status(state, kiosk, sha256)
    if not stored:
        return error_response(
            404, p.PAGES_NOT_FOUND, "page not stored", {p.UPLOAD_OFFSET: str(offset)}
        )
    with state.factory() as session:
        row = session.get(pages.StoredPage, sha256)
    assert row is not None  # _status found it stored, and stored pages are never deleted
    size = row.size
    body = p.PageStatus(sha256=sha256, stored=True, upload_offset=size)
    return JSONResponse(body.model_dump(), headers={p.UPLOAD_OFFSET: str(size)})


def _inline(model: type[p.PageBatchRequest]) -> dict[str, object]:
    """``model``'s JSON schema with its ``$defs`` written in place (the operation's own schema,
    as the route no longer declares the body to FastAPI)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})
    items = schema["properties"]["pages"]["items"]
    schema["properties"]["pages"]["items"] = defs[items["$ref"].rsplit("/", 1)[1]]
    return schema


@router.post(
    "/page-batches",
    operation_id="upload_page_batch",
    response_model=p.PageBatchResponse,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _inline(p.PageBatchRequest)},
                p.PAGE_BATCH_BINARY_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
    responses={
        400: {"model": p.ErrorResponse, "description": "the binary body breaks its layout"},
        413: {"model": p.ErrorResponse, "description": "the batch is too large"},
    },
)
async def upload_page_batch(request: Request, kiosk: KioskDep, state: StateDep) -> Response:
    """Store small pages; each is answered on its own (stored, or refused with a code), and a
    page counts as stored only once it is durable here. The body is JSON
    (:class:`~kiosk.protocol.PageBatchRequest`) or, with the Content-Type
    :data:`~kiosk.protocol.PAGE_BATCH_BINARY_MEDIA_TYPE`, raw (:mod:`kiosk.page_batch_body`)."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    binary = media_type == p.PAGE_BATCH_BINARY_MEDIA_TYPE
    # bounded by the body limit as it arrives; kept in the chunks it came in (a binary body is
    # decoded across them: no 2 MB join)
    chunks = [chunk async for chunk in request.stream()]
    answer = await run_in_threadpool(
        page_batch.store_body,
        state.factory,
        state.storage,
        state.private_key,
        kiosk.id,
        chunks,
        binary=binary,
    )
    # pydantic's own serialiser: the bytes JSONResponse(model_dump()) wrote (compact, UTF-8),
    # ~0.1 ms instead of ~0.6 for a batch of 256 (issue 17)
    return Response(answer.model_dump_json(), media_type="application/json")


@router.put(
    "/pages/{sha256}",
    operation_id="upload_page",
    status_code=201,
    response_model=p.PageStatus,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
    responses={
        200: {"model": p.PageStatus, "description": "already stored, or a chunk was kept"},
        408: {"model": p.ErrorResponse, "description": "upload stalled; the part is kept"},
        409: {"model": p.ErrorResponse, "description": "offset mismatch / page not referenced"},
    },
)
async def upload_page(
    sha256: Sha256,
    request: Request,
    kiosk: KioskDep,
    state: StateDep,
    offset: Annotated[int, Query(ge=0, le=p.MAX_PAGE_BYTES)] = 0,
    # typed int (not int | None) so the schema says "integer", not "integer or null"; optional
    # through Header's default (an Annotated parameter cannot default to None when typed int)
    upload_length: int = Header(None, ge=1, le=p.MAX_PAGE_BYTES),
) -> JSONResponse:
    """Upload the envelope from ``offset``; verified and stored when the body completes it."""
    limit = state.settings.max_page_bytes

    def stored_size() -> int | None:
        with state.factory() as session:
            # referenced first: the same answer whether another kiosk stored the page or not
            if not pages.is_referenced(session, kiosk.id, sha256):
                raise ApiError(
                    409, p.PAGES_NOT_REFERENCED, "no version pushed by this kiosk uses this page"
                )
            stored = session.get(pages.StoredPage, sha256)
            return None if stored is None else stored.size

    size = await run_in_threadpool(stored_size)
    if size is not None:  # already stored (an earlier try landed): nothing to do
        body = p.PageStatus(sha256=sha256, stored=True, upload_offset=size)
        return JSONResponse(
            body.model_dump(), status_code=200, headers={p.UPLOAD_OFFSET: str(size)}
        )
    try:
        with state.storage.partial(kiosk.id, sha256, offset) as fh:
            if (upload_length or 0) > limit:
                raise _TooLarge
            try:
                written = await _receive(request, fh, limit - offset, state)
            except BaseException:  # what arrived is kept durably when the client went away
                await _keep(fh)
                raise
            held = offset + written
            if upload_length is not None and held < upload_length:
                await _keep(fh)
                body = p.PageStatus(sha256=sha256, stored=False, upload_offset=held)
                return JSONResponse(
                    body.model_dump(), status_code=200, headers={p.UPLOAD_OFFSET: str(held)}
                )
            # finish_upload reads the partial back from disk: the tail must leave fh's buffer
            fh.flush()
            result = await run_in_threadpool(
                pages.finish_upload,
                state.factory,
                state.storage,
                state.private_key,
                kiosk.id,
                sha256,
            )
    except UploadBusy as exc:
        raise ApiError(
            429, p.PAGES_BUSY, "this page is being uploaded right now", {"Retry-After": "2"}
        ) from exc
    except OffsetMismatch as exc:
        raise ApiError(
            409,
            p.PAGES_OFFSET_MISMATCH,
            "continue at Upload-Offset",
            {p.UPLOAD_OFFSET: str(exc.size)},
        ) from exc
    except _Stalled:
        held = state.storage.partial_size(kiosk.id, sha256)
        raise ApiError(
            408, "pages.upload_stalled", "the upload stalled", {p.UPLOAD_OFFSET: str(held)}
        ) from None
    except _TooLarge:
        state.storage.drop_partial(kiosk.id, sha256)
        raise ApiError(
            413, p.REQUEST_TOO_LARGE, f"a page envelope may be at most {limit} bytes"
        ) from None
    except ClientDisconnect:
        return error_response(400, "pages.client_gone", "the client disconnected")
    return JSONResponse(
        result.model_dump(), status_code=201, headers={p.UPLOAD_OFFSET: str(result.upload_offset)}
    )


async def _keep(fh: BinaryIO) -> None:
    """Make a partial durable for a resume (a completed upload is stored durably instead)."""
    fh.flush()
    await run_in_threadpool(os.fsync, fh.fileno())


class _Stalled(Exception):
    pass


class _TooLarge(Exception):
    pass


async def _receive(request: Request, fh: BinaryIO, room: int, state: CentralState) -> int:
    stream = request.stream().__aiter__()
    written = 0
    while True:
        try:
            chunk = await asyncio.wait_for(
                stream.__anext__(), timeout=state.settings.upload_idle_timeout_s
            )
        except StopAsyncIteration:
            return written
        except TimeoutError:
            raise _Stalled from None
        if written + len(chunk) > room:
            raise _TooLarge
        fh.write(chunk)
        written += len(chunk)
