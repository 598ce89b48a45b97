"""The sync protocol between a kiosk and the central, as pydantic v2 models (shared by both sides).

JSON over HTTPS under ``/api/v1`` (:data:`API_PREFIX`). A kiosk authenticates with
``Authorization: Bearer <device token>`` on every endpoint except enrolment. Every error answer is
:class:`ErrorResponse` ``{"error": {"code", "message"}}`` with a stable dotted ``code``.

Endpoints (this list is the contract; `kiosk.sync` and `kiosk.central` both follow it):

- ``POST /enroll`` :class:`EnrollRequest` → :class:`EnrollResponse`.
- ``POST /push`` :class:`PushRequest` (≤ :data:`MAX_PUSH_ITEMS` items, ≤ :data:`MAX_PUSH_BYTES`)
  → :class:`PushResponse`. The central commits before it answers.
- ``HEAD|GET /pages/{sha256}`` → 200 :class:`PageStatus` if stored, 404 if not; both carry the
  header ``Upload-Offset`` (bytes of a partial upload the central already holds for this kiosk).
  A page no version of the asking kiosk references (and that it is not uploading) is 404 as well,
  stored or not: a kiosk learns nothing about another kiosk's pages.
- ``PUT /pages/{sha256}?offset=N`` body = the envelope bytes from offset N (streamed,
  ``application/octet-stream``) → 201 :class:`PageStatus` when the envelope opened and its plaintext
  hashes to ``sha256``; 200 if the page was already stored; 422 ``pages.hash_mismatch`` /
  ``pages.envelope_invalid`` (the partial data is dropped, start again at offset 0);
  409 ``pages.offset_mismatch`` (header ``Upload-Offset`` says where to continue; offset 0 always
  restarts); 409 ``pages.not_referenced`` (no version this kiosk pushed references the page).
  Optional header ``Upload-Length`` (total envelope size): when the body ends before it, the
  central keeps the part and answers 200 with ``stored=false`` — chunked uploads. Without it the
  end of the body is the end of the envelope. A dropped connection keeps what arrived.
- ``POST /page-batches`` :class:`PageBatchRequest` (small envelopes, base64, ≤
  :data:`PAGE_BATCH_MAX_PAGES` pages of ≤ :data:`PAGE_BATCH_MAX_ENVELOPE` bytes, ≤
  :data:`PAGE_BATCH_MAX_BYTES` together) → :class:`PageBatchResponse`, one result per page in
  order: each page is checked like a ``PUT`` and refused alone (``pages.hash_mismatch``,
  ``pages.envelope_invalid``, ``pages.not_referenced``; ``request.too_large`` for the pages past
  :data:`PAGE_BATCH_MAX_BYTES`, which go again by ``PUT``) while the others are stored; ``stored``
  is true only once the page is durable at the central. Idempotent: a page already stored, or
  named twice, is answered ``stored`` again.
- ``POST /page-batches`` with the Content-Type :data:`PAGE_BATCH_BINARY_MEDIA_TYPE`: the same
  pages as raw bytes (layout in :mod:`kiosk.page_batch_body`: no base64, no JSON; ≤
  :data:`PAGE_BATCH_BINARY_MAX_PAGES` pages) → the same :class:`PageBatchResponse` under the same
  rules; 400 ``request.malformed`` for a body that breaks the layout, 422 ``request.invalid`` for
  one past a bound. Added for issue 17; a central before it answers 422 (it reads the body as
  JSON), and the kiosk sends the JSON body instead.
- ``GET /pull?cursor=N&limit=M`` → :class:`PullResponse`.
- ``POST /audit/head`` :class:`AuditHead` (the kiosk's audit-chain head, sent every round) →
  :class:`AuditAnchors` (the anchors the central holds for this kiosk, newest last);
  ``GET /audit/anchors`` → :class:`AuditAnchors` (all of them; ``kiosk audit verify``).
- ``POST /erasures`` :class:`ErasureReport` (erasures this kiosk carried out, consent withdrawn at
  its desk) → :class:`ErasureReportResponse`. Pull events of kind ``erasure``
  (:class:`ErasurePayload`) tell a kiosk to erase a registration it may hold; a push of an erased
  registration is ``invalid`` / ``push.erased`` (the kiosk erases its copy instead).
- ``POST /intake-sessions`` :class:`IntakeSessionReport` (the kiosk's intake sessions that changed,
  each a record signed by the kiosk) → :class:`IntakeSessionReportResponse` (the ids kept).
- ``GET /sanity`` → :class:`SanityResponse`; ``?detail=true`` adds ``versions`` (every
  (id, version, hash) held) so a kiosk re-pushes only what differs.
- ``GET /versions/{registration_id}/{version}`` → :class:`VersionContent`: a version of one of
  the asking kiosk's own registrations, so a kiosk restored from an older backup can take back
  the versions the central holds and it lost (issue 13.5); 404 ``versions.not_found`` for
  anything else (another kiosk's registration is not confirmed to exist).

Decisions beyond the contract (additive, an older client can ignore them):

- A push item of another kiosk's registration id is answered ``outcome="invalid"`` with error
  code ``push.forbidden`` (the outcome set stays the contract's four).
- A NEW registration is accepted only when its number (:func:`reg_no_code`) carries the pushing
  kiosk's code, or the provisional code it numbered with before enrolment
  (``EnrollRequest.provisional_code``); otherwise ``invalid`` / ``push.number_foreign``.
- A NEW registration's id must have been made by the pushing kiosk's key: a UUIDv8 whose low 62
  bits are a tag of the kiosk's Ed25519 public key and the id's own time and sequence
  (:mod:`kiosk.security.regid`); an untagged UUIDv7 of an older kiosk only when its timestamp is
  before the central's cutoff. Otherwise ``invalid`` / ``push.id_foreign``: an id read off another
  kiosk's receipt cannot be taken before its owner pushes it.
- The enrolment link (:func:`enrolment_link`) carries the central's TLS pin when it serves TLS;
  a kiosk enrolling from it refuses a central whose key differs.
- Every item carries ``signature``: the kiosk's Ed25519 signature (base64) over
  :func:`version_signing_bytes`. The central verifies it with the key the kiosk enrolled with and
  keeps it with the version; a missing or wrong one is ``invalid`` / ``push.signature_invalid``,
  except a missing one from a kiosk still on the older app during the central's rolling-upgrade
  window (:mod:`kiosk.central.transition`), stored with an empty signature.
- Or, once a central answered ``accepts_push_signature``, the items carry none and the request
  carries ``push_signature``: one signature over a Merkle tree of the items' signing bytes
  (:mod:`kiosk.push_signature`); the central keeps it with each version, with the version's path.
- :class:`PushResult` carries ``content_hash``: the hash the central holds as *the* content of
  (id, version) — for ``conflict`` that is the first one stored, so the kiosk can show both.
- :class:`PullResponse` carries ``has_more`` (pull again at once when true).
- ``kiosk_key`` payloads carry ``kiosk_code``, ``mpp`` and ``revoked`` too.
- 429 (rate limit, or an upload of the same page still running) carries ``Retry-After``
  seconds; a client waits and retries. 503 ``central.unavailable`` is retryable as well.
  401/403/409/413/422 are not retried (the same request would fail the same way).

Models are lenient where the central judges an item on its own (``content_hash`` format, status
values, page hashes): one bad item must come back ``invalid`` without failing the whole batch.
Both sides speak through these models: the kiosk builds each :class:`PushItem` with
``model_construct`` (its own data, once per pushed version; the central validates what arrives) and
reads every :class:`PushResult` on its own (:class:`kiosk.sync.client.PushAnswer`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

API_PREFIX = "/api/v1"
MAX_PUSH_ITEMS = 100
MAX_PUSH_BYTES = 8 * 1024 * 1024
MAX_PAGE_BYTES = 64 * 1024 * 1024  # one page envelope; a central may be configured lower
UPLOAD_OFFSET = "Upload-Offset"
UPLOAD_LENGTH = "Upload-Length"

PushOutcome = Literal["stored", "unchanged", "conflict", "invalid"]
EventKind = Literal["verdict", "reference", "staff", "kiosk_key", "erasure"]
VerdictStatus = Literal["verified", "needs_fix", "rejected"]

# Stable error codes a client may act on (others exist; all are dotted and documented here).
AUTH_INVALID = "auth.invalid"  # 401: no, malformed or unknown device token
AUTH_REVOKED = "auth.revoked"  # 401: the kiosk was revoked; stop syncing, tell the staff
RATE_LIMITED = "rate.limited"  # 429 + Retry-After
REQUEST_TOO_LARGE = "request.too_large"  # 413
REQUEST_INVALID = "request.invalid"  # 422: the request does not match the schema
REQUEST_MALFORMED = "request.malformed"  # 400: the body cannot be parsed
ENROLL_CODE_INVALID = "enroll.code_invalid"  # 403
ENROLL_CODE_SPENT = "enroll.code_spent"  # 403
ENROLL_CODE_EXPIRED = "enroll.code_expired"  # 403
ENROLL_KEY_INVALID = "enroll.key_invalid"  # 422
PUSH_FORBIDDEN = "push.forbidden"  # item: another kiosk's registration id
PUSH_HASH_MISMATCH = "push.hash_mismatch"  # item: content_hash ≠ SHA-256(canonical JSON)
PUSH_ITEM_INVALID = "push.item_invalid"  # item: malformed id/version/hash/status/page list
PUSH_CONTENT_INVALID = "push.content_invalid"  # item: content unreadable or inconsistent
PUSH_SIGNATURE_INVALID = "push.signature_invalid"  # item: no signature, or not the kiosk's key
PUSH_NUMBER_FOREIGN = "push.number_foreign"  # item: a new registration's number is not this kiosk's
PUSH_ID_FOREIGN = "push.id_foreign"  # item: a new registration's id made by another key
PAGES_NOT_FOUND = "pages.not_found"  # 404
PAGES_HASH_MISMATCH = "pages.hash_mismatch"  # 422, partial dropped
PAGES_ENVELOPE_INVALID = "pages.envelope_invalid"  # 422, partial dropped
PAGES_OFFSET_MISMATCH = "pages.offset_mismatch"  # 409 + Upload-Offset
PAGES_NOT_REFERENCED = "pages.not_referenced"  # 409
PAGES_BUSY = "pages.busy"  # 429 + Retry-After: this page is being uploaded right now
CENTRAL_UNAVAILABLE = "central.unavailable"  # 503 + Retry-After
CENTRAL_BUSY = "central.busy"  # 503 + Retry-After: shedding load, the answer is "come back"
# the turn a busy central booked for the refused request (its wall-clock seconds, as text); the
# kiosk sends it back with its retry and is served before newcomers once it is due
QUEUE_TURN = "Kiosk-Queue-Turn"
PUSH_ERASED = "push.erased"  # item: the registration was erased (data-subject request)


class _Model(BaseModel):
    # strict: JSON types must match (no "1" for 1); unknown fields are ignored (newer peers).
    model_config = ConfigDict(strict=True, extra="ignore")


# -- errors --------------------------------------------------------------------------------------
class ErrorBody(_Model):
    code: str
    message: str


class ErrorResponse(_Model):
    error: ErrorBody


# -- enrolment -----------------------------------------------------------------------------------
class EnrollRequest(_Model):
    code: str = Field(max_length=64, description="one-time enrolment code, e.g. ABCD-EFGH-JKMN")
    kiosk_name: str = Field(max_length=200)
    signing_public_key: str = Field(max_length=4096, description="Ed25519 public key, PEM")
    document_public_key: str = Field(max_length=4096, description="X25519 public key, PEM")
    provisional_code: str = Field(
        default="", max_length=12, description="the code of numbers made before enrolment"
    )


class EnrollResponse(_Model):
    kiosk_id: str
    kiosk_code: str = Field(description="the code in this kiosk's registration numbers")
    mpp: str
    device_token: str = Field(description="keep secret; the central stores only its hash")
    central_document_public_key: str = Field(description="X25519 public key, PEM")


# The enrolment link: the central's address and a one-time code in one text, shown by the
# console as text and as a QR code; the kiosk's enrolment screen scans or takes it pasted. When
# the central serves TLS the link carries its key's pin after ``#pin=`` (kiosk.sync.tls's form:
# ``sha256/`` + base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo), so a kiosk
# enrolling from it trusts that key and no other, not whatever answers its first connection.
ENROL_LINK_PREFIX = "kiosk-enrol:"
ENROL_LINK_PIN = "#pin="
TLS_PIN_PATTERN = r"^sha256/[A-Za-z0-9+/]{43}=$"


class EnrolmentLink(NamedTuple):
    url: str
    code: str
    pin: str  # empty: the link carries none (plain http on loopback, or an older console)


def enrolment_link(central_url: str, code: str, pin: str = "") -> str:
    """``kiosk-enrol:CODE@URL`` (e.g. ``kiosk-enrol:ABCD-EFGH-JKMN@https://pusat.example:8443``),
    with ``#pin=PIN`` after an ``https://`` address when ``pin`` is given."""
    url = central_url.strip().rstrip("/")
    link = f"{ENROL_LINK_PREFIX}{code.strip()}@{url}"
    pin = pin.strip()
    return f"{link}{ENROL_LINK_PIN}{pin}" if pin and url.lower().startswith("https://") else link


def read_enrolment_link(text: str) -> EnrolmentLink | None:
    """The address, code and pin of an enrolment link (blanks around it ignored), else ``None``;
    a link whose pin is not a well-formed pin is not a link."""
    text = (text or "").strip()
    if not text[: len(ENROL_LINK_PREFIX)].lower() == ENROL_LINK_PREFIX:
        return None
    code, at, rest = text[len(ENROL_LINK_PREFIX) :].partition("@")
    url, hash_, fragment = rest.partition("#")
    code, url = code.strip(), url.strip().rstrip("/")
    if not at or not code or not url.lower().startswith(("http://", "https://")):
        return None
    pin = ""
    if hash_:
        pin = fragment.removeprefix(ENROL_LINK_PIN[1:])
        if not fragment.startswith(ENROL_LINK_PIN[1:]) or not re.match(TLS_PIN_PATTERN, pin):
            return None
    return EnrolmentLink(url, code, pin)


def parse_enrolment_link(text: str) -> tuple[str, str] | None:
    """``(central_url, code)`` of an enrolment link (see :func:`read_enrolment_link`)."""
    link = read_enrolment_link(text)
    return None if link is None else (link.url, link.code)


# -- push ----------------------------------------------------------------------------------------
class PushItem(_Model):
    seq: int = Field(description="the kiosk's outbox sequence number, echoed back")
    registration_id: str
    reg_no: str
    version: int
    content_hash: str = Field(description="SHA-256 hex of canonical_json(content)")
    content: dict[str, Any] = Field(description="Registration.content()")
    status: str = "submitted"
    page_hashes: list[str] = Field(default_factory=list, description="every page's SHA-256")
    signature: str = Field(
        default="", max_length=128, description="base64 Ed25519 over version_signing_bytes()"
    )


class PushRequest(_Model):
    items: list[PushItem] = Field(max_length=MAX_PUSH_ITEMS)
    push_signature: str = Field(
        default="",
        max_length=128,
        description="base64 Ed25519 over kiosk.push_signature.root_signing_bytes(): covers "
        "every item sent without a signature of its own",
    )


class PushResult(_Model):
    seq: int
    registration_id: str
    version: int
    outcome: PushOutcome
    content_hash: str | None = None
    error: ErrorBody | None = None


class PushResponse(_Model):
    results: list[PushResult]
    missing_pages: list[str] = Field(
        default_factory=list, description="pages of the pushed versions the central lacks"
    )
    accepts_push_signature: bool = Field(
        default=False, description="the central verifies one signature per push (push_signature)"
    )


# -- pages ---------------------------------------------------------------------------------------
class PageStatus(_Model):
    sha256: str
    stored: bool
    upload_offset: int = Field(description="bytes held: the envelope size once stored")


PAGE_BATCH_MAX_PAGES = 64  # pages in one POST /page-batches
PAGE_BATCH_MAX_ENVELOPE = 256 * 1024  # a larger envelope goes by the resumable PUT
PAGE_BATCH_MAX_BYTES = 4 * 1024 * 1024  # envelopes of one batch the central takes (decoded)
PAGE_BATCH_BINARY_MAX_PAGES = 256  # pages in one binary POST /page-batches (same byte bound)
PAGE_BATCH_BINARY_MEDIA_TYPE = "application/vnd.kiosk.page-batch"  # Content-Type of that body
_SHA256 = r"^[0-9a-f]{64}$"
_BASE64 = r"^[A-Za-z0-9+/]*={0,2}$"


class PageBatchItem(_Model):
    sha256: str = Field(pattern=_SHA256, description="SHA-256 of the plaintext page")
    envelope: str = Field(
        min_length=4,
        max_length=4 * ((PAGE_BATCH_MAX_ENVELOPE + 2) // 3),
        pattern=_BASE64,
        description="the envelope bytes, base64 (standard alphabet, padded)",
    )


class PageBatchRequest(_Model):
    pages: list[PageBatchItem] = Field(min_length=1, max_length=PAGE_BATCH_MAX_PAGES)


class PageBatchResult(_Model):
    sha256: str
    stored: bool
    code: str = Field(default="", description="why the page was refused; empty when stored")


class PageBatchResponse(_Model):
    results: list[PageBatchResult]


# -- pull ----------------------------------------------------------------------------------------
class VerdictPayload(_Model):
    registration_id: str
    version: int
    status: VerdictStatus
    reason: str = ""


class StaffPayload(_Model):
    id: str
    username: str
    full_name: str
    role: str
    password_hash: str = Field(description="argon2id (argon2-cffi encoded form)")
    active: bool
    mpp: str = ""


class KioskKeyPayload(_Model):
    kiosk_id: str
    key_id: str
    public_key: str = Field(description="Ed25519 public key, PEM: verifies this kiosk's receipts")
    kiosk_code: str = ""
    mpp: str = ""
    revoked: bool = False


class ReferencePayload(_Model):
    dataset: str
    version: str
    rows: list[Any]


class ErasurePayload(_Model):
    """Erase this registration (a data-subject request at the central); confirm with POST
    /erasures. Carries no personal data: the kiosk finds its copy by id."""

    registration_id: str
    reg_no: str
    request_id: str


class SubjectDraftsPayload(_Model):
    """Erase the drafts of an erasure request's person on this kiosk (issue 13): ``subject`` is
    the person's NIK with a salt, sealed to this kiosk's document key (an envelope, base64), so
    only this kiosk reads it (:mod:`kiosk.central.erasure_drafts`). Each draft erased is reported
    as a withdrawal of its id under ``request_id``."""

    request_id: str = Field(max_length=36)
    subject: str = Field(max_length=8192, pattern=_BASE64)


PAYLOADS: dict[str, type[_Model]] = {
    "erasure": ErasurePayload,
    "subject_drafts": SubjectDraftsPayload,
    "verdict": VerdictPayload,
    "staff": StaffPayload,
    "kiosk_key": KioskKeyPayload,
    "reference": ReferencePayload,
}


class PullEvent(_Model):
    seq: int
    kind: str = Field(description="verdict | reference | staff | kiosk_key (skip unknown kinds)")
    payload: dict[str, Any]

    def parsed(self) -> BaseModel | None:
        """The typed payload, or None for a kind this client does not know."""
        model = PAYLOADS.get(self.kind)
        return None if model is None else model.model_validate(self.payload, strict=False)


class PullResponse(_Model):
    cursor: int = Field(description="pass this back as ?cursor= next time")
    events: list[PullEvent]
    has_more: bool = False


# -- sanity --------------------------------------------------------------------------------------
class SanityEntry(_Model):
    registration_id: str
    version: int
    content_hash: str


class SanityResponse(_Model):
    count: int = Field(description="registration versions the central holds for this kiosk")
    digest: str = Field(description="SHA-256 hex of sorted lines 'id:version:content_hash\\n'")
    versions: list[SanityEntry] | None = Field(
        default=None, description="only with ?detail=true: every (id, version, hash) held"
    )


VERSION_SIGNATURE_CONTEXT = b"kiosk-version-v1\x00"


def version_signing_bytes(
    registration_id: str, version: int, reg_no: str, content_hash: str, status: str
) -> bytes:
    """What a kiosk signs for one registration version (and what the central verifies).

    A context prefix keeps it apart from anything else the key signs (receipt QR codes); the
    content is covered by its hash, so the signature stays 64 bytes whatever the content's size.
    """
    fields = f"{registration_id}\n{version}\n{reg_no}\n{content_hash}\n{status}"
    return VERSION_SIGNATURE_CONTEXT + fields.encode()


def reg_no_code(reg_no: str) -> str:
    """The kiosk code a registration number carries: ``KODE`` of ``KODE-YYYYMMDD-NNNN``."""
    return reg_no.partition("-")[0].upper()


# -- audit anchors and erasures (issue 13) --------------------------------------------------------
def _integral(value: object) -> object:
    """JSON has one number type: ``3.0`` is the integer 3 (JSON Schema agrees), so it passes the
    strict ``int`` check; ``3.5`` and ``"3"`` still do not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class AuditHead(_Model):
    seq: Annotated[int, BeforeValidator(_integral)] = Field(
        ge=0, le=2**31 - 1, description="the newest audit entry's number (0: empty log)"
    )
    hash: str = Field(max_length=64, description="its chain hash, SHA-256 hex")


class AuditAnchors(_Model):
    anchors: list[AuditHead] = Field(default_factory=list, description="oldest first")
    regressed: bool = Field(default=False, description="the head sent is older than one held")


# Ids and numbers in erasure reports: letters, digits and dashes (UUIDs, ``TNJ1-20261203-0001``);
# nothing else can name a registration, and the central never stores other text from them.
_ID = r"^[0-9A-Za-z-]*$"


class ErasureConfirmation(_Model):
    request_id: str = Field(max_length=36, pattern=_ID)
    registration_id: str = Field(min_length=1, max_length=36, pattern=_ID)
    held: bool = Field(description="the kiosk held a copy (and erased it)")


class ConsentWithdrawal(_Model):
    request_id: str = Field(max_length=36, pattern=_ID)
    registration_id: str = Field(min_length=1, max_length=36, pattern=_ID)
    reg_no: str = Field(max_length=64, pattern=_ID)


MAX_ERASURE_ITEMS = 100  # per list of one report: the kiosk sends more in several reports


class ErasureReport(_Model):
    confirmations: list[ErasureConfirmation] = Field(
        default_factory=list, max_length=MAX_ERASURE_ITEMS
    )
    withdrawals: list[ConsentWithdrawal] = Field(default_factory=list, max_length=MAX_ERASURE_ITEMS)


class ErasureReportResponse(_Model):
    accepted: list[str] = Field(description="registration ids the central recorded")


class VersionContent(_Model):
    registration_id: str
    version: int
    content_hash: str
    content: dict[str, Any] = Field(description="Registration.content(), as pushed")


VERSIONS_NOT_FOUND = "versions.not_found"  # 404


def sanity_digest(rows: list[tuple[str, int, str]]) -> str:
    """The sanity digest both sides compute: over sorted ``id:version:hash`` lines."""
    import hashlib

    lines = sorted(f"{rid}:{version}:{content_hash}\n" for rid, version, content_hash in rows)
    return hashlib.sha256("".join(lines).encode()).hexdigest()


# -- intake sessions (issue 14) -------------------------------------------------------------------
# ``POST /intake-sessions`` :class:`IntakeSessionReport` → :class:`IntakeSessionReportResponse`:
# the kiosk's offline intake sessions, each record whole (a newer one replaces the older), signed
# with the kiosk's Ed25519 key over :func:`intake_session_signing_bytes`. A record is sent when it
# changed since the central last accepted it (opened, a registration of it submitted, closed); an
# offline bundle carries the same records (manifest ``intake_sessions``). The central answers the
# ids it kept; a record of another kiosk's session id, with a bad signature or an impossible date
# is left out (the kiosk sends it again next round and logs it).
#
# A session with more registrations than one record holds (MAX_SESSION_REGISTRATIONS) travels as
# ``parts`` records with the same id and header, each with its slice of the ids, its ``part``
# number and its own signature over all of that (so no part can be moved to another session or
# record revision); they travel in one report (or bundle) and the central keeps the session only
# when every part is there and valid, as the union of their ids. A one-part record's signing bytes
# leave ``part``/``parts`` out: they are exactly an older kiosk's, so older kiosks keep working and
# an older central (which ignores the unknown fields) still verifies one-part records.
MAX_INTAKE_SESSIONS = 20  # records per report (and parts per session: one report carries them)
MAX_SESSION_REGISTRATIONS = 5000  # registration ids per record (a day's team makes hundreds)
MAX_SESSION_TEAM = 20
_TEXT = r"^[^\x00-\x1f\x7f]*$"  # one line of text: no control characters (PostgreSQL, logs)
_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_TIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,15}(\+00:00|Z)$"  # ISO 8601 UTC
_TIME_OR_NONE = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,15}(\+00:00|Z))?$"


class IntakeSessionRecord(_Model):
    id: str = Field(min_length=1, max_length=36, pattern=_ID)
    place: str = Field(min_length=1, max_length=200, pattern=_TEXT)
    day: str = Field(pattern=_DAY, description="the local date at the kiosk, YYYY-MM-DD")
    team: list[Annotated[str, Field(min_length=1, max_length=100, pattern=_TEXT)]] = Field(
        default_factory=list, max_length=MAX_SESSION_TEAM
    )
    target_list: str = Field(default="", max_length=200, pattern=_TEXT)
    target_count: Annotated[int, BeforeValidator(_integral)] = Field(default=0, ge=0, le=1_000_000)
    opened_at: str = Field(pattern=_TIME, max_length=40)
    closed_at: str = Field(default="", pattern=_TIME_OR_NONE, description="empty while open")
    registration_ids: list[Annotated[str, Field(min_length=1, max_length=36, pattern=_ID)]] = Field(
        default_factory=list,
        max_length=MAX_SESSION_REGISTRATIONS,
        description="the registrations made during the session that travel (not drafts)",
    )
    part: Annotated[int, BeforeValidator(_integral)] = Field(
        default=0, ge=0, lt=MAX_INTAKE_SESSIONS, description="this record's part, from 0"
    )
    parts: Annotated[int, BeforeValidator(_integral)] = Field(
        default=1, ge=1, le=MAX_INTAKE_SESSIONS, description="how many records carry the session"
    )
    signature: str = Field(default="", max_length=128, description="base64 Ed25519")


class IntakeSessionReport(_Model):
    sessions: list[IntakeSessionRecord] = Field(max_length=MAX_INTAKE_SESSIONS)


class IntakeSessionReportResponse(_Model):
    accepted: list[str] = Field(description="ids of the sessions the central now holds as sent")


INTAKE_SESSION_CONTEXT = b"kiosk-intake-session-v1\x00"


def intake_session_signing_bytes(record: IntakeSessionRecord) -> bytes:
    """What a kiosk signs for one session record: the record without its signature, as JSON with
    sorted keys and no spaces (both ends build it from the same model); a one-part record without
    ``part``/``parts`` (an older kiosk's bytes)."""
    import json

    single = record.parts == 1 and record.part == 0
    body = record.model_dump(exclude={"signature", "part", "parts"} if single else {"signature"})
    return INTAKE_SESSION_CONTEXT + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def intake_session_digest(parts: list[IntakeSessionRecord]) -> str:
    """What both ends hold a session's record as: one part's SHA-256 over its signing bytes (what
    it was before parts existed), or the SHA-256 over the parts' digests in part order."""
    import hashlib

    digests = [hashlib.sha256(intake_session_signing_bytes(r)).hexdigest() for r in parts]
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("".join(digests).encode()).hexdigest()
