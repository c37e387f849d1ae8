"""One template, two renderings: the full page, or one named block for an htmx request."""
from __future__ import annotations

from flask import current_app, make_response, render_template, request


def wants_fragment() -> bool:
    """An htmx request that swaps part of a page. Boosted navigation and history restores need the whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = "content", status: int = 200, **context):
    """Render `template` whole, or only `block` for an htmx fragment request.

    Every response says `Vary: HX-Request`, so caches (browser, service worker, proxies) keep the two
    renderings of one URL apart.
    """
    app = current_app._get_current_object()
    if block and wants_fragment():
        app.update_template_context(context)
        tmpl = app.jinja_env.get_or_select_template(template)
        html = "".join(tmpl.blocks[block](tmpl.new_context(context)))
    else:
        html = render_template(template, **context)
    response = make_response(html, status)
    response.vary.add("HX-Request")
    return response
