"""The price chart is drawn on the server: exact points for small series (x by day across the period, y
between the lowest and highest value), breaks across long gaps, a dot for a lone price, nothing for no
prices, the ceiling-price line, and escaped text."""
from __future__ import annotations

import re
from datetime import date

from webapp.modules.harga import chart
from webapp.modules.harga.chart import BOTTOM, LEFT, RIGHT, TOP

NOV = [date(2026, 11, d) for d in range(1, 31)]


def draw(points, **kwargs) -> str:
    return str(chart.svg(points, title="Beras", desc="Harga beras", **kwargs))


def path_d(svg: str) -> str:
    """The `d` of the price line (the one drawn with fill="none")."""
    return re.search(r'<path d="([^"]+)" fill="none"', svg).group(1)


def test_points_spread_by_day_across_the_width_and_scaled_between_min_and_max():
    points = [(NOV[0], 10_000), (NOV[1], 12_000), (NOV[4], 11_000)]
    drawn = chart.plot(points)
    assert (LEFT, RIGHT, TOP, BOTTOM) == (4, 396, 24, 160)
    assert drawn.segments == [[(4, 160), (102, 24), (396, 92)]]  # x: 4 + day*392/4; y: 160 - (v-10000)*136/2000
    assert path_d(draw(points)) == "M4,160L102,24L396,92"


def test_coordinates_are_rounded_to_one_decimal():
    points = [(NOV[0], 10_000), (NOV[1], 10_100), (NOV[3], 10_300)]
    assert path_d(draw(points)) == "M4,160L134.7,114.7L396,24"


def test_period_wider_than_the_data_leaves_the_missing_days_empty():
    points = [(NOV[9], 5_000), (NOV[10], 6_000)]
    svg = draw(points, start=NOV[0], end=NOV[10])
    assert path_d(svg) == "M356.8,160L396,24"  # the first nine days of the period have no line
    assert ">2026-11-01</text>" in svg and ">2026-11-11</text>" in svg  # first and last day of the period


def test_line_breaks_across_more_than_seven_days_without_prices():
    points = [(NOV[0], 10_000), (NOV[1], 11_000), (NOV[9], 12_000), (NOV[10], 12_000)]
    drawn = chart.plot(points)
    assert [len(run) for run in drawn.segments] == [2, 2]
    assert path_d(draw(points)).count("M") == 2
    # a gap of exactly a week (a long holiday) is still joined
    assert len(chart.plot([(NOV[0], 10_000), (NOV[7], 11_000)]).segments) == 1


def test_a_lone_price_between_gaps_is_a_dot():
    points = [(NOV[0], 10_000), (NOV[1], 11_000), (NOV[12], 12_000), (NOV[25], 11_500), (NOV[26], 11_000)]
    svg = draw(points)
    assert svg.count("<circle") == 1
    assert path_d(svg).count("M") == 2


def test_single_point_sits_in_the_middle():
    svg = draw([(NOV[4], 13_500)])
    assert '<circle cx="200" cy="92" r="3"' in svg
    assert svg.count(">13500</text>") == 2  # it is both the lowest and the highest value


def test_empty_series_draws_nothing():
    assert chart.svg([], title="t", desc="d") == ""
    assert chart.plot([]) is None


def test_ceiling_price_line_is_inside_the_scale():
    points = [(NOV[0], 10_000), (NOV[2], 12_000)]
    inside = draw(points, reference=11_000, reference_label="HET Rp 11.000")
    assert '<path d="M4,92H396" stroke="currentColor" stroke-width="1.5" stroke-dasharray="6 4"/>' in inside
    assert ">HET Rp 11.000</text>" in inside
    above = chart.plot(points, reference=13_000)
    assert above.reference_y == TOP and above.high == 13_000  # the scale grows to show the ceiling
    assert above.segments == [[(4, 160), (396, 69.3)]]
    assert "stroke-dasharray" not in draw(points)


def test_chart_is_an_accessible_image_with_escaped_text():
    svg = draw([(NOV[0], 1_000), (NOV[1], 2_000)], value_label=lambda v: f"<b>{v}</b>")
    assert 'role="img"' in svg and 'aria-labelledby="chart-t chart-d"' in svg
    assert '<title id="chart-t">Beras</title><desc id="chart-d">Harga beras</desc>' in svg
    assert "<b>" not in svg and "&lt;b&gt;2000&lt;/b&gt;" in svg
    hostile = str(chart.svg([(NOV[0], 1_000)], title="<script>x</script>", desc='"&'))
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
