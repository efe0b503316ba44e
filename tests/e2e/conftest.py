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
    if report.failed and item.get_closest_marker("story") and item.parent is not None:
        item.parent.failed_step = item.name


def pytest_runtest_setup(item):
    """A story's steps build on each other: after a failed step the later ones are skipped, not failed again."""
    if item.get_closest_marker("story"):
        failed_step = getattr(item.parent, "failed_step", None)
        if failed_step is not None:
            pytest.skip(f"an earlier step failed: {failed_step}")


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


@pytest.fixture(scope="class")
def story_site(django_db_setup, django_db_blocker):
    """A live server over committed data for a story class: the steps share the data and one browser page.

    The live server commits in its own thread and connection, so this fixture does what a transactional test
    does, once for the whole class: it opens the database to the class and flushes it after the last step. The
    steps themselves are marked `django_db` (so that the test database is set up) and only read in their own
    transaction what the server committed. The `browser` tests run last (tests/conftest.py), with the
    transactional ones.
    """
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", verbosity=0, interactive=False)


@pytest.fixture(scope="class")
def story_page(browser, request):
    """One browser page for all the steps of a story class."""
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _keep_the_page_of_a_failed_step(request):
    """When a story step fails, keep a screenshot and the HTML of the shared page, named after the step."""
    yield
    if "story_page" in request.fixturenames and getattr(request.node, "failed_in_call", False):
        page = request.getfixturevalue("story_page")
        screenshot(page, f"failure-{request.node.name}")
        (SCREENSHOTS / f"failure-{request.node.name}.html").write_text(page.content())


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
