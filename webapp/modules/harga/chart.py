"""A price history as a line chart drawn on the server: inline SVG, so no chart library reaches the browser.

x is the day, spread evenly over the period (a day without a price keeps its place), y is the price scaled
between the lowest and highest value shown, the ceiling price included so its line always falls inside the
chart. Where more than `MAX_GAP` days pass without a price the line breaks instead of drawing a slope nobody
measured; a lone point between gaps is a dot. Coordinates are rounded to 0.1 to keep a year's chart small.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 400, 200
LEFT, RIGHT = 4, 396  # x of the period's first and last day
TOP, BOTTOM = 24, 160  # y of the highest and the lowest value
MAX_GAP = 7  # days: a longer stretch without prices breaks the line


@dataclass(frozen=True)
class Plot:
    start: date
    end: date
    low: int
    high: int
    segments: list[list[tuple[float, float]]]  # each an unbroken run of (x, y)
    reference_y: float | None = None


def scale_x(day: date, start: date, end: date) -> float:
    span = (end - start).days
    if span <= 0:
        return round((LEFT + RIGHT) / 2, 1)
    return round(LEFT + (day - start).days * (RIGHT - LEFT) / span, 1)


def scale_y(value: float, low: float, high: float) -> float:
    if high <= low:
        return round((TOP + BOTTOM) / 2, 1)
    return round(BOTTOM - (value - low) * (BOTTOM - TOP) / (high - low), 1)


def plot(points: Sequence[tuple[date, int]], start: date | None = None, end: date | None = None,
         reference: int | None = None, max_gap: int = MAX_GAP) -> Plot | None:
    """Where each (day, value) falls on the chart, or None when there is nothing to draw."""
    points = sorted(points)
    start = start or (points[0][0] if points else None)
    end = end or (points[-1][0] if points else None)
    points = [(d, v) for d, v in points if start <= d <= end] if points else []
    if not points:
        return None
    values = [v for _, v in points] + ([reference] if reference is not None else [])
    low, high = min(values), max(values)
    segments: list[list[tuple[float, float]]] = []
    previous = None
    for day, value in points:
        if previous is None or (day - previous).days > max_gap:
            segments.append([])
        segments[-1].append((scale_x(day, start, end), scale_y(value, low, high)))
        previous = day
    reference_y = scale_y(reference, low, high) if reference is not None else None
    return Plot(start, end, low, high, segments, reference_y)


def _n(value: float) -> str:
    return f"{value:g}"


def path_data(segments: list[list[tuple[float, float]]]) -> str:
    """'M4,160L200,24…M…' for the runs of two points or more."""
    return "".join("M" + "L".join(f"{_n(x)},{_n(y)}" for x, y in run) for run in segments if len(run) > 1)


def svg(points: Sequence[tuple[date, int]], *, title: str, desc: str, start: date | None = None,
        end: date | None = None, reference: int | None = None, reference_label: str = "",
        value_label: Callable[[int], str] = str, date_label: Callable[[date], str] = date.isoformat,
        chart_id: str = "chart", max_gap: int = MAX_GAP) -> Markup:
    """The chart as an accessible inline <svg> (role img, a title and a description), or '' with no points."""
    drawn = plot(points, start, end, reference, max_gap)
    if drawn is None:
        return Markup("")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<path d="M{LEFT},{TOP}H{RIGHT}M{LEFT},{BOTTOM}H{RIGHT}" stroke="#999" stroke-width="1"/>',
    ]
    if drawn.reference_y is not None:
        parts.append(f'<path d="M{LEFT},{_n(drawn.reference_y)}H{RIGHT}" stroke="currentColor" stroke-width="1.5" '
                     f'stroke-dasharray="6 4"/>')
    line = path_data(drawn.segments)
    if line:
        parts.append(f'<path d="{line}" fill="none" stroke="currentColor" stroke-width="2.5" '
                     f'stroke-linejoin="round"/>')
    parts.extend(f'<circle cx="{_n(run[0][0])}" cy="{_n(run[0][1])}" r="3" fill="currentColor"/>'
                 for run in drawn.segments if len(run) == 1)
    # Labels last, with a white halo, so they stay readable where the line crosses them.
    parts += [
        '<g font-size="14" fill="currentColor" stroke="#fff" stroke-width="3" paint-order="stroke">',
        f'<text x="{LEFT}" y="{TOP - 8}">{escape(value_label(drawn.high))}</text>',
        f'<text x="{LEFT}" y="{BOTTOM + 16}">{escape(value_label(drawn.low))}</text>',
        f'<text x="{LEFT}" y="{HEIGHT - 4}">{escape(date_label(drawn.start))}</text>',
        f'<text x="{RIGHT}" y="{HEIGHT - 4}" text-anchor="end">{escape(date_label(drawn.end))}</text>',
    ]
    if drawn.reference_y is not None:
        parts.append(f'<text x="{RIGHT}" y="{_n(drawn.reference_y - 5)}" text-anchor="end">'
                     f'{escape(reference_label)}</text>')
    parts.append("</g></svg>")
    return Markup("".join(parts))
