"""Registration kiosk core: domain, validation, storage, documents, receipts, sync, central.

This package never imports Qt; the PySide6 front end lives in ``ui``.
"""

__version__ = "0.1.0"
