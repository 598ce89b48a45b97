"""Looking at a receipt is not issuing one (issue 12, item 12).

Rendering four layouts to compare them, or the preview on screen, must leave the print record
empty so the first print is still the original; and while a print waits for the staff's answer the
receipt shown is that print (the original), not the copy a reprint would be.
"""

from __future__ import annotations

import pytest

from kiosk.cli import main as cli_main
from kiosk.domain.examples import complete_registration
from kiosk.receipts import service
from kiosk.receipts.prints import (
    begin_print,
    confirm_print,
    finish_print,
    next_copy_no,
    print_history,
    shown_copy_no,
)
from kiosk.staff.accounts import create_staff
from kiosk.store import Store
from tests.core.test_receipts_support import pdf_text


@pytest.fixture
def store(data_dir):
    with Store.open(data_dir) as s:
        yield s


@pytest.fixture
def submitted(store):
    staff = create_staff(store, "sari", "Sari Dewi", "operator", "rahasia-sekali-2")
    return store.submit(complete_registration(5), staff_id=staff.id)


def test_rendering_every_layout_to_compare_counts_nothing(store, submitted, tmp_path, capsys):
    for layout in ("a4", "a5", "80mm", "58mm"):
        out = tmp_path / f"{layout}.pdf"
        args = ["receipt", "render", submitted.reg_no, "--layout", layout, "-o", str(out)]
        assert cli_main(args) == 0
        assert "SALINAN" not in pdf_text(out.read_bytes())
    assert "tidak dihitung" in capsys.readouterr().out
    assert print_history(store, submitted.id) == []
    first = begin_print(store, submitted, layout="a4", channel="cups", printer="PDF")
    assert first.copy_no == 0  # the first print after all that looking is the original


def test_the_view_shows_the_original_until_the_staff_answers(store, submitted):
    copy_no, pdf = service.render_view(store, submitted, layout="a4")
    assert copy_no == 0 and "SALINAN" not in pdf_text(pdf)
    record = begin_print(store, submitted, layout="a4", channel="qt", printer="HP")
    finish_print(store, record.id, "sent", job_id="3")
    # paper may be coming out: the screen shows that original, the next print would be a copy
    assert (shown_copy_no(store, submitted), next_copy_no(store, submitted)) == (0, 1)
    copy_no, pdf = service.render_view(store, submitted, layout="80mm")
    assert copy_no == 0 and "SALINAN" not in pdf_text(pdf)
    confirm_print(store, record.id, printed=True, staff_id="s")
    copy_no, pdf = service.render_view(store, submitted, layout="a4")
    assert copy_no == 1 and "SALINAN / COPY #1" in pdf_text(pdf)
    assert len(print_history(store, submitted.id)) == 1  # the views added nothing


def test_a_failed_print_leaves_the_view_on_the_original(store, submitted):
    record = begin_print(store, submitted, layout="a4", channel="qt", printer="HP")
    finish_print(store, record.id, "failed", detail="unplugged")
    assert shown_copy_no(store, submitted) == 0
    not_out = begin_print(store, submitted, layout="a4", channel="qt", printer="HP")
    confirm_print(store, not_out.id, printed=False, staff_id="s")
    assert shown_copy_no(store, submitted) == 1  # half a receipt may exist: a reprint is a copy
