"""Headless Chromium (Debian's package) driven by Playwright for Python against Django's live server."""
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

# Playwright's sync API runs an event loop in the test thread; the test's own database work there is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium mangler (/usr/bin/chromium); scripts/install-browser.sh installerer den.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_in_call = report.failed


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  bypass_csp=True)  # axe-core is injected as a script tag
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    if getattr(request.node, "failed_in_call", False):
        # Leave the page as it was when the test failed, for whoever reads the failure.
        screenshot(page, f"failure-{request.node.name}")
        (SCREENSHOTS / f"failure-{request.node.name}.html").write_text(page.content())
    context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page, *, impacts=("serious", "critical")):
    """Run axe-core in the page; return the violations of the given impact (WCAG 2.1 A and AA rules)."""
    if not AXE.exists():
        pytest.fail("axe-core mangler (node_modules/axe-core); kjør scripts/install-assets.sh")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]
