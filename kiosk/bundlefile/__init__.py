"""The offline bundle's file format (issue 14.3), shared by the kiosk that writes a bundle and the
central that imports it, as :mod:`kiosk.protocol` is shared by push and ``POST /push``.

- :mod:`.fileformat`: the signed, encrypted, splittable file (magic, header, age ciphertext,
  Ed25519 signature), reading it from one file or all parts of a split one, checking nothing but
  its shape; and the confirmation file's format (:data:`~.fileformat.CONFIRMATION_FORMAT`,
  :func:`~.fileformat.canonical_body`).
- :mod:`.messages`: :class:`~.messages.BundleError` and the bilingual messages of both ends.

It sits at the protocol's level: below ``kiosk.central`` and ``kiosk.sync``, so the central's
import (:mod:`kiosk.central.bundle_import`, used by the CLI and the console's upload) and the
kiosk's export and confirmation (:mod:`kiosk.bundle`) read and write the same bytes without either
end importing the other. It knows no database, no store and no service.
"""
