"""Small charts drawn on the server as SVG, each with a text alternative (no JavaScript library)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()

# Fills with at least 3:1 contrast against the white chart background (WCAG 1.4.11), told apart
# further by the legend, the tooltip of each block and the table beside the chart.
PALETTE = ["#2f5d46", "#a4471f", "#1f5f99", "#6b4a8a", "#8a5a00", "#5b544b"]
MAX_MONTHS = 18
GAP, LEFT, TOP, PLOT, BOTTOM = 14, 30, 18, 150, 44


@dataclass
class Series:
    name: str
    colour: str
    total: int = 0


def _months(first, last):
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[-MAX_MONTHS:]


def _n(value):
    """A coordinate for SVG: always a dot as decimal mark, whatever the interface language."""
    return f"{value:.1f}".removesuffix(".0")


def _step(peak):
    for step in (1, 2, 5, 10, 20, 50):
        if peak / step <= 5:
            return step
    return 100


def _bar(index, month, series, counts, scale, bar_width, total):
    """One month's stacked blocks; adds the month's counts to the series' totals."""
    x = LEFT + GAP / 2 + index * (bar_width + GAP)
    y = TOP + PLOT
    blocks = []
    for s in series:
        n = counts[(month.year, month.month, s.name)]
        if not n:
            continue
        s.total += n
        height = n * scale
        y -= height
        blocks.append(
            {"y": _n(y), "height": _n(height), "colour": s.colour, "label": f"{s.name}: {n}"}
        )
    return {
        "x": _n(x),
        "mid": _n(x + bar_width / 2),
        "total": total,
        "total_y": _n(y - 4),
        "blocks": blocks,
        "month": date_format(month, "N"),  # apr. / April (see leergang.formats)
        "year": month.year if index == 0 or month.month == 1 else "",
        "name": date_format(month, "YEAR_MONTH_FORMAT"),
        "cells": [counts[(month.year, month.month, s.name)] for s in series],
    }


def _series(rows):
    """One series per module (in the course's order), and the entries per month and module."""
    no_module = _("No module")
    counts = Counter((d.year, d.month, title or no_module) for d, title, _path in rows)
    order = sorted({(path or "~", title or no_module) for _d, title, path in rows})
    series = [Series(title, PALETTE[i % len(PALETTE)]) for i, (_p, title) in enumerate(order)]
    return series, counts


@register.inclusion_tag("portfolio/includes/timeline.html")
def fieldwork_timeline(portfolio):
    """Finished fieldwork entries per month, stacked by module: one query, whatever the log size."""
    rows = list(
        portfolio.entries.filter(is_draft=False)
        .order_by()
        .values_list("date", "module__title", "module__path")
    )
    if not rows:
        return {"chart": None}
    series, counts = _series(rows)
    months = _months(min(r[0] for r in rows), max(r[0] for r in rows))
    per_month = [sum(counts[(m.year, m.month, s.name)] for s in series) for m in months]
    peak = max(per_month) or 1
    step = _step(peak)
    top_value = -(-peak // step) * step
    scale = PLOT / top_value
    # A few months get broad bars; a long log narrow ones, so the chart fits a phone screen.
    bar_width = max(22, min(56, 440 // len(months) - GAP))
    bars = [
        _bar(i, month, series, counts, scale, bar_width, per_month[i])
        for i, month in enumerate(months)
    ]
    ticks = [{"value": v, "y": _n(TOP + PLOT - v * scale)} for v in range(0, top_value + 1, step)]
    busiest = max(range(len(months)), key=lambda i: per_month[i])
    return {
        "chart": {
            "bars": bars,
            "ticks": ticks,
            "series": series,
            "width": LEFT + len(months) * (bar_width + GAP) + 4,
            "height": TOP + PLOT + BOTTOM,
            "bar_width": bar_width,
            "axis_y": TOP + PLOT,
            "left": LEFT,
            "total": len(rows),
            "first": bars[0]["name"],
            "last": bars[-1]["name"],
            "busiest": bars[busiest]["name"],
            "busiest_count": per_month[busiest],
            "truncated": len(rows) > sum(per_month),
        }
    }
