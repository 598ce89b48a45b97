"""Screens: one module per page, each ``Page(ctx, parent)`` with a ``retranslate()`` method."""
