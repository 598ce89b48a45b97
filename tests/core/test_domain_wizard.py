"""The wizard's rules (steps, flows, what each step checks), driven without widgets."""

from __future__ import annotations

import pytest

from kiosk.domain import wizard
from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Registration, Status
from kiosk.domain.wizard import SELF_SERVICE_FLOW, STAFF_FLOW, Ending, Flow, Move, Step

STAFF = Flow.staff()
SELF_SERVICE = Flow.self_service()


def test_flows() -> None:
    assert STAFF_FLOW[0] is Step.CONSENT and STAFF_FLOW[-1] is Step.RECEIPT
    assert list(STAFF_FLOW) == list(Step)
    assert SELF_SERVICE_FLOW == (
        Step.CONSENT,
        Step.BUSINESS,
        Step.OWNER,
        Step.ADDRESS,
        Step.PRODUCTS,
    )
    assert STAFF.steps == STAFF_FLOW and STAFF.ends_with is Ending.RECEIPT
    assert SELF_SERVICE.steps == SELF_SERVICE_FLOW and SELF_SERVICE.ends_with is Ending.HANDOVER
    assert STAFF.first is Step.CONSENT and SELF_SERVICE.first is Step.CONSENT
    assert Step.BANK in STAFF and Step.BANK not in SELF_SERVICE
    assert Flow.staff() == STAFF and STAFF != SELF_SERVICE


def test_walking_the_staff_flow_forward_and_back() -> None:
    reg = complete_registration(1)
    seen = [STAFF.first]
    while (step := STAFF.next(seen[-1])) is not None:
        assert STAFF.can_leave(seen[-1], reg) == []
        seen.append(step)
    assert tuple(seen) == STAFF_FLOW
    assert STAFF.prev(Step.RECEIPT) is None  # no way back after submit
    assert STAFF.prev(Step.SUBMIT, reg) is Step.REVIEW
    assert STAFF.prev(Step.CONSENT, reg) is None
    assert STAFF.progress(Step.OWNER) == (3, 10)
    assert SELF_SERVICE.progress(Step.PRODUCTS) == (5, 5)


def test_no_way_back_once_submitted() -> None:
    reg = complete_registration(1)
    reg.status = Status.SUBMITTED
    assert STAFF.prev(Step.SUBMIT, reg) is None
    assert STAFF.prev(Step.SUBMIT) is Step.REVIEW  # without a registration: the table alone


def test_jumps_only_within_the_flow_and_only_in_a_draft() -> None:
    reg = complete_registration(1)
    assert STAFF.can_go_to(Step.BANK, reg)
    assert not SELF_SERVICE.can_go_to(Step.BANK, reg)  # not one of the owner's steps
    reg.status = Status.SUBMITTED
    assert not STAFF.can_go_to(Step.OWNER, reg)


def test_what_going_on_does() -> None:
    moves = {step: STAFF.forward(step) for step in STAFF.steps}
    assert moves.pop(Step.SUBMIT) is Move.SUBMIT
    assert moves.pop(Step.RECEIPT) is Move.FINISH  # the staff flow ends with the receipt
    assert set(moves.values()) == {Move.NEXT}
    assert [SELF_SERVICE.forward(s) for s in SELF_SERVICE.steps] == [Move.NEXT] * 4 + [
        Move.HAND_OVER  # the owner's part ends with the hand-over to staff
    ]
    assert STAFF.next(Step.SUBMIT) is Step.RECEIPT  # where a submission lands


def test_consent_comes_before_any_personal_data_in_every_flow() -> None:
    personal = {Step.BUSINESS, Step.OWNER, Step.ADDRESS, Step.PRODUCTS, Step.BANK, Step.DOCUMENTS}
    for flow in (STAFF, SELF_SERVICE):
        assert flow.first is Step.CONSENT
        before_consent = flow.steps[: flow.steps.index(Step.CONSENT)]
        assert not personal & set(before_consent)
        # The owner cannot leave the consent step without agreeing.
        assert [i.field for i in flow.can_leave(Step.CONSENT, Registration())] == ["consent"]
    with pytest.raises(ValueError):
        Flow((Step.BUSINESS, Step.CONSENT), Ending.HANDOVER)  # a flow that asks data first


def test_the_owner_may_leave_nib_and_npwp_for_staff_but_staff_may_not() -> None:
    reg = complete_registration(1)
    reg.business.nib = ""
    reg.business.npwp = ""
    blocking = {i.field for i in SELF_SERVICE.can_leave(Step.BUSINESS, reg)}
    assert blocking == {"business.nib", "business.npwp"}  # not left yet: required
    reg.left_for_staff = ["business.npwp", "business.nib"]
    assert SELF_SERVICE.can_leave(Step.BUSINESS, reg) == []
    assert wizard.waiting_for_staff(reg) == ["business.nib", "business.npwp"]  # form order
    # Staff cannot submit before they filled what was left to them.
    assert {i.field for i in STAFF.can_leave(Step.BUSINESS, reg)} == blocking
    assert {"business.nib", "business.npwp"} <= {i.field for i in STAFF.can_leave(Step.REVIEW, reg)}
    # Only the required check is waived: a wrong value is still refused.
    reg.business.nib = "123"
    assert [i.field for i in SELF_SERVICE.can_leave(Step.BUSINESS, reg)] == ["business.nib"]
    reg.business.nib = complete_registration(1).business.nib
    assert wizard.waiting_for_staff(reg) == ["business.npwp"]  # filled: no longer waits
    # Anything else the owner cannot leave, even when listed.
    reg.business.name = ""
    reg.left_for_staff.append("business.name")
    assert [i.field for i in SELF_SERVICE.can_leave(Step.BUSINESS, reg)] == ["business.name"]


def test_what_was_left_for_staff_travels_with_the_draft_not_in_the_content() -> None:
    reg = complete_registration(1)
    before = reg.content_hash()
    reg.left_for_staff = ["business.nib"]
    assert Registration.from_dict(reg.to_dict()).left_for_staff == ["business.nib"]
    assert reg.content_hash() == before and "left_for_staff" not in reg.content()
    older = reg.to_dict()
    del older["left_for_staff"]  # a draft stored before the field existed
    assert Registration.from_dict(older).left_for_staff == []


def test_self_service_ends_after_products() -> None:
    assert SELF_SERVICE.next(Step.PRODUCTS) is None
    with pytest.raises(ValueError):
        SELF_SERVICE.next(Step.BANK)
    with pytest.raises(ValueError):
        SELF_SERVICE.can_leave(Step.BANK, Registration())


def test_fields_of_each_step() -> None:
    assert STAFF.fields_of(Step.OWNER) == ("owner",)
    assert STAFF.fields_of(Step.REVIEW) == ("",)  # the whole record
    assert STAFF.fields_of(Step.RECEIPT) == ()
    assert {wizard.step_of(p) for s in Step for p in STAFF.fields_of(s) if p} == set(Step) - {
        Step.REVIEW,
        Step.SUBMIT,
        Step.RECEIPT,
    }


def test_can_leave_blocks_on_the_steps_own_errors_only() -> None:
    reg = Registration()
    business = STAFF.can_leave(Step.BUSINESS, reg)
    assert business and all(i.field.startswith("business") for i in business)
    assert {i.field for i in STAFF.can_leave(Step.CONSENT, reg)} == {"consent"}
    owner = {i.field for i in STAFF.can_leave(Step.OWNER, reg)}
    assert {"owner.nik", "owner.full_name", "owner.phone"} <= owner
    products = {i.field for i in STAFF.can_leave(Step.PRODUCTS, reg)}
    assert products == {"products"}
    assert {i.field for i in STAFF.can_leave(Step.DOCUMENTS, reg)} == {"documents"}
    assert len(STAFF.can_leave(Step.REVIEW, reg)) > len(business) + len(owner)
    assert STAFF.can_leave(Step.RECEIPT, reg) == []
    assert SELF_SERVICE.can_leave(Step.OWNER, reg) == STAFF.can_leave(Step.OWNER, reg)


def test_warnings_do_not_block() -> None:
    reg = complete_registration(1)
    reg.bank.holder_name = "Orang Lain"
    assert STAFF.can_leave(Step.BANK, reg) == []


def test_fixing_the_field_unblocks_the_step() -> None:
    reg = complete_registration(1)
    reg.owner.nik = "123"
    assert [i.code for i in STAFF.can_leave(Step.OWNER, reg)] == ["validation.nik.length"]
    reg.owner.nik = complete_registration(1).owner.nik
    assert STAFF.can_leave(Step.OWNER, reg) == []


def test_titles_and_step_of_field() -> None:
    for step in Step:
        assert wizard.title(step, "id") != wizard.title(step, "en")
    assert wizard.title(Step.OWNER, "id") == "Pemilik / penanggung jawab"
    assert wizard.step_of("products.3.price_idr") is Step.PRODUCTS
    assert wizard.step_of("address.village_code") is Step.ADDRESS
    assert wizard.step_of("consent") is Step.CONSENT
    assert wizard.step_of("nonsense") is None
    assert wizard.step_of("") is None


def test_which_edits_are_checked_at_once() -> None:
    assert wizard.checks_on_edit("owner.nik")
    assert wizard.checks_on_edit("products.2.price_idr")
    for whole in ("products", "documents", "consent"):
        assert not wizard.checks_on_edit(whole)  # checked with its step


def test_a_draft_reopens_where_it_was_left() -> None:
    assert STAFF.step_at("bank") is Step.BANK
    assert STAFF.step_at("") is Step.CONSENT
    assert SELF_SERVICE.step_at("bank") is Step.CONSENT  # not part of the owner's flow
