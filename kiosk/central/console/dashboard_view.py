"""The dashboard's figures as a person reads them: labels in the viewer's language, dates the
Indonesian way, regency and KBLI names from the reference data, and the SVG charts.

Kept apart from the route so the page, the screenshots and the tests all draw the same charts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.central.console.formatting import Formatter
from kiosk.central.console.texts import text
from kiosk.central.dashboard import Dashboard
from kiosk.central.svg_charts import horizontal_bars, stacked_columns

SCALES = ("mikro", "kecil", "menengah", "besar")
FORMS = ("perorangan", "cv", "pt", "firma", "koperasi", "yayasan", "other")
TOP_KBLI = 8


@dataclass(frozen=True)
class RegencyLine:
    code: str
    name: str
    registrations: int
    waiting: int
    verified: int
    needs_fix: int
    rejected: int


def short_date(fmt: Formatter, day: dt.date) -> str:
    """``3 Des`` / ``3 Dec``: the day and the month's first three letters."""
    full = fmt.date(day)
    parts = full.split(" ")
    return f"{parts[0]} {parts[1][:3]}" if len(parts) >= 2 else full


def labelled(
    board_counts: dict[str, int], order: tuple[str, ...], prefix: str, fmt: Formatter
) -> list[tuple[str, int]]:
    rows = [(text(f"{prefix}.{key}", fmt.lang), board_counts.get(key, 0)) for key in order]
    rows = [(label, n) for label, n in rows if n]
    unknown = sum(n for key, n in board_counts.items() if key not in order)
    if unknown:
        rows.append((text("dash.unknown", fmt.lang), unknown))
    return rows


def kbli_rows(board: Dashboard, fmt: Formatter) -> list[tuple[str, int]]:
    return [
        (f"{letter} · {board.kbli_titles.get(letter, '').capitalize()}", n)
        for letter, n in board.kbli_sections.most_common(TOP_KBLI)
    ]


def regency_lines(board: Dashboard, fmt: Formatter) -> list[RegencyLine]:
    """Every regency of the main province (zeros too), then any other code seen, by name."""
    from kiosk.reference import Reference

    ref = Reference.load()
    codes = [r.code for r in ref.regencies(board.main_province)] if board.main_province else []
    codes += [code for code in board.regencies if code not in codes]
    lines = []
    for code in codes:
        row = board.regencies.get(code)
        region = ref.region(code) if code else None
        name = region.name if region else (code or text("dash.unknown", fmt.lang))
        lines.append(
            RegencyLine(
                code,
                name,
                row.registrations if row else 0,
                row.waiting if row else 0,
                row.decided["verified"] if row else 0,
                row.decided["needs_fix"] if row else 0,
                row.decided["rejected"] if row else 0,
            )
        )
    return lines


def charts_for(board: Dashboard, fmt: Formatter) -> dict[str, str]:
    lang = fmt.lang
    day_total = sum(sum(v) for v in board.per_day.values())
    week_total = sum(sum(v) for v in board.per_week.values())
    series_day = [(name, board.per_day[name]) for name in board.mpps]
    series_week = [(name, board.per_week[name]) for name in board.mpps]
    n_days, n_weeks = len(board.days), len(board.weeks)
    decisions = [(actor, counts.total()) for actor, counts in board.decisions]
    ages = [(text(f"dash.age.{key}", lang), n) for key, n in board.queue_ages]
    return {
        "per_day": stacked_columns(
            "chart-day",
            text("dash.per_day", lang, n=n_days),
            text("dash.per_day.desc", lang, total=day_total, n=n_days),
            [short_date(fmt, d) for d in board.days],
            series_day,
            width=1200,
        ),
        "per_week": stacked_columns(
            "chart-week",
            text("dash.per_week", lang, n=n_weeks),
            text("dash.per_week.desc", lang, total=week_total, n=n_weeks),
            [short_date(fmt, d) for d in board.weeks],
            series_week,
            width=1200,
        ),
        "queue_age": stacked_columns(
            "chart-age",
            text("dash.queue_age", lang),
            text("dash.queue_age.desc", lang, n=board.queue_size),
            [label for label, _n in ages],
            [(text("dash.queue", lang), [n for _label, n in ages])],
            width=520,
            height=220,
        ),
        "decisions": horizontal_bars(
            "chart-decisions",
            text("dash.decisions", lang),
            text("dash.decisions.desc", lang),
            decisions,
        ),
        "scale": horizontal_bars(
            "chart-scale",
            text("dash.scale", lang),
            text("dash.scale.desc", lang),
            labelled(board.scales, SCALES, "mix.scale", fmt),
        ),
        "form": horizontal_bars(
            "chart-form",
            text("dash.form", lang),
            text("dash.form.desc", lang),
            labelled(board.legal_forms, FORMS, "mix.form", fmt),
        ),
        "kbli": horizontal_bars(
            "chart-kbli",
            text("dash.kbli", lang),
            text("dash.kbli.desc", lang),
            kbli_rows(board, fmt),
            width=1000,
            label_width=520,
        ),
    }
