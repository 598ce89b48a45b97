"""The UMKM scale suggested by PP 7/2021 (Peraturan Pemerintah No. 7 Tahun 2021), Pasal 35–36.

Pasal 35 ayat (1): micro, small and medium businesses are classed by *modal usaha* (business
capital, excluding the land and buildings of the business premises) **or** *hasil penjualan tahunan*
(annual sales). Ayat (2): the capital criterion is the one used for establishing or **registering**
a business activity; ayat (4)–(5): the sales criterion serves the other facilities.

Thresholds (ayat 3 and 5; "lebih dari" = more than, "paling banyak" = at most):

==========  ===========================  ============================
scale       capital (excl. land/bldg.)   annual sales
==========  ===========================  ============================
mikro       ≤ Rp1.000.000.000            ≤ Rp2.000.000.000
kecil       > Rp1 M – ≤ Rp5 M            > Rp2 M – ≤ Rp15 M
menengah    > Rp5 M – ≤ Rp10 M           > Rp15 M – ≤ Rp50 M
besar       > Rp10 M                     > Rp50 M   (Pasal 36: usaha besar)
==========  ===========================  ============================

Decision for this kiosk: registration as a supplier is a *pendaftaran*, and the NIB that OSS issues
carries the scale from the capital, so **capital decides when it is given** (ayat 2); annual sales
decide only when capital is missing. When both are given and disagree, the rule text says so, and
staff choose the final scale (``Business.scale``); the suggestion, both inputs and the rule text are
stored (``scale_suggested``, ``capital_idr``, ``annual_sales_idr``, ``scale_rule``).
Checked against the regulation text (Pasal 35, as published) on 2026-11-25.
"""

from __future__ import annotations

from kiosk.domain.formatting import format_rupiah
from kiosk.domain.model import Scale
from kiosk.i18n import Lang, register, tr

REGULATION = "PP 7/2021"
# Upper bounds, inclusive ("paling banyak"); above the last bound is besar.
CAPITAL_LIMITS: tuple[tuple[Scale, int], ...] = (
    (Scale.MIKRO, 1_000_000_000),
    (Scale.KECIL, 5_000_000_000),
    (Scale.MENENGAH, 10_000_000_000),
)
SALES_LIMITS: tuple[tuple[Scale, int], ...] = (
    (Scale.MIKRO, 2_000_000_000),
    (Scale.KECIL, 15_000_000_000),
    (Scale.MENENGAH, 50_000_000_000),
)


def scale_by(amount: int, limits: tuple[tuple[Scale, int], ...]) -> Scale:
    """The smallest scale whose upper bound ``amount`` does not exceed."""
    for scale, upper in limits:
        if amount <= upper:
            return scale
    return Scale.BESAR


def suggest_scale(
    capital_idr: int | None, annual_sales_idr: int | None, lang: Lang = "id"
) -> tuple[Scale | None, str]:
    """``(scale, rule text)``; ``(None, text)`` when neither figure is known.

    The rule text names the regulation, the criterion that decided, the amount and the bound, e.g.
    ``PP 7/2021 Pasal 35 ayat (3): modal usaha Rp 800.000.000 ≤ Rp 1.000.000.000 → mikro``.
    Store it in ``Business.scale_rule`` (the Indonesian form, ``lang="id"``, is the record).
    """
    if capital_idr is None and annual_sales_idr is None:
        return None, tr("scale.rule.none", lang)
    if capital_idr is not None:
        scale = scale_by(capital_idr, CAPITAL_LIMITS)
        text = _explain("capital", capital_idr, scale, CAPITAL_LIMITS, lang)
        if annual_sales_idr is not None:
            other = scale_by(annual_sales_idr, SALES_LIMITS)
            if other != scale:
                text += " " + tr(
                    "scale.rule.disagree",
                    lang,
                    amount=format_rupiah(annual_sales_idr, lang),
                    other=tr(f"scale.{other.value}", lang),
                )
        return scale, text
    assert annual_sales_idr is not None
    scale = scale_by(annual_sales_idr, SALES_LIMITS)
    return scale, _explain("sales", annual_sales_idr, scale, SALES_LIMITS, lang)


def _explain(
    criterion: str, amount: int, scale: Scale, limits: tuple[tuple[Scale, int], ...], lang: Lang
) -> str:
    bounds = dict(limits)
    if scale in bounds:
        bound, op = bounds[scale], "≤"
    else:
        bound, op = limits[-1][1], ">"
    return tr(
        f"scale.rule.{criterion}",
        lang,
        amount=format_rupiah(amount, lang),
        op=op,
        bound=format_rupiah(bound, lang),
        scale=tr(f"scale.{scale.value}", lang),
    )


register(
    {
        "scale.mikro": {"id": "mikro", "en": "micro"},
        "scale.kecil": {"id": "kecil", "en": "small"},
        "scale.menengah": {"id": "menengah", "en": "medium"},
        "scale.besar": {"id": "besar", "en": "large"},
        "scale.rule.capital": {
            "id": "PP 7/2021 Pasal 35 ayat (3): modal usaha (tanpa tanah dan bangunan) "
            "{amount} {op} {bound} → {scale}.",
            "en": "PP 7/2021 Art. 35(3): business capital (excluding land and buildings) "
            "{amount} {op} {bound} → {scale}.",
        },
        "scale.rule.sales": {
            "id": "PP 7/2021 Pasal 35 ayat (5): hasil penjualan tahunan {amount} {op} {bound} "
            "→ {scale} (modal usaha tidak diisi).",
            "en": "PP 7/2021 Art. 35(5): annual sales {amount} {op} {bound} → {scale} "
            "(business capital not given).",
        },
        "scale.rule.disagree": {
            "id": "Menurut hasil penjualan tahunan ({amount}) usaha ini {other}; untuk pendaftaran "
            "yang menentukan adalah modal usaha (Pasal 35 ayat (2)).",
            "en": "By annual sales ({amount}) this business is {other}; for registration the "
            "capital criterion decides (Art. 35(2)).",
        },
        "scale.rule.none": {
            "id": "Isi modal usaha atau hasil penjualan tahunan untuk saran skala usaha (PP "
            "7/2021).",
            "en": "Enter business capital or annual sales for a scale suggestion (PP 7/2021).",
        },
    }
)
