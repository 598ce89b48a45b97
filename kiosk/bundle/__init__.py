"""Offline bundles (issue 14.3), the kiosk's side: registrations carried to the central on a stick.

A kiosk whose line is down for weeks writes every registration version, document page and its
audit chain's head that the central has not confirmed into one file (:mod:`.export`), encrypted to
the central's document key with age and signed with the kiosk's Ed25519 key
(:mod:`kiosk.bundlefile.fileformat`), optionally split over several files. The central verifies
signature and enrolment before it opens anything, then applies the contents through the same
exactly-once path as a push (:mod:`kiosk.central.bundle_import`): a bundle imported twice, or
imported and then followed by the kiosk's sync, stores every version once. The central writes
back a small confirmation file the kiosk can import (:mod:`.confirm`); without it, the kiosk's
next sync learns the same (the versions are still in its outbox and come back ``unchanged``).

The package sits above ``kiosk.sync``: it reuses its push item, so a bundle item IS a push item.
The file format and messages live one level lower in :mod:`kiosk.bundlefile`, shared with the
central's import, so the central (and its console's upload) never imports this package.
"""
