"""Headless Chromium (Debian's, driven by Playwright) against a live test server.

Test modules here declare ``BROWSER`` as their ``pytestmark``: the ``browser`` marker and a
transactional database, so that the live server's thread sees the test's data;
``serialized_rollback`` puts back what the data migrations created (site texts and pages).
"""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class OnBrowserThread:
    """A Playwright object whose every use runs on the one thread that owns Playwright.

    Playwright's synchronous API runs an event loop in the thread that starts it. In the tests'
    own thread that loop would make Django keep database connections per asyncio context
    instead of per thread, so that test data, transactions and rollbacks lose track of each
    other. The browser therefore lives on a thread of its own, and tests use it through this.
    """

    def __init__(self, target: object, thread: ThreadPoolExecutor) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_thread", thread)

    def __getattr__(self, name: str):
        value = self._run(getattr, self._target, name)
        if callable(value) and not isinstance(value, type):
            return lambda *args, **kwargs: self._wrap(self._run(value, *args, **kwargs))
        return self._wrap(value)

    def __enter__(self):
        return self._wrap(self._run(self._target.__enter__))

    def __exit__(self, *exception):
        return self._run(self._target.__exit__, *exception)

    def _run(self, function, *args, **kwargs):
        return self._thread.submit(function, *args, **kwargs).result()

    def _wrap(self, value):
        if type(value).__module__.startswith("playwright."):
            return OnBrowserThread(value, self._thread)
        if isinstance(value, list):
            return [self._wrap(item) for item in value]
        return value


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium package).")
    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")
    playwright = thread.submit(lambda: sync_playwright().start()).result()
    launched = thread.submit(
        playwright.chromium.launch,
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
    ).result()
    yield OnBrowserThread(launched, thread)
    thread.submit(launched.close).result()
    thread.submit(playwright.stop).result()
    thread.shutdown()


class Visit:
    """A browser context of its own (cookies and all), recording every request it makes.

    Any script error, anything the Content-Security-Policy blocks, or any request to a host
    other than the live server, fails the test.
    """

    def __init__(self, browser, live_server, **options) -> None:
        self.origin = live_server.url
        self.context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, **options
        )
        self.page = self.context.new_page()
        self.requests: list[tuple[str, str]] = []
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("request", self._record)
        self.page.on("console", self._console)

    def _record(self, request) -> None:
        self.requests.append((request.method, request.url))
        # The browser's own pages (its PDF viewer) are not requests to another host.
        local = (self.origin, "data:", "about:", "blob:", "chrome:", "chrome-extension:")
        if not request.url.startswith(local):
            self.problems.append(f"request to another host: {request.url}")

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"blocked by the Content-Security-Policy: {message.text}")

    def cookies(self) -> dict[str, str]:
        # Django quotes cookie values that hold "=" (as RFC 6265 allows); read them unquoted.
        return {cookie["name"]: cookie["value"].strip('"') for cookie in self.context.cookies()}

    def wait_for_cookie(self, name: str, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if name in (cookies := self.cookies()):
                return cookies[name]
            time.sleep(0.05)
        raise AssertionError(f"No cookie {name} after {timeout} s: {self.cookies()}")

    def requests_to(self, path: str) -> list[tuple[str, str]]:
        return [(method, url) for method, url in self.requests if path in url]

    def close(self) -> None:
        # A page still loading when its context closes has its scripts' requests cut off, and
        # the scripts after them then fail (admin pages: "gettext is not defined"): an error
        # of the test's ending, not of the site. Let every page finish loading first.
        for page in self.context.pages:
            page.wait_for_load_state("load")
        self.context.close()
        assert not self.problems, self.problems


@pytest.fixture
def visit(browser, live_server):
    visit = Visit(browser, live_server)
    yield visit
    visit.close()


@pytest.fixture
def page(visit):
    """A fresh browser tab of its own visitor."""
    return visit.page


@pytest.fixture
def seed(live_server):
    call_command("load_seed", verbosity=0)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser-deps` (npm package axe-core).")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, axe_source: str) -> list[dict]:
    """WCAG 2.0/2.1 level A and AA violations axe-core finds on the page as it is now."""
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA_TAGS
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
