"""The web UI in a real browser: headless Debian chromium (through Playwright's Python
API, never ``playwright install``) against uvicorn serving the demo database on a free
loopback port. It opens the dashboard, follows a maintenance to its circuit's page, checks
each page's data and saves a screenshot of each (to a temp folder, and to
``$MNP_SCREENSHOTS`` when set). Under CI it must run; elsewhere it is skipped without
chromium (``.ci/services/chromium.sh`` installs it)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import free_port

from mnp_pipeline.demo import DEMO_NOW, load_demo
from mnp_pipeline.service import create_app
from mnp_pipeline.storage.database import make_engine, session_factory, upgrade

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must run .ci/services/chromium.sh")
    pytest.skip(f"{CHROMIUM} is missing (install it with .ci/services/chromium.sh)")


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    """uvicorn serving the web UI on the demo database; yields its base URL."""
    import uvicorn

    engine = make_engine(f"sqlite:///{tmp_path / 'mnp-demo.db'}")
    upgrade(engine)
    sessions = session_factory(engine)
    load_demo(sessions, tmp_path / "work")
    port = free_port()
    config = uvicorn.Config(create_app(sessions, settings={"now": DEMO_NOW}), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uvicorn_server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uvicorn_server.should_exit = True
        thread.join(10)
        engine.dispose()


@pytest.fixture
def browser_page(tmp_path):
    _need_chromium()
    from playwright.sync_api import sync_playwright

    profile = tmp_path / "chromium-profile"  # a new, empty user-data-dir
    profile.mkdir()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


class Shots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: list[Path] = []

    def take(self, page, name: str) -> None:
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)

    def publish(self) -> None:
        target = os.environ.get("MNP_SCREENSHOTS")
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            for path in self.taken:
                shutil.copy2(path, Path(target) / path.name)


def test_an_operator_follows_a_maintenance_from_the_dashboard_to_its_circuit(server, browser_page, tmp_path):
    page, shots = browser_page, Shots(tmp_path / "screenshots")
    shots.folder.mkdir()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto(server + "/")
        assert page.title() == "Dashboard · mnp"
        assert "as of 2031-03-21 03:00 UTC" in page.inner_text("header")
        in_progress = page.locator("h2#in-progress + table")
        assert "seaborn" in in_progress.inner_text() and "5150" in in_progress.inner_text()
        assert "PWIC31201" in page.locator("h2#next-7 + table").inner_text()
        assert "IC-560177" in page.inner_text("body")
        # The stylesheet applied (served locally): the header is the dark bar, not the default white.
        assert page.eval_on_selector("header", "e => getComputedStyle(e).backgroundColor") == "rgb(26, 54, 93)"
        shots.take(page, "dashboard")

        in_progress.get_by_role("link", name="SEABORN-NYC-FOR-A").click()
        page.wait_for_url("**/circuits/SEABORN-NYC-FOR-A")
        assert page.locator("h1").inner_text() == "SEABORN-NYC-FOR-A"
        body = page.inner_text("main")
        assert "SBN-XXXXX-YYYYY-0001" in body and "SEABORN-NYC-FOR (diverse-pair)" in body
        assert "2031-03-21 01:00" in body and "RE-SCHEDULED" in body
        assert "2031-03-14 01:30" in body and "unannounced" in body
        assert "99.9093 %" in body
        shots.take(page, "circuit")

        page.get_by_role("link", name="Maintenances", exact=True).click()
        page.wait_for_url("**/maintenances")
        assert page.locator("ol.timeline > li").count() == 7
        assert "now" in page.locator("ol.timeline > li.now").inner_text()
        shots.take(page, "maintenances")

        page.get_by_role("link", name="Calendar").click()
        page.wait_for_url("**/calendar")
        assert "March 2031" in page.locator("h1").inner_text()
        assert "seaborn 5150" in page.locator("td.today").inner_text()
        shots.take(page, "calendar")

        page.get_by_role("link", name="Failed notices").click()
        page.get_by_role("link", name="ntt-without-calendar.eml").click()
        page.wait_for_url("**/notifications/*")
        assert "ParserFailed" in page.inner_text("main")
        assert "VNOC-1-31041500999" in page.locator("pre.raw").inner_text()
        page.get_by_role("button", name="Reprocess").click()  # the browser refuses: the token is required
        assert "/reprocess" not in page.url
        page.fill("input[name=token]", "mnp_wrong")
        page.get_by_role("button", name="Reprocess").click()
        page.wait_for_url("**/reprocess")
        assert "not reprocessed: the API token is unknown or revoked" in page.inner_text("main")
        errors.remove(f"401 {page.url}")  # that refusal is expected
        shots.take(page, "notification")

        page.get_by_role("link", name="SLA").click()
        page.wait_for_url("**/sla")
        assert page.locator("section.report svg").count() == 4
        assert "PCCW-HKG-TYO" in page.locator("#sla table").inner_text()
        box = page.locator("#sla svg").bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
        shots.take(page, "sla")
    finally:
        shots.publish()
    assert errors == []
    assert [p.name for p in shots.taken] == ["01-dashboard.png", "02-circuit.png", "03-maintenances.png",
                                             "04-calendar.png", "05-notification.png", "06-sla.png"]
    assert all(p.stat().st_size > 10_000 for p in shots.taken)
