"""QR codes as inline SVG, drawn on the server (no image files, no JavaScript): the AK/1 card's link to its
public verification page.

One `<path>` of horizontal strokes in a `viewBox`, so CSS sets the printed size and the code stays sharp
at any scale; black on no background, which prints well in black and white.
"""
from __future__ import annotations

import segno
from flask_babel import gettext as _
from markupsafe import Markup

# "M" recovers from ~15 % damage: a card folded in a wallet still scans, and the code stays small.
ERROR_LEVEL = "m"


def qr_svg(url: str, title: str | None = None) -> Markup:
    """`url` as an inline `<svg class="qr">` with a `<title>` (escaped by segno), without an XML declaration."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    return Markup(code.svg_inline(scale=1, omitsize=True, svgclass="qr", lineclass=None,
                                  title=title or _("QR code to check this card online")))
