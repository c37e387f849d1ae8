"""Template globals shared by every page, and the colour rules behind `region_text_color`."""
from __future__ import annotations

import re

from flask import Flask, current_app

HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"
MIN_CONTRAST = 4.5  # WCAG AA for body text


def icon(name: str):
    """An icon from the one SVG sprite (the markup lives in templates/_macros/icons.html)."""
    return current_app.jinja_env.get_template("_macros/icons.html").module.icon(name)


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def region_text_color(background: str) -> str:
    """White or near-black, whichever reads better on the region's theme colour (WCAG contrast)."""
    return "#ffffff" if contrast_ratio(background, "#ffffff") >= contrast_ratio(background, "#111111") else "#111111"


def readable_colour(colour: str) -> bool:
    """True when white or near-black text on `colour` reaches WCAG AA contrast (4.5:1)."""
    return contrast_ratio(colour, region_text_color(colour)) >= MIN_CONTRAST


def tel_uri(number: str) -> str:
    """'0812 3456-7890' -> 'tel:081234567890': the digits (and a leading +) a phone dials."""
    number = number or ""
    return "tel:" + ("+" if number.strip().startswith("+") else "") + re.sub(r"\D", "", number)


def number_groups(numbers) -> list:
    """A region's emergency numbers as [(group, numbers)]: ungrouped ('') first, then each group in order."""
    from .staff.fields import group_emergency_numbers

    return group_emergency_numbers(numbers or [])


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(icon=icon, region_text_color=region_text_color)
    app.jinja_env.filters.update(tel_uri=tel_uri, number_groups=number_groups)
