"""Real-browser tests: pytest-playwright driving Debian's chromium against Django's live server.

Locally, without /usr/bin/chromium, these tests skip with a hint; under CI=true they never skip.
"""

import os
import shutil

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (fixtures, assertions) are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A busy CI machine can take more than Playwright's default 5 s for a first fetch (the admin
# preview's first Markdown render failed once under load); a real failure still fails.
expect.set_options(timeout=15_000)


def chromium_available():
    return os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    if chromium_available():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but no chromium at {CHROMIUM}: browser tests must run.")
    skip = pytest.mark.skip(
        reason=f"no chromium at {CHROMIUM}: install it with `apt-get install chromium` "
        "(Debian) or set CHROMIUM_PATH"
    )
    browser_dir = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(browser_dir):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught page error; tests assert it stays empty."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def site(live_server, demo, starter_notices):
    """The live server's base URL, with the demo content and the starter notices loaded."""
    return live_server.url


@pytest.fixture
def messages(page):
    seen = []
    page.on("console", lambda msg: seen.append(msg.text))
    page.on("pageerror", lambda exc: seen.append(str(exc)))
    return seen


@pytest.fixture
def staff_page(page, site):
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")
    return page
