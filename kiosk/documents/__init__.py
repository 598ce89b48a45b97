"""Document capture: scanners, camera and files in; clean, small, encrypted pages out.

Modules (heavy libraries — OpenCV, numpy, Pillow, pypdfium2, img2pdf, libsane — are loaded
inside functions, so importing this package stays cheap):

- :mod:`.envelope` — the encrypted file format (AES-256-GCM, key wrapped per recipient, X25519).
- :mod:`.vault` — the content-addressed, durable store of page envelopes; :mod:`.sweep` its
  start-up check against the database.
- :mod:`.pipeline` (+ :mod:`.detect`) — find, crop, deskew, colour mode, resolution, compression.
- :mod:`.presets` — scan presets per document type, editable by a supervisor.
- :mod:`.importer` — JPEG/PNG/TIFF/PDF files, with every bad-input case turned into a message.
- :mod:`.scanner` — one scanner interface; :mod:`.sane_backend` (libsane through ctypes:
  :mod:`.sane_ctypes`, :mod:`.sane_device`, :mod:`.sane_image`), :mod:`.wia_backend`.
- :mod:`.capture` — glue: images → pipeline → vault → :class:`~kiosk.domain.model.PageRef`.
- :mod:`.pdf` — assemble a document's pages into one PDF (img2pdf).

Message codes this part raises are registered in :mod:`.messages` (imported here).
"""

from kiosk.documents import messages as _messages  # noqa: F401  (registers the texts)
