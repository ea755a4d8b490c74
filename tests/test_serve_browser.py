"""`digits serve`'s pages in headless Chromium: a drawing made with the mouse on the served
page reaches the store as drawn, and the class page shows it behind the token."""

import numpy as np
import pytest

from game.serve.store import open_store
from tests.pages import open_page
from tools.servers import TOKEN, Server, timed
from tools.site import draw_with_mouse

WIDEST = "() => document.documentElement.scrollWidth"


@pytest.fixture
def served(tmp_path):
    with Server(f"sqlite:///{tmp_path / 'class.sqlite3'}") as server:
        yield server


SEVEN = [[(170, 140), (390, 140)], [(390, 140), (300, 300), (250, 440)]]


def test_a_drawing_made_on_the_served_page_is_stored_as_drawn(served, browser):
    page = open_page(browser, f"http://127.0.0.1:{served.port}/")
    asked = int(page.locator(".collect-digit").inner_text())
    draw_with_mouse(page, SEVEN)
    page.wait_for_function("playground.probabilities() !== null")
    sent = page.evaluate("collect.strokes()")
    page.locator(".collect-send").click()
    page.wait_for_function("document.querySelector('.collect-status').textContent"
                           ".startsWith('saved as drawing 1')")
    store = open_store(served.db)
    [drawing] = store.drawings()
    store.close()
    assert drawing.digit == asked and drawing.canvas == 560 and drawing.strokes == sent
    assert len(drawing.strokes) == 2 and all(len(s) >= 8 for s in drawing.strokes)
    times = [t for stroke in drawing.strokes for _, _, t in stroke]
    assert times[0] == 0 and times == sorted(times)
    first = np.array(drawing.strokes[0])[:, :2]
    np.testing.assert_allclose(first[[0, -1]], SEVEN[0], atol=2)  # where the mouse went
    assert page.evaluate("collect.strokes()") == []  # a new round, a new digit asked
    assert page.errors == []


def test_the_served_page_guesses_exactly_what_the_server_reads(served, browser):
    page = open_page(browser, f"http://127.0.0.1:{served.port}/")
    draw_with_mouse(page, SEVEN)
    page.wait_for_function("playground.probabilities() !== null")
    in_page = page.evaluate("playground.probabilities()")
    strokes = [[[x, y] for x, y, _ in stroke] for stroke in page.evaluate("collect.strokes()")]
    status, answer = served.post("/api/predict", {"strokes": strokes, "canvas": 560})
    assert status == 200
    np.testing.assert_allclose(in_page, answer["probs"], atol=1e-5)


def test_the_page_says_what_is_kept_in_view_before_anything_is_sent(served, browser):
    page = open_page(browser, f"http://127.0.0.1:{served.port}/", width=390, height=700)
    said = page.locator(".collect-status")
    assert said.inner_text().startswith("Kept when you press Send")
    assert said.bounding_box()["y"] + said.bounding_box()["height"] <= 700  # no scrolling
    assert "no cookies" in page.locator(".collect-kept").inner_text()
    assert page.locator(".collect-send").is_disabled()  # nothing drawn, nothing to send


def test_the_class_page_shows_the_class_only_with_the_token(served, browser):
    for digit in (3, 3, 5):
        served.post("/api/drawings", {"digit": digit, "strokes": timed(SEVEN), "canvas": 560,
                                      "player": "ann"})
    page = open_page(browser, f"http://127.0.0.1:{served.port}/class")
    page.locator(".class-token").fill("not the token")
    page.locator(".class-login button").click()
    page.wait_for_function("document.querySelector('.class-status').textContent !== ''")
    assert page.locator(".class-numbers").is_hidden()
    page.locator(".class-token").fill(TOKEN)
    page.locator(".class-login button").click()
    page.wait_for_selector(".class-numbers:not([hidden])")
    assert page.locator(".class-summary").inner_text() == (
        "3 drawings by 1 players. Served: the shipped model.")
    assert page.locator(".class-thumbnails canvas").count() == 3
    cells = page.locator(".class-per-digit tr").nth(1).locator("td").all_inner_texts()
    assert cells == ["drawings", "0", "0", "0", "2", "0", "1", "0", "0", "0", "0"]
    page.errors = [e for e in page.errors if "403" not in e]  # the wrong token's answer
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", "/class"])
def test_no_served_page_is_wider_than_a_400_px_phone(served, browser, path):
    page = open_page(browser, f"http://127.0.0.1:{served.port}{path}", width=400, height=800)
    assert page.evaluate(WIDEST) <= 400


def test_a_finger_draws_on_the_served_page_and_its_strokes_are_kept(served, browser):
    """Touch events as a phone sends them (Chrome DevTools Protocol), on a phone-sized page."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/")
    box = page.locator(".pg-canvas").bounding_box()
    x, top = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2
    cdp = context.new_cdp_session(page)
    scrolled = page.evaluate("window.scrollY")
    for kind, dy in [("touchStart", 0), *[("touchMove", k * 12) for k in range(1, 15)],
                     ("touchEnd", None)]:
        points = [] if dy is None else [{"x": x, "y": top + dy, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    page.wait_for_function("playground.probabilities() !== null")
    [stroke] = page.evaluate("collect.strokes()")
    assert len(stroke) >= 10 and page.evaluate("window.scrollY") == scrolled
    assert page.locator(".collect-send").is_enabled()
    context.close()
