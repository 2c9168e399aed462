"""End to end in headless Chromium (Debian's chromium + chromedriver; no browser download)."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from real_parts import artifacts, browser

from align.cli import cli
from align.corpus import CorpusStore
from align.review import create_app


def wait_for(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def status_of(corpus: Path) -> dict[int, tuple[str, str]]:
    return {p.id: (p.status, p.final_target) for p in CorpusStore(corpus).pairs()}


@pytest.mark.slow
def test_review_in_chromium(corpus: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from align.review.server import make_server, page_url

    before = status_of(corpus)
    app = create_app(corpus)
    server = make_server(app, 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    driver = browser(tmp_path)
    try:
        driver.get(page_url(app, server.effective_port) + "&pair=en-ar")
        row = lambda pair_id: driver.find_element(By.ID, f"pair-{pair_id}")  # noqa: E731
        # Hostile article text is shown as text and never runs.
        assert driver.execute_script("return window.__xss") is None
        assert "<script>window.__xss = 1</script>" in row(2).find_element(By.CSS_SELECTOR, "td.src").text
        # Arabic is laid out right to left.
        cell = row(1).find_element(By.CSS_SELECTOR, "td.tgt")
        assert cell.get_attribute("dir") == "rtl" and cell.value_of_css_property("direction") == "rtl"
        assert cell.value_of_css_property("text-align") in ("right", "-webkit-right")
        assert cell.text == "استقالت الحكومة يوم الاثنين."

        row(1).find_element(By.CSS_SELECTOR, "button[data-action=approve]").click()
        wait_for(lambda: status_of(corpus)[1][0] == "approved")
        row(4).find_element(By.CSS_SELECTOR, "button[data-action=edit]").click()
        box = row(4).find_element(By.CSS_SELECTOR, "td.tgt textarea")
        box.clear()
        box.send_keys("ارتفعت الأسعار بنسبة خمسة بالمئة.")
        box.send_keys(Keys.CONTROL, Keys.ENTER)
        wait_for(lambda: status_of(corpus)[4][0] == "edited")
        row(3).find_element(By.CSS_SELECTOR, "td.src").click()  # focus the row, then the keyboard shortcut
        driver.find_element(By.TAG_NAME, "body").send_keys("r")
        wait_for(lambda: any(s == "rejected" for s, _ in status_of(corpus).values()))

        driver.refresh()
        assert "status-approved" in row(1).get_attribute("class")
        assert row(4).find_element(By.CSS_SELECTOR, "td.tgt").text == "ارتفعت الأسعار بنسبة خمسة بالمئة."
        driver.save_screenshot(str(artifacts(tmp_path) / "review-arabic.png"))
    finally:
        driver.quit()
        server.close()

    after = status_of(corpus)
    changed = {k: v for k, v in after.items() if before[k] != v}
    rejected_id = next(k for k, (s, _) in changed.items() if s == "rejected")
    assert changed == {
        1: ("approved", before[1][1]),
        4: ("edited", "ارتفعت الأسعار بنسبة خمسة بالمئة."),
        rejected_id: ("rejected", before[rejected_id][1]),
    }

    out = tmp_path / "export.tmx"
    result = CliRunner().invoke(
        cli, ["corpus", "export", str(corpus.parent), "--pair", "en-ar", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    tree = etree.parse(str(out))
    exported = {tu.find("tuv[2]/seg").text: tu.find("prop[@type='x-status']").text for tu in tree.iter("tu")}
    assert exported["ارتفعت الأسعار بنسبة خمسة بالمئة."] == "edited"
    assert exported["استقالت الحكومة يوم الاثنين."] == "approved"
    assert before[rejected_id][1] not in exported
    assert len(exported) == len(before) - 1
    assert not re.search(r"ارتفعت الأسعار بنسبة خمسة في المئة", out.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_quality_report_in_chromium(corpus: Path, tmp_path: Path) -> None:
    """The whole report lays out: charts, the document table, and the lowest pairs with the Arabic
    side right-aligned and the English side left-aligned; a full-page screenshot is kept."""
    from align.corpus.report_page import render_report

    page = tmp_path / "report.html"
    page.write_text(render_report(CorpusStore(corpus), "news"), encoding="utf-8")
    driver = browser(tmp_path)
    try:
        driver.get(page.as_uri())
        charts = "[...document.querySelectorAll('figure.chart svg')]"
        sizes = driver.execute_script(f"return {charts}.map(s => s.getBoundingClientRect().width)")
        assert len(sizes) == 3 and all(width > 100 for width in sizes), sizes
        layout = driver.execute_script(
            """
            const box = e => e.getBoundingClientRect();
            const ink = cell => { const r = document.createRange(); r.selectNodeContents(cell);
                                  return r.getBoundingClientRect(); };
            const side = sel => [...document.querySelectorAll(sel)].map(c => ({
                dir: getComputedStyle(c).direction, cell: box(c), text: ink(c)}));
            return {
                charts: Math.max(...[...document.querySelectorAll('figure.chart')].map(f => box(f).bottom)),
                documents: document.querySelectorAll('table.documents tbody tr').length,
                bars: box(document.querySelector('table.documents .bars')).height,
                lowest: box(document.querySelector('table.lowest')).bottom,
                height: document.documentElement.scrollHeight,
                targets: side('table.lowest td.target'), sources: side('table.lowest td.source'),
                red: getComputedStyle(document.querySelector('tr.flagged td.score')).color,
            };"""
        )
        assert layout["documents"] == 1 and layout["bars"] > 10, layout
        assert layout["charts"] < layout["lowest"] <= layout["height"], layout  # nothing cut off
        assert len(layout["targets"]) == len(layout["sources"]) == 5
        for cell in layout["targets"]:  # Arabic ink against the cell's right edge
            assert cell["dir"] == "rtl" and cell["cell"]["right"] - cell["text"]["right"] < 16, cell
        assert any(c["text"]["left"] - c["cell"]["left"] > 50 for c in layout["targets"])  # short ones too
        for cell in layout["sources"]:
            assert cell["dir"] == "ltr" and cell["text"]["left"] - cell["cell"]["left"] < 16, cell
        assert layout["red"] == "rgb(192, 57, 43)"
        driver.set_window_size(1400, int(layout["height"]) + 150)
        shot = artifacts(tmp_path) / "quality-report.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        driver.quit()
