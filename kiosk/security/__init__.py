"""The kiosk's keys and crypto: signing, sealing personal data, blind indexes (:mod:`.keys`).

Below the store, which seals and indexes with them; nothing here imports the store. Staff accounts
and the audit log keep rows in the database and so live above it, in :mod:`kiosk.staff`.
"""
