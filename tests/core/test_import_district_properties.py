"""Property tests: whatever people type into a district list, the preview reads it or refuses it
with a message; names come through as typed; nothing is stored by a preview."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import UserFacingError
from kiosk.importexport.district import preview_list
from kiosk.store import Store

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = Store.open(tmp_path_factory.mktemp("district-props"))
    yield opened
    opened.close()


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


@settings(max_examples=50, deadline=None)
@given(extra=TEXT, business=TEXT, owner=TEXT, phone=TEXT, village=TEXT)
def test_any_cell_text_is_read_or_refused_with_a_message(
    store: Store, extra: str, business: str, owner: str, phone: str, village: str,
) -> None:  # fmt: skip
    path = store.paths.root.parent / "list.csv"  # one file, rewritten by every example
    header = ["Nama Usaha", "Nama Pemilik", "No HP", "Desa", extra]
    _write(path, header, [[business, owner, phone, village, "x"]])
    try:
        preview = preview_list(store, path, lang="id")
    except UserFacingError:
        return  # a file that cannot be read as a list: said so, nothing else
    assert store.count_registrations() == 0
    for plan in preview.rows:
        if plan.reg is not None and plan.action == "draft":
            if business.strip() and not business.lstrip().startswith("'"):
                assert plan.reg.business.name.strip() == business.strip()
        for problem in [*plan.problems, *plan.notes]:
            assert problem.message  # every problem says what it is
