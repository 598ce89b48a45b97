"""The operations pages' one pattern: a list with an add form, refusals shown on the same page.

The kiosks, staff and console-user pages (``routes_kiosks.py``, ``routes_staff.py``,
``routes_users.py``) each show a list and a form under it. Their routes stay thin by sharing
this:

- :class:`ListPage`: reads what the page lists (``load``, one read-only session) and renders the
  template with ``error``, ``form`` (the values typed, so a refused form comes back as it was
  filled in: never a password) and ``done`` (the notice of a change that just succeeded).
- :func:`attempt`: a change in one transaction. A refusal (:class:`UserFacingError`) is returned,
  not raised, with nothing committed, so the route re-renders the form with its sentence and 422
  (:meth:`ListPage.refused`); a thing outside a supervisor's MPP (:class:`mpp_ops.OutOfScope`)
  is 403, never a hint that it exists.
- :func:`done_redirect`: success is a 303 to the list with the notice (post/redirect/get: a
  reload does not send the form again); :func:`notice` reads it back, keeping only the known
  notices and a bounded name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TypedDict, TypeVar
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from kiosk.central.console import mpp_ops
from kiosk.central.console.deps import ConsoleForbidden
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.templating import render, secure
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.errors import UserFacingError
from kiosk.i18n import as_lang

T = TypeVar("T")
NAME_MAX = 64  # a notice's name (a username) as the query string may carry it


class Notice(TypedDict):
    done: str  # which notice (a text key's last part), "" for none
    done_name: str  # the name it is about


@dataclass(frozen=True)
class ListPage:
    template: str
    load: Callable[[Session, Viewer], Mapping[str, object]]  # the page's lists, by name

    def show(
        self,
        request: Request,
        state: StateDep,
        viewer: Viewer,
        *,
        status_code: int = 200,
        error: str = "",
        form: Mapping[str, object] | None = None,
        done: str = "",
        done_name: str = "",
    ) -> Response:
        with state.factory() as session:
            lists = self.load(session, viewer)
        return render(
            request,
            viewer,
            self.template,
            status_code=status_code,
            csrf_token="",  # the viewer's
            error=error,
            form=form or {},
            done=done,
            done_name=done_name,
            **lists,
        )

    def refused(
        self,
        request: Request,
        state: StateDep,
        viewer: Viewer,
        refusal: UserFacingError | str,
        form: Mapping[str, object] | None = None,
    ) -> Response:
        """The page again with the refusal's sentence in the viewer's language, and 422."""
        error = refusal if isinstance(refusal, str) else refusal.text(as_lang(viewer.language))
        return self.show(request, state, viewer, status_code=422, error=error, form=form)


def attempt(state: StateDep, change: Callable[[Session], T]) -> T | UserFacingError:
    """``change`` in one transaction: its result, or the refusal it raised (rolled back)."""
    try:
        with session_scope(state.factory) as session:
            return change(session)
    except mpp_ops.OutOfScope:
        raise ConsoleForbidden() from None
    except UserFacingError as exc:
        return exc


def done_redirect(path: str, done: str, name: str | None = None) -> Response:
    """303 to ``path`` with the notice ``done`` (and the name it is about, quoted)."""
    query = f"done={quote(done)}" + (f"&name={quote(name)}" if name is not None else "")
    return secure(RedirectResponse(f"{path}?{query}", status_code=303))


def notice(done: str, name: str, known: Collection[str]) -> Notice:
    """The notice to show from a redirect's query: an unknown one is none."""
    return Notice(done=done if done in known else "", done_name=name[:NAME_MAX])
