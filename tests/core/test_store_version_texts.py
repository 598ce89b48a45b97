"""Store.version_texts: the stored bytes of exactly the (id, version) pairs asked for, read by
the registration id (the key's first column) and matched here, and a missing pair named as such."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.demo import DemoFactory
from kiosk.errors import UserFacingError
from kiosk.store import Store


def test_version_texts_are_the_pairs_asked_for(tmp_path: Path) -> None:
    with Store.open(tmp_path / "k") as store:
        factory = DemoFactory(3, kiosk_id=store.kiosk_id)
        regs = [factory.make(n) for n in range(4)]
        store.bulk_submit(regs, staff_id="test", validate=False)
        fixed = store.get(regs[0].id)
        fixed.business.employees += 1
        second = store.correct(fixed, reason="count", staff_id="test")
        assert second.version == 2
        asked = [(regs[0].id, 1), (regs[0].id, 2), (regs[1].id, 1), (regs[2].id, 2)]
        texts = store.version_texts(asked)
        assert set(texts) == set(asked)  # (regs[1], 2) and (regs[3], 1) not asked: not read
        for reg_id, version in asked[:3]:
            text = texts[(reg_id, version)]
            assert isinstance(text, bytes)
            assert json.loads(text) == store.version_content(reg_id, version)
        assert texts[(regs[0].id, 1)] != texts[(regs[0].id, 2)]
        assert isinstance(texts[(regs[2].id, 2)], UserFacingError)  # no such version
