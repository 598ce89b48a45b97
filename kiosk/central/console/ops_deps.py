"""Dependencies of the operations pages (kiosks, staff, users, reference data), on top of
:mod:`kiosk.central.console.deps`: who may open them, and that every form carries the session's
CSRF token (``Form`` fields ``csrf_token``).

- :data:`OperatorDep` / :data:`OperatorFormDep`: an administrator or an MPP supervisor (the
  supervisor's scope is then applied by :mod:`kiosk.central.console.mpp_ops`).
- :data:`AdminDep` / :data:`AdminFormDep`: administrators only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kiosk.central.console.deps import ConsoleForbidden, CsrfViewerDep, require_role
from kiosk.central.console.sessions import Viewer

OPERATORS = ("admin", "supervisor")

OperatorDep = Annotated[Viewer, Depends(require_role(*OPERATORS))]
AdminDep = Annotated[Viewer, Depends(require_role("admin"))]


def _operator_form(viewer: CsrfViewerDep) -> Viewer:
    if viewer.role not in OPERATORS:
        raise ConsoleForbidden()
    return viewer


def _admin_form(viewer: CsrfViewerDep) -> Viewer:
    if viewer.role != "admin":
        raise ConsoleForbidden()
    return viewer


OperatorFormDep = Annotated[Viewer, Depends(_operator_form)]
AdminFormDep = Annotated[Viewer, Depends(_admin_form)]
