"""The PySide6 front end of the registration kiosk.

``ui`` holds screens and widgets only; business rules live in :mod:`kiosk`. Importing this package
is cheap on purpose: :func:`ui.app.main` is the entry point and loads pages on demand.
"""
