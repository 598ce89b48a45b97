"""Staff accounts (roles, passwords, sign-in, lockout) and the audit log of what staff did.

A layer above the store: both keep their rows in the kiosk's database (tables on
:mod:`kiosk.store.base`), while :mod:`kiosk.security` below the store holds only the keys and
crypto the store itself needs.
"""
