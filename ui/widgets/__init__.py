"""Reusable widgets of the registration pages (wizard part).

Widgets hold no business rules: they show what :mod:`kiosk.domain` and :mod:`kiosk.reference`
compute, and they report edits upward through signals.
"""
