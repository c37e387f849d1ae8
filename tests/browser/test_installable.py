"""Chrome's own verdict: the site can be installed to the home screen."""
import time

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def test_chrome_finds_the_site_installable(playwright, live_server, tmp_path):
    # A persistent profile: in a fresh incognito-like context Chrome always answers "in-incognito".
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
    )
    try:
        page = context.new_page()
        page.goto(live_server + "/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith("/manifest.webmanifest")
        assert manifest["errors"] == []
        deadline = time.monotonic() + 10
        while True:  # Chrome checks the icons in the background after the page loads
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            if not errors or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        assert errors == []
    finally:
        context.close()
