"""Rules that need the reference data: region codes and KBLI codes.

Which reference data: the instance passed to ``validate_registration(refs=…)`` (held in a context
variable for the duration of the call, so threads and nested calls do not mix), else the default
:meth:`kiosk.reference.Reference.load`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from kiosk.domain.issues import Issue
from kiosk.i18n import register
from kiosk.reference import Reference
from kiosk.text import is_ascii_digits

Cleaned = tuple[Any, list[Issue]]
MAX_KBLI = 20

_REFS: ContextVar[Reference | None] = ContextVar("kiosk_reference", default=None)


def reference() -> Reference:
    """The reference data in use: ``validate_registration(refs=…)``, or the default."""
    return _REFS.get() or Reference.load()


@contextmanager
def using_reference(refs: Reference | None) -> Iterator[None]:
    token = _REFS.set(refs)
    try:
        yield
    finally:
        _REFS.reset(token)


def region_rule(level: str, dots: int) -> Callable[[str, Any], Cleaned]:
    def clean(path: str, value: Any) -> Cleaned:
        if not isinstance(value, str):
            return value, [Issue(path, "validation.type")]
        code = value.strip()
        region = reference().region(code) if code.count(".") == dots else None
        if region is None or region.level != level:
            return value, [Issue(path, "validation.region.unknown")]
        return code, []

    return clean


def kbli_code(path: str, value: Any) -> Cleaned:
    if not isinstance(value, str):
        return value, [Issue(path, "validation.type")]
    code = value.strip()
    if not (is_ascii_digits(code) and len(code) == 5):
        return value, [Issue(path, "validation.kbli.format")]
    if reference().kbli(code) is None:
        return value, [Issue(path, "validation.kbli.unknown", params={"value": code})]
    return code, []


def kbli_list(path: str, value: Any) -> Cleaned:
    if not isinstance(value, list):
        return value, [Issue(path, "validation.type")]
    cleaned: list[Any] = []
    issues: list[Issue] = []
    for index, item in enumerate(value):
        code, found = kbli_code(f"{path}.{index}", item)
        issues += found
        if not found and code in cleaned:
            issues.append(
                Issue(f"{path}.{index}", "validation.kbli.duplicate", params={"value": code})
            )
        cleaned.append(code)
    if len(value) > MAX_KBLI:
        issues.append(Issue(path, "validation.kbli.too_many", params={"max": MAX_KBLI}))
    return cleaned, issues


register(
    {
        "validation.region.unknown": {
            "id": "{field}: kode wilayah itu tidak ada dalam daftar wilayah. Pilih dari daftar.",
            "en": "{field}: that region code is not in the region list. Pick it from the list.",
        },
        "validation.kbli.format": {
            "id": "{field}: kode KBLI terdiri dari 5 angka, misalnya 10710.",
            "en": "{field}: a KBLI code has 5 digits, e.g. 10710.",
        },
        "validation.kbli.unknown": {
            "id": "{field}: kode {value} tidak ada di KBLI 2020.",
            "en": "{field}: code {value} is not in KBLI 2020.",
        },
        "validation.kbli.duplicate": {
            "id": "{field}: kode {value} sudah dipilih.",
            "en": "{field}: code {value} is already chosen.",
        },
        "validation.kbli.too_many": {
            "id": "{field}: paling banyak {max} kode.",
            "en": "{field}: at most {max} codes.",
        },
    }
)
