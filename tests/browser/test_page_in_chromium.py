"""The web page in a real browser: the real server (``ala-policy serve``, or uvicorn on
``create_app`` where the command is not there) on a free port of loopback, and the
distribution's headless Chromium driven by Selenium through chromedriver.

Someone fills the form for a gift during a pending bid, mostly with the keyboard (Tab,
arrows, Space, Enter, typing into a select), and reads PROHIBITED with the III.C text. The
result is kept as a screenshot, its HTML and a PDF print under ``$ALA_POLICY_ARTIFACTS``
(default: ``.artifacts/`` in the checkout), in ``browser/``. Every request the page made must
have gone to the server itself.

Run with ``tox -e browser`` (or ``pytest tests/browser``). Chromium (``chromium`` or
``chromium-browser``) and ``chromedriver`` must be on PATH: the test fails, never skips,
without them (``.ci/run`` installs both from the distribution's packages).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.command import Command
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
III_C = "Refrain from soliciting or accepting any fee, commission, gift, gratuity, discount or loan"
TITLE = "Copier vendor's dinner <script>alert('typed')</script>"
#: How long the server may take to answer its first request, in seconds.
START_TIMEOUT = 60


@pytest.fixture(scope="module")
def artifacts() -> Path:
    """Where the screenshot and the rest are kept: ``$ALA_POLICY_ARTIFACTS/browser``."""
    base = Path(os.environ.get("ALA_POLICY_ARTIFACTS") or ROOT / ".artifacts")
    folder = base / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_command(port: int) -> list[str]:
    """``ala-policy serve``, or (until that command exists) uvicorn on ``create_app``."""
    import click

    from ala_policy.cli import main

    where = ["--host", "127.0.0.1", "--port", str(port)]
    if "serve" in main.list_commands(click.Context(main)):
        return [sys.executable, "-m", "ala_policy", "serve", *where]
    return [sys.executable, "-m", "uvicorn", "--factory", "ala_policy.server:create_app", *where]


@pytest.fixture(scope="module")
def server(artifacts: Path) -> Iterator[str]:
    """The real server on a free port: its base URL."""
    port = _free_port()
    command = _server_command(port)
    log_path = artifacts / "server.log"
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w", encoding="utf-8") as log:
        log.write(" ".join(command) + "\n")
        log.flush()
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"}
        )
        try:
            _wait_until_up(base, process, log_path)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the server exited ({process.returncode}) before answering:\n"
                + log_path.read_text(encoding="utf-8")
            )
        try:
            with urllib.request.urlopen(f"{base}/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(
        f"the server did not answer within {START_TIMEOUT}s:\n"
        + log_path.read_text(encoding="utf-8")
    )


def _browser_paths() -> tuple[str, str]:
    chromium = (
        os.environ.get("CHROME_BIN")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    driver = shutil.which("chromedriver")
    missing = [
        what
        for what, found in (("chromium (or chromium-browser)", chromium), ("chromedriver", driver))
        if not found
    ]
    if missing or chromium is None or driver is None:
        pytest.fail(
            f"the browser test needs {' and '.join(missing)} on PATH: install the "
            "distribution's packages (Debian/Ubuntu: apt-get install chromium chromium-driver; "
            ".ci/run does it)",
            pytrace=False,
        )
    return chromium, driver


@pytest.fixture(scope="module")
def browser(artifacts: Path) -> Iterator[webdriver.Chrome]:
    chromium, driver_path = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        "--lang=en-US",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(artifacts), "download.prompt_for_download": False},
    )
    service = Service(executable_path=driver_path, log_output=str(artifacts / "chromedriver.log"))
    try:
        driver = webdriver.Chrome(options=options, service=service)
    except Exception as exc:  # noqa: BLE001 - say what failed, in one line
        pytest.fail(f"Chromium ({chromium}) did not start through {driver_path}: {exc}")
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(artifacts)}
    )
    try:
        yield driver
    finally:
        driver.quit()


# -- the keyboard ----------------------------------------------------------------------------


def press(driver: webdriver.Chrome, *keys: str) -> None:
    """Send keys to whatever has the focus, as a person typing would."""
    webdriver.ActionChains(driver).send_keys(*keys).perform()


def focused(driver: webdriver.Chrome) -> WebElement:
    return driver.switch_to.active_element


def tab_to(
    driver: webdriver.Chrome, wanted: Callable[[WebElement], bool], what: str, limit: int = 40
) -> WebElement:
    """Press Tab until the focus is on what ``wanted`` accepts, and return it: the tab order
    reaches every control."""
    for _ in range(limit):
        press(driver, Keys.TAB)
        element = focused(driver)
        if wanted(element):
            return element
    pytest.fail(f"Tab never reached {what} in {limit} presses")


def named(name: str, value: str | None = None) -> Callable[[WebElement], bool]:
    def check(element: WebElement) -> bool:
        if element.get_attribute("name") != name:
            return False
        return value is None or element.get_attribute("value") == value

    return check


def browser_log(driver: webdriver.Chrome, kind: str) -> list[dict[str, Any]]:
    """The browser's ``performance`` or ``browser`` (console) log since it was last read
    (``get_log``, typed)."""
    entries: list[dict[str, Any]] = driver.execute(Command.GET_LOG, {"type": kind})["value"]
    return entries


def assert_focus_visible(element: WebElement) -> None:
    """The focused control is marked: an outline that is there and not 0 wide."""
    style = element.value_of_css_property("outline-style")
    width = element.value_of_css_property("outline-width")
    assert style != "none", f"no focus outline on {element.get_attribute('outerHTML')}"
    assert width not in ("0px", "0"), f"a 0-wide focus outline on {element.tag_name}"


# -- the test --------------------------------------------------------------------------------


def test_a_gift_during_a_pending_bid_in_chromium(
    browser: webdriver.Chrome, server: str, artifacts: Path
) -> None:
    driver = browser
    wait = WebDriverWait(driver, 20)
    driver.get(f"{server}/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"

    # The first Tab reaches the skip link, which shows itself; Enter jumps to the content.
    skip = tab_to(driver, lambda e: e.get_attribute("class") == "skip-link", "the skip link", 1)
    assert skip.is_displayed()
    assert skip.location["y"] >= 0
    assert_focus_visible(skip)
    press(driver, Keys.ENTER)
    assert driver.current_url.endswith("#main")

    # What happened: the area, chosen among radio buttons with the arrow keys.
    area = tab_to(driver, named("area"), "the areas")
    assert_focus_visible(area)
    for _ in range(20):
        if area.get_attribute("value") == "gift":
            break
        press(driver, Keys.ARROW_DOWN)
        area = focused(driver)
    assert area.get_attribute("value") == "gift"
    if not area.is_selected():  # the first radio button, focused without a choice: Space picks it
        press(driver, Keys.SPACE)
    assert area.is_selected()
    button = tab_to(driver, lambda e: e.tag_name == "button", "the Next button")
    assert_focus_visible(button)
    press(driver, Keys.ENTER)
    wait.until(lambda d: "/ask?area=gift" in d.current_url)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Gift acceptance"

    # Who acted: the role is member already (as Enter in ala-policy ask). The title is
    # clicked and typed; the date keeps today's.
    role = driver.find_element(By.CSS_SELECTOR, 'input[name="actor.role"][value="member"]')
    assert role.is_selected()
    driver.find_element(By.ID, "f-title").click()
    press(driver, TITLE)

    # The facts, by keyboard: type into the select, Space on a radio, arrows in a group.
    kind = tab_to(driver, named("gift.kind"), "gift.kind")
    assert_focus_visible(kind)
    press(driver, "meal")
    assert kind.get_attribute("value") == "meal"
    act = tab_to(driver, named("gift.act"), "gift.act")
    assert act.get_attribute("value") == "offered"
    press(driver, Keys.SPACE)
    assert act.is_selected()
    beneficiary = tab_to(driver, named("gift.beneficiary"), "gift.beneficiary")
    assert beneficiary.get_attribute("value") == ""  # not given: the default, self
    giver = tab_to(driver, named("gift.giver"), "gift.giver")
    press(driver, "p")
    assert giver.get_attribute("value") == "prospective_vendor"
    pending = tab_to(driver, named("gift.pending_business"), "gift.pending_business")
    assert pending.get_attribute("value") == ""  # unknown, until answered
    press(driver, Keys.ARROW_UP, Keys.ARROW_UP)
    pending = focused(driver)
    assert pending.get_attribute("value") == "yes"
    assert pending.is_selected()
    assert_focus_visible(pending)
    tab_to(driver, named("gift.value_usd"), "gift.value_usd")
    press(driver, "180")
    tab_to(driver, lambda e: e.tag_name == "button", "the Decide button")
    press(driver, Keys.ENTER)

    # The outcome, as the html report shows it.
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".outcome .badge"))
    badge = driver.find_element(By.CSS_SELECTOR, ".outcome .scenario header .badge")
    assert badge.text == "PROHIBITED"
    assert driver.title.startswith("PROHIBITED: Gift acceptance")
    clause = driver.find_element(By.CSS_SELECTOR, 'blockquote[data-clause="code/III.C"]')
    assert III_C in clause.text
    assert III_C in driver.find_element(By.TAG_NAME, "main").text
    # what was typed is shown as text, and ran nowhere
    assert driver.find_element(By.CSS_SELECTOR, ".outcome p.title").text == TITLE
    assert not driver.find_elements(By.CSS_SELECTOR, "main script")

    _keep(driver, artifacts)
    _check_print(driver, artifacts)
    _check_download(driver, artifacts)
    _check_every_request_stayed_here(driver, server)


def _keep(driver: webdriver.Chrome, artifacts: Path) -> None:
    """The result page as a full-page screenshot, and its HTML."""
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    (artifacts / "gift-outcome.png").write_bytes(base64.b64decode(shot["data"]))
    (artifacts / "gift-outcome.html").write_text(driver.page_source, encoding="utf-8")
    assert (artifacts / "gift-outcome.png").stat().st_size > 10_000


def _check_print(driver: webdriver.Chrome, artifacts: Path) -> None:
    """Printed, the page is the outcome and the answers, without the form."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert driver.find_element(By.CSS_SELECTOR, ".outcome").is_displayed()
        assert driver.find_element(By.CSS_SELECTOR, ".your-answers").is_displayed()
        assert not driver.find_element(By.CSS_SELECTOR, "form.questions").is_displayed()
        assert not driver.find_element(By.CSS_SELECTOR, "a.button").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})
    (artifacts / "gift-outcome.pdf").write_bytes(base64.b64decode(pdf["data"]))


def _check_download(driver: webdriver.Chrome, artifacts: Path) -> None:
    """The download link gives the scenario file."""
    import yaml

    link = driver.find_element(By.CSS_SELECTOR, "a.button[download]")
    name = link.get_attribute("download")
    assert name
    assert name.endswith(".yaml")
    target = artifacts / name
    target.unlink(missing_ok=True)
    link.click()
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.exists(), f"{name} was not downloaded into {artifacts}"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["gift"] == {
        "kind": "meal",
        "act": "offered",
        "giver": "prospective_vendor",
        "pending_business": True,
        "value_usd": 180,
    }
    assert data["title"] == TITLE


def _check_every_request_stayed_here(driver: webdriver.Chrome, server: str) -> None:
    """Every request the pages made went to the server and succeeded (the site's favicon
    aside), its pages said so in their Content-Security-Policy, and the console holds no
    refusal."""
    requests: list[str] = []
    policies: list[str] = []
    failed: list[str] = []
    for entry in browser_log(driver, "performance"):
        message: dict[str, Any] = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            requests.append(params["request"]["url"])
        elif message.get("method") == "Network.responseReceived":
            response = params["response"]
            if response.get("status", 200) >= 400 and not response["url"].endswith("/favicon.ico"):
                failed.append(f"{response['status']} {response['url']}")
            if response.get("mimeType") == "text/html":
                headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
                policies.append(headers.get("content-security-policy", ""))
    assert requests
    # data: URLs are Chromium's own (the date input's calendar icon): no request leaves
    elsewhere = [u for u in requests if not u.startswith((f"{server}/", "data:"))]
    assert not elsewhere, f"requests to another origin: {elsewhere}"
    assert not failed, f"requests that failed (a stylesheet not installed?): {failed}"
    assert policies
    assert all(p.startswith("default-src 'self'") for p in policies), policies
    refused = [
        e["message"]
        for e in browser_log(driver, "browser")
        if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]
    ]
    assert not refused, refused


def test_wrong_answers_are_announced_and_kept_in_chromium(
    browser: webdriver.Chrome, server: str
) -> None:
    """Deciding without the required answers: the page comes back with the error summary
    focused (no script: ``autofocus``), each error beside its field, the answers kept."""
    driver = browser
    driver.get(f"{server}/ask?area=gift")
    driver.find_element(By.ID, "f-title").click()
    press(driver, "Kept as typed")
    tab_to(driver, lambda e: e.tag_name == "button", "the Decide button")
    press(driver, Keys.ENTER)
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
    # autofocus is applied when the page is next rendered, a moment after it is loaded
    wait.until(lambda d: focused(d).get_attribute("class") == "error-summary")
    summary = focused(driver)
    assert summary.get_attribute("role") == "alert"
    assert driver.title.startswith("Error: Gift acceptance")
    links = summary.find_elements(By.TAG_NAME, "a")
    assert [link.get_attribute("hash") for link in links] == ["#f-gift.kind", "#f-gift.act-1"]
    kind = driver.find_element(By.ID, "f-gift.kind")
    assert "e-gift.kind" in (kind.get_attribute("aria-describedby") or "")
    error = driver.find_element(By.ID, "e-gift.kind")
    assert error.get_attribute("textContent") == "Error: An answer is needed."
    assert driver.find_element(By.ID, "f-title").get_attribute("value") == "Kept as typed"
    first = tab_to(driver, lambda e: e.tag_name == "a", "the first error link", 2)
    assert_focus_visible(first)
