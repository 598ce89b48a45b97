"""Problems found in what was entered: :class:`Issue` (a finding) and :class:`FieldError` (raised).

Both carry a field path of the model (``owner.nik``, ``products.2.price_idr``) and a message code of
the bilingual catalogue. Rendering names the field in the same language: the label of
``products.2.price_idr`` is the catalogue entry ``field.products.price_idr`` with ``n=3`` (people
count from one). Field labels live in :mod:`kiosk.domain.fields`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from kiosk.errors import UserFacingError
from kiosk.i18n import Lang, has, tr

Severity = Literal["error", "warning"]


def label_code(path: str) -> str:
    """``products.2.price_idr`` -> ``field.products.price_idr`` (indexes dropped)."""
    return "field." + ".".join(part for part in path.split(".") if not part.isdigit())


def field_label(path: str, lang: Lang = "id", *, plain: bool = False) -> str:
    """The field's name as people see it, e.g. ``Harga (produk 3)``; ``plain``: the everyday name
    of the owner's own screen (:mod:`kiosk.domain.plain_labels`) where there is one."""
    code = label_code(path)
    numbers = [int(part) + 1 for part in path.split(".") if part.isdigit()]
    if plain and has("field.plain." + code.removeprefix("field.")):
        code = "field.plain." + code.removeprefix("field.")
    if not has(code):
        return path
    return tr(code, lang, n=numbers[0] if numbers else "")


def render(code: str, path: str, params: dict[str, Any], lang: Lang, *, plain: bool = False) -> str:
    return tr(code, lang, **{**params, "field": field_label(path, lang, plain=plain)})


@dataclass(frozen=True)
class Issue:
    """One finding about one field: an ``error`` blocks submission, a ``warning`` does not."""

    field: str
    code: str
    severity: Severity = "error"
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def text(self, lang: Lang = "id", *, plain: bool = False) -> str:
        """The message; ``plain`` names the field in the owner's everyday words."""
        return render(self.code, self.field, self.params, lang, plain=plain)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class FieldError(UserFacingError):
    """Raised by per-value validators (``validate_nik`` …): a showable message naming the field."""

    def __init__(self, field: str, code: str, **params: Any) -> None:
        self.field = field
        super().__init__(code, **params)
        self.args = (self.text("en"),)

    def text(self, lang: Lang = "id") -> str:
        return render(self.code, self.field, self.params, lang)

    def issue(self, severity: Severity = "error") -> Issue:
        return Issue(self.field, self.code, severity, dict(self.params))


# The field labels must be in the catalogue wherever an issue can be rendered.
import kiosk.domain.fields  # noqa: E402
import kiosk.domain.plain_labels  # noqa: E402, F401
