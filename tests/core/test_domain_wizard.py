"""The wizard's step table, driven without widgets."""

from __future__ import annotations

import pytest

from kiosk.domain import wizard
from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Registration
from kiosk.domain.wizard import SELF_SERVICE_FLOW, STAFF_FLOW, Step


def test_flows() -> None:
    assert STAFF_FLOW[0] is Step.CONSENT and STAFF_FLOW[-1] is Step.RECEIPT
    assert list(STAFF_FLOW) == list(Step)
    assert SELF_SERVICE_FLOW == (Step.BUSINESS, Step.OWNER, Step.ADDRESS, Step.PRODUCTS)


def test_walking_the_staff_flow_forward_and_back() -> None:
    reg = complete_registration(1)
    seen = [STAFF_FLOW[0]]
    while (step := wizard.next_step(STAFF_FLOW, seen[-1], reg)) is not None:
        assert wizard.can_leave(seen[-1], reg) == []
        seen.append(step)
    assert tuple(seen) == STAFF_FLOW
    assert wizard.prev_step(STAFF_FLOW, Step.RECEIPT, reg) is None  # no way back after submit
    assert wizard.prev_step(STAFF_FLOW, Step.SUBMIT, reg) is Step.REVIEW
    assert wizard.prev_step(STAFF_FLOW, Step.CONSENT, reg) is None
    assert wizard.progress(STAFF_FLOW, Step.OWNER) == (3, 10)


def test_self_service_ends_after_products() -> None:
    assert wizard.next_step(SELF_SERVICE_FLOW, Step.PRODUCTS) is None
    with pytest.raises(ValueError):
        wizard.next_step(SELF_SERVICE_FLOW, Step.BANK)


def test_can_leave_blocks_on_the_steps_own_errors_only() -> None:
    reg = Registration()
    business = wizard.can_leave(Step.BUSINESS, reg)
    assert business and all(i.field.startswith("business") for i in business)
    assert {i.field for i in wizard.can_leave(Step.CONSENT, reg)} == {"consent"}
    owner = {i.field for i in wizard.can_leave(Step.OWNER, reg)}
    assert {"owner.nik", "owner.full_name", "owner.phone"} <= owner
    products = {i.field for i in wizard.can_leave(Step.PRODUCTS, reg)}
    assert products == {"products"}
    assert {i.field for i in wizard.can_leave(Step.DOCUMENTS, reg)} == {"documents"}
    assert len(wizard.can_leave(Step.REVIEW, reg)) > len(business) + len(owner)
    assert wizard.can_leave(Step.RECEIPT, reg) == []


def test_warnings_do_not_block() -> None:
    reg = complete_registration(1)
    reg.bank.holder_name = "Orang Lain"
    assert wizard.can_leave(Step.BANK, reg) == []


def test_fixing_the_field_unblocks_the_step() -> None:
    reg = complete_registration(1)
    reg.owner.nik = "123"
    assert [i.code for i in wizard.can_leave(Step.OWNER, reg)] == ["validation.nik.length"]
    reg.owner.nik = complete_registration(1).owner.nik
    assert wizard.can_leave(Step.OWNER, reg) == []


def test_titles_and_step_of_field() -> None:
    for step in Step:
        assert wizard.title(step, "id") != wizard.title(step, "en")
    assert wizard.title(Step.OWNER, "id") == "Pemilik / penanggung jawab"
    assert wizard.step_of("products.3.price_idr") is Step.PRODUCTS
    assert wizard.step_of("address.village_code") is Step.ADDRESS
    assert wizard.step_of("nonsense") is None
