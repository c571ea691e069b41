"""The timeline's HTML and SVG exports in a real browser: Debian's headless Chromium, driven by
Playwright pointed at the system browser (nothing is downloaded). Each file opens with no console
error and no request beyond itself, and every event's label is there, visible, whole, in order,
and overlaps no other label."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rnk.core.ranges import YearRange
from rnk.core.store import load
from rnk.render.sanitize import one_line
from rnk.render.views import timeline_view

from conftest import invoke, require_tool

# What a label is made of in both files: the date, and the title (bold for a turning point).
LABELS = ".when, .title, .title-tp"

# Every label's box, text and whether it can be seen; and each pair of boxes that overlap.
MEASURE = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)].map((el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      text: el.textContent, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height,
      shown: style.visibility !== "hidden" && style.display !== "none" && Number(style.opacity) > 0,
    };
  });
  const root = document.documentElement.getBoundingClientRect();
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.x + a.w - 0.5 > b.x && b.x + b.w - 0.5 > a.x && a.y + a.h - 0.5 > b.y && b.y + b.h - 0.5 > a.y) {
        overlaps.push([a.text, b.text]);
      }
    }
  }
  return {boxes, overlaps, width: root.width, height: root.height};
}"""


pytestmark = pytest.mark.xdist_group("browser")  # one chromium for the four cases


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True)
        yield launched
        launched.close()


def squash(text: str) -> str:
    return " ".join(text.replace("◆ ", "").split())


@pytest.mark.parametrize("option", ["--html", "--svg"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_export_opens_cleanly_with_every_label_visible(
    option: str, theme: str, browser: Any, tmp_path: Path
) -> None:
    target = tmp_path / f"timeline{option.replace('--', '.')}"
    run = invoke("timeline", "--width", "100", "--theme", theme, option, str(target))
    assert run.code == 0, run
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request", lambda request: outside.append(request.url) if request.url != target.as_uri() else None
    )
    page.goto(target.as_uri())
    page.wait_for_load_state("networkidle")
    found = page.evaluate(MEASURE, LABELS)
    page.close()
    assert errors == [] and outside == []

    boxes = found["boxes"]
    assert boxes and all(b["shown"] and b["w"] > 0 and b["h"] >= 10 for b in boxes)  # 15 px type
    assert all(b["x"] >= 0 and b["x"] + b["w"] <= found["width"] + 1 for b in boxes)  # inside the page
    assert all(b["y"] >= 0 and b["y"] + b["h"] <= found["height"] + 1 for b in boxes)
    assert found["overlaps"] == []
    # Every event's date and title, whole and in the picture's order (a label wrapped onto more
    # rows is read back with a space where it broke).
    said = squash(" ".join(b["text"] for b in boxes))
    view = timeline_view(load(None), YearRange())
    order = [e for era in view.extra["eras"] for e in view.rows if e["era"] == era["id"]]
    at = 0
    for event in order:
        wanted = squash(one_line(f"{event['when']} {event['title']}"))
        found_at = said.find(wanted, at)
        assert found_at >= 0, (event["id"], wanted, said[at : at + 200])
        at = found_at + len(wanted)
