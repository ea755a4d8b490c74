"""The site in a real browser (headless Chromium, driven by Playwright): the drawing page
reads exactly what the game reads, and every page shows typeset math and no script error.

Needs Chromium (Debian: `apt-get install chromium`; CI installs it). Without it these tests
skip, loudly, and in CI they fail.
"""

from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pytest

import tools.site
from softmax_from_scratch import canvas_to_input, digit_strokes, load_default_model
from softmax_from_scratch.drawing import Drawing
from softmax_from_scratch.framings import framing_of
from softmax_from_scratch.pendigits import load_pendigits, split_pendigits
from softmax_from_scratch.plotting import MIN_TEXT_PX
from softmax_from_scratch.strokes import first_fraction, rescale, smooth_path
from softmax_from_scratch.trajectories import place_trajectory
from softmax_from_scratch.views import split_views
from tests.local_data import mnist_dir, pendigits_dir
from tests.pages import open_page

RAW_MATH = ("$$", "\\frac", "\\sum", "\\partial", "Σ_")
TEX_IN_MATH = """() => [...document.querySelectorAll('math')]
    .map(math => math.textContent).filter(text => text.includes('\\\\'))"""
# A display sum (not one in a fraction, which TeX sets text-sized) stands taller than the
# text around it: that takes a math font's large variant of the sign.
DISPLAY_SUMS = """() => [...document.querySelectorAll('.math-display mo')]
    .filter(o => o.textContent === '\u2211' && !o.closest('mfrac'))
    .map(o => o.getBoundingClientRect().height
              / parseFloat(getComputedStyle(o.closest('.math-display')).fontSize))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return tools.site.build(tmp_path_factory.mktemp("site"))


def test_drawing_pages_inputs_and_probabilities_equal_the_games(site, serve, browser):
    """50 digits: 25 MNIST test digits drawn along their skeletons, 25 held-out pen
    trajectories (smoothed, half of them half-drawn), each drawn through the page's API
    and through the game's Drawing."""
    from softmax_from_scratch import load_mnist

    model = load_default_model()
    _, (X_test, _) = load_mnist(mnist_dir(), progress=False)
    points, _ = split_pendigits(*load_pendigits(pendigits_dir(), progress=False))[1]
    scale = 560 / 28
    drawings = [rescale(digit_strokes(x.reshape(28, 28))[0], scale)
                for x in X_test[:25]]
    drawings += [first_fraction([smooth_path(place_trajectory(p))], 0.5 if k % 2 else 1.0)
                 for k, p in enumerate(points[:25])]
    page = open_page(browser, serve(site) + "playground/")
    for number, strokes in enumerate(drawings):
        page.evaluate("strokes => { playground.clear(); playground.draw(strokes); }",
                      [s.tolist() for s in strokes])
        drawing = Drawing()
        for stroke in strokes:
            drawing.draw_stroke(stroke)
        expected = canvas_to_input(drawing.ink, framing_of(model))
        got = np.array(page.evaluate("playground.input()"))
        np.testing.assert_allclose(got, expected, atol=1e-5, err_msg=f"drawing {number}")
        np.testing.assert_allclose(page.evaluate("playground.probabilities()"),
                                   model.predict_proba(expected[None])[0], atol=1e-5,
                                   err_msg=f"drawing {number}")
    assert page.errors == []


def test_a_blank_page_has_no_input_and_clear_empties_it(site, serve, browser):
    page = open_page(browser, serve(site) + "playground/")
    assert page.evaluate("playground.input()") is None
    page.evaluate("playground.draw([[[200, 150], [300, 400]]])")
    assert page.evaluate("playground.probabilities().length") == 10
    page.evaluate("playground.clear()")
    assert page.evaluate("playground.probabilities()") is None


def test_drawing_with_the_mouse_inks_the_canvas_and_updates_the_guess(site, serve, browser):
    page = open_page(browser, serve(site) + "playground/")
    box = page.locator(".pg-canvas").bounding_box()
    to_screen = [(box["x"] + x * box["width"] / 560, box["y"] + y * box["height"] / 560)
                 for x, y in [(280, 100), (280, 250), (280, 460)]]
    page.mouse.move(*to_screen[0])
    page.mouse.down()
    for point in to_screen[1:]:
        page.mouse.move(*point, steps=10)
    page.mouse.up()
    page.wait_for_function("playground.probabilities() !== null")
    assert page.locator(".pg-digit").inner_text() != "?"
    assert page.errors == []


GUESS_FITS_ITS_BOX = """() => {
    const box = document.querySelector('.pg-guess').getBoundingClientRect();
    return [...document.querySelectorAll('.pg-guess span')].every(span => {
        const text = span.getBoundingClientRect();
        return text.top >= box.top && text.bottom <= box.bottom && text.right <= box.right;
    });
}"""


def test_the_guess_and_its_certainty_fit_inside_their_fixed_box(site, serve, browser):
    """The guess's box has a fixed height, so that a new percentage lays out and paints
    that box alone (contain: strict): its text must fit it, or the box cuts it off. Blank
    and drawn, on a wide screen and a phone's."""
    page = open_page(browser, serve(site) + "playground/")
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("playground.clear()")
        assert page.evaluate(GUESS_FITS_ITS_BOX), f"blank, {width} px wide"
        page.evaluate("playground.draw([[[200, 120], [380, 120], [250, 460]]])")
        assert page.locator(".pg-sure").inner_text().endswith("% sure")
        assert page.evaluate(GUESS_FITS_ITS_BOX), f"drawn, {width} px wide"
    assert page.errors == []


def test_every_page_typesets_its_math_and_runs_without_errors(site, serve, browser,
                                                               tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    base = serve(site)
    pages = sorted(p.parent.relative_to(site) for p in site.glob("**/index.html"))
    for path in pages:
        page = open_page(browser, f"{base}{path.as_posix()}/".replace("/./", "/"))
        page.screenshot(path=shots / f"{path.as_posix().replace('/', '-') or 'home'}.png",
                        full_page=True)
        text = page.locator("article").inner_text()
        assert not [raw for raw in RAW_MATH if raw in text], f"{path}: raw LaTeX left"
        assert page.evaluate(TEX_IN_MATH) == [], f"{path}: a TeX command typeset as text"
        assert page.evaluate(SCROLLING_CODE) == [], f"{path}: code scrolls sideways"
        assert all(ratio >= 1.3 for ratio in page.evaluate(DISPLAY_SUMS)), f"{path}: small sum"
        assert page.errors == [], f"{path}: {page.errors}"
    print(f"screenshots of {len(pages)} pages in {shots}")
    assert len(pages) >= 10


def test_no_page_is_wider_than_a_400_px_phone(site, serve, browser):
    """Wide formulas and tables scroll inside their own boxes; the page itself never does."""
    base = serve(site)
    for path in sorted(p.parent.relative_to(site) for p in site.glob("**/index.html")):
        page = browser.new_page(viewport={"width": 400, "height": 800})
        page.goto(f"{base}{path.as_posix()}/".replace("/./", "/"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, path
        page.close()


SCROLLING_CODE = """() => [...document.querySelectorAll('article pre, article pre > code')]
    .filter((element) => element.scrollWidth > element.clientWidth + 1)
    .map((element) => element.textContent.slice(0, 60))"""
CHAPTER = """() => ({
    blocks: document.querySelectorAll('article div.highlight').length,
    outputs: [...document.querySelectorAll('article pre.output')].map((output) => ({
        text: output.textContent,
        afterCode: output.previousElementSibling?.classList.contains('highlight')})),
    exercises: document.querySelector('article h2#exercises') !== null,
    answers: [...document.querySelectorAll('article details')].filter((details) =>
        details.querySelector('summary')?.textContent === 'Answer').length})"""


@pytest.mark.parametrize("chapter", ["data", "model", "training", "parity", "game", "network"])
def test_each_chapter_shows_its_outputs_under_their_blocks_and_ends_with_exercises(
        site, serve, browser, chapter):
    from tools.notebooks import stored_outputs

    shown = open_page(browser, f"{serve(site)}{chapter}/").evaluate(CHAPTER)
    expected = [text.rstrip("\n") for text in stored_outputs(
        tools.site.ROOT / "docs", Path(f"{chapter}.md")) if text]
    assert [output["text"] for output in shown["outputs"]] == expected
    assert all(output["afterCode"] for output in shown["outputs"])
    assert shown["exercises"] and shown["answers"] >= 3


IMAGES = """() => [...document.querySelectorAll('article img')].map((img) => ({
    src: img.getAttribute('src'), natural: img.naturalWidth,
    shown: img.getBoundingClientRect().width, link: img.closest('a')?.getAttribute('href'),
    caption: img.closest('figure')?.querySelector('figcaption')?.textContent ?? '',
    column: img.closest('article').getBoundingClientRect().width}))"""
FIGURE_PAGES = ("data", "model", "training", "parity", "game", "network", "serve",
                "performance")


def test_every_figure_is_numbered_sharp_at_2x_readable_and_a_click_enlarges_it(site, serve,
                                                                              browser):
    """Each image is a numbered figure ("Figure 2.1 ..."), has twice the pixels it is shown
    at (plotting.save_figure, tools/screenshots.py), so it is sharp on a dense screen and its
    smallest text is >= 12 CSS px (a chart's by `save_figure`, a screenshot's the game's
    smallest font); each links to itself."""
    from game.app import FONT_SIZES

    base = serve(site)
    images = []
    for chapter in FIGURE_PAGES:
        page = open_page(browser, f"{base}{chapter}/")
        page.wait_for_function("[...document.images].every((img) => img.complete)")
        title = page.locator("article h1").inner_text()
        number = title.split(".", 1)[0]
        shown = page.evaluate(IMAGES)
        images += shown
        assert [image["caption"].split(" ", 2)[:2] for image in shown] == [
            ["Figure", f"{number}.{k}"] for k in range(1, len(shown) + 1)], chapter
    assert len(images) >= 20
    for image in images:
        assert image["natural"] > 0, f"{image['src']} did not load"
        assert unquote(image["src"]).endswith("@2x.png"), image["src"]
        assert image["shown"] == pytest.approx(min(image["natural"] / 2, image["column"]),
                                               abs=1)
        assert image["shown"] / image["natural"] * 2 * min(FONT_SIZES) >= MIN_TEXT_PX
        assert image["link"] == image["src"], f"{image['src']} is not a link"


def test_a_chart_turns_dark_in_the_dark_scheme_and_a_screenshot_keeps_its_colours(
        site, serve, browser):
    page = open_page(browser, f"{serve(site)}game/")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    filters = page.evaluate("""() => [...document.querySelectorAll('article img')].map(
        (img) => [decodeURIComponent(img.getAttribute('src').split('/').pop()),
                  getComputedStyle(img).filter])""")
    filtered = {name for name, shown in filters if shown != "none"}
    assert "completion@2x.png" in filtered and "views@2x.png" in filtered
    assert "free-draw-half@2x.png" not in filtered


WIDGET = """(name) => {
    const root = document.querySelector(`[data-widget="${name}"]`);
    const canvas = root.querySelector('canvas');
    return {readout: root.querySelector('.widget-readout').textContent,
            pixels: canvas.toDataURL(), sliders: root.querySelectorAll('input').length};
}"""
MOVE = """([name, k, value]) => {
    const input = document.querySelectorAll(`[data-widget="${name}"] input`)[k];
    input.value = value;
    input.dispatchEvent(new Event('input'));
}"""


def test_the_learning_rate_slider_redraws_gradient_descent_settling_then_blowing_up(
        site, serve, browser):
    page = open_page(browser, f"{serve(site)}training/")
    before = page.evaluate(WIDGET, "overshoot")
    assert before["readout"].startswith("η = 0.10: each step multiplies w by 1 − ηλₘₐₓ = 0.61")
    assert "settles, from one side" in before["readout"]
    page.evaluate(MOVE, ["overshoot", 0, 0.4])
    assert "−0.56; overshoots the bottom each step, by less each time" in \
        page.evaluate(WIDGET, "overshoot")["readout"]
    page.evaluate(MOVE, ["overshoot", 0, 0.6])
    after = page.evaluate(WIDGET, "overshoot")
    assert "blows up: η is past 2/λₘₐₓ = 0.51" in after["readout"]
    assert after["pixels"] != before["pixels"]
    assert page.errors == []


def test_the_softmax_widget_shows_the_librarys_softmax_of_its_logits_over_the_temperature(
        site, serve, browser):
    from softmax_from_scratch import softmax

    page = open_page(browser, f"{serve(site)}model/")
    shown = page.evaluate(WIDGET, "softmax")
    assert shown["sliders"] == 4  # three logits and the temperature
    assert shown["readout"] == "softmax(z / T) with z = (2.0, 1.0, 0.1), T = 1.0: p = (" + \
        ", ".join(f"{p:.3f}" for p in softmax(np.array([[2.0, 1.0, 0.1]]))[0]) + ")."
    page.evaluate(MOVE, ["softmax", 3, 4.0])  # a hot softmax: nearly even
    hot = page.evaluate(WIDGET, "softmax")
    assert hot["readout"].endswith("p = (" + ", ".join(
        f"{p:.3f}" for p in softmax(np.array([[2.0, 1.0, 0.1]]) / 4.0)[0]) + ").")
    assert hot["pixels"] != shown["pixels"]
    page.evaluate(MOVE, ["softmax", 0, -1.0])  # z0 from 2 to -1: the bars follow
    assert "z = (-1.0, 1.0, 0.1), T = 4.0" in page.evaluate(WIDGET, "softmax")["readout"]
    assert page.errors == []


def test_a_finger_draws_on_the_canvas_without_scrolling_the_page(site, serve, browser):
    """Touch events as a phone sends them (Chrome DevTools Protocol), on a phone-sized page."""
    context = browser.new_context(viewport={"width": 390, "height": 700}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.goto(serve(site) + "playground/")
    page.locator(".pg-canvas").scroll_into_view_if_needed()
    box = page.locator(".pg-canvas").bounding_box()
    scrolled = page.evaluate("window.scrollY")
    cdp = context.new_cdp_session(page)
    x, top = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2
    for kind, dy in [("touchStart", 0), *[("touchMove", k * 12) for k in range(1, 15)],
                     ("touchEnd", None)]:
        points = [] if dy is None else [{"x": x, "y": top + dy, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    page.wait_for_function("playground.probabilities() !== null")
    assert page.evaluate("window.scrollY") == scrolled
    context.close()


# the line of each row 0.35em above its middle, inside its 0.9em track (rows of 1.6em)
BARS_LINES = """() => { const c = document.querySelector('.pg-bars');
    const rgba = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return [...Array(10).keys()].map((digit) => {
      const y = Math.floor((digit + 0.5) * c.height / 10 - 0.35 * c.height / 16);
      return Array.from(rgba.subarray(4 * y * c.width, 4 * (y + 1) * c.width)); }); }"""


def bar_rows(page) -> list[np.ndarray]:
    """Each digit's row of the bars canvas, a line through its track: (width, 4) RGBA."""
    return [np.array(line).reshape(-1, 4) for line in page.evaluate(BARS_LINES)]


def track_and_fill(line: np.ndarray) -> tuple[np.ndarray, int]:
    """A row's line -> (its track's pixels, how many of them the fill covers).
    The track is the longest run of painted pixels (the digit and the percentage, left
    and right of it, are shorter runs); the fill is its more opaque part."""
    painted = np.flatnonzero(line[:, 3] > 0)
    runs = np.split(painted, np.flatnonzero(np.diff(painted) > 1) + 1)
    track = line[max(runs, key=len)]
    return track, int((track[:, 3] > track[:, 3].min() + 40).sum())


def test_the_bars_show_each_digits_probability_as_a_proportional_fill(site, serve, browser):
    """Each row's fill covers its probability's share of the track (to a pixel), and only
    the leading digit's fill is in the theme's colour (not grey); again after the next
    drawing, whose leader is another digit."""
    page = open_page(browser, serve(site) + "playground/")
    leaders = []
    for stroke in ([[360, 200], [200, 360]], [[150, 300], [420, 300]]):  # a slash, a dash
        page.evaluate("stroke => { playground.clear(); playground.draw([stroke]); }", stroke)
        probs = np.array(page.evaluate("playground.probabilities()"))
        assert (probs > 0.1).sum() >= 2 and probs.max() < 0.9  # fills neither empty nor whole
        for digit, line in enumerate(bar_rows(page)):
            track, fill = track_and_fill(line)
            assert abs(fill - probs[digit] * len(track)) <= 1.5, f"digit {digit}"
            covered = track[: max(fill, 1)]
            coloured = int(covered[:, 2].max()) - int(covered[:, 0].min()) > 60  # blue
            assert coloured == (digit == probs.argmax()), f"digit {digit}"
        leaders.append(probs.argmax())
    assert leaders[0] != leaders[1]
    assert page.errors == []


def test_switching_to_the_dark_scheme_redraws_the_bars_in_its_colours(site, serve, browser):
    page = open_page(browser, serve(site) + "playground/")
    light = track_and_fill(bar_rows(page)[0])[0][:, :3].mean()
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_function("() => new Promise(r => requestAnimationFrame(() => r(true)))")
    dark = track_and_fill(bar_rows(page)[0])[0][:, :3].mean()
    assert light < 60 < 150 < dark  # a dark track on light paper, a light one on dark
    assert page.errors == []


EVIDENCE_PIXELS = """() => [...document.querySelectorAll('.evidence canvas')].map((c) =>
    Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data))"""


def test_the_evidence_maps_colour_each_pixel_by_its_vote_for_the_two_leading_digits(
        site, serve, browser):
    """Orange where the ink votes for the digit (x_j W_jk > 0), blue where against, black
    where there is no ink, for the leading guess and the runner-up, as the model computes
    it in Python (Network.evidence)."""
    model = load_default_model()
    page = open_page(browser, serve(site) + "playground/")
    assert all(max(pixels[i] + pixels[i + 2] for i in range(0, len(pixels), 4)) == 0
               for pixels in page.evaluate(EVIDENCE_PIXELS))
    page.evaluate("playground.draw([[[200, 120], [380, 120], [250, 460]]])")
    x = np.array(page.evaluate("playground.input()"), dtype=np.float32)
    leading = [int(d) for d in np.argsort(page.evaluate("playground.probabilities()"))[::-1][:2]]
    assert page.locator(".pg-evidence-digit").all_inner_texts() == [str(d) for d in leading]
    maps = iter(page.evaluate(EVIDENCE_PIXELS))
    for digit in leading:
        for votes in split_views(model.evidence(x, digit), framing_of(model)).values():
            rgba = np.array(next(maps)).reshape(-1, 4)
            strong = np.abs(votes.ravel()) > 0.2 * np.abs(votes).max()
            assert strong.any()
            np.testing.assert_array_equal((rgba[strong, 0] > rgba[strong, 2]),
                                          votes.ravel()[strong] > 0)
            assert (rgba[votes.ravel() == 0, :3] == 0).all()
    assert page.errors == []


def test_the_pages_votes_equal_the_networks_evidence_for_the_two_leading_digits(
        site, serve, browser):
    """x_j dz_k/dx_j, from the units the drawing turns on (Network.evidence), in the page."""
    model = load_default_model()
    page = open_page(browser, serve(site) + "playground/")
    page.evaluate("playground.draw([[[200, 120], [380, 120], [250, 460]]])")
    x = np.array(page.evaluate("playground.input()"), dtype=np.float32)
    for digit in np.argsort(model.predict_proba(x[None])[0])[::-1][:2]:
        np.testing.assert_allclose(page.evaluate("d => playground.votes(d)", int(digit)),
                                   model.evidence(x, int(digit)), atol=1e-5)
    assert page.errors == []


def test_the_evidence_maps_show_the_strongest_tenth_of_the_votes_at_full_colour(
        site, serve, browser):
    """One colour scale for both digits' maps: the 90th percentile of the non-zero |votes|,
    so that a tenth of the voting pixels are at full colour and the rest shade below."""
    page = open_page(browser, serve(site) + "playground/")
    page.evaluate("playground.draw([[[200, 120], [380, 120], [250, 460]], "
                  "[[150, 300], [420, 300]]])")
    pixels = np.concatenate([np.array(m).reshape(-1, 4)[:, :3]
                             for m in page.evaluate(EVIDENCE_PIXELS)])
    voting = pixels.max(axis=1) > 0
    full = (pixels[:, 0] == 255) | (pixels[:, 2] == 255)  # orange's red, blue's blue
    assert voting.sum() > 500
    assert 0.08 < full[voting].mean() < 0.14


@pytest.mark.parametrize(("chapter", "names"), [
    ("model", ["softmax", "log_softmax", "loss_and_gradients"]),
    ("network", ["network_loss_and_gradients"])])
def test_a_chapter_shows_the_librarys_functions_exactly_as_the_library_has_them(
        site, serve, browser, chapter, names):
    import inspect
    import textwrap

    import softmax_from_scratch

    page = open_page(browser, f"{serve(site)}{chapter}/")
    shown = [text.rstrip("\n") for text in page.locator("article pre code").all_inner_texts()]
    for name in names:
        source = textwrap.dedent(inspect.getsource(getattr(softmax_from_scratch, name)))
        assert source.rstrip("\n") in shown, name


def test_on_a_phone_the_guess_and_its_bars_are_in_view_with_the_canvas(site, serve, browser):
    """400 x 800 px: the guess and the bars stand above the canvas, and the three fit in
    one screen below the site's header, so the live guess is seen while drawing."""
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto(f"{serve(site)}playground/")
    page.evaluate("playground.draw([[[200, 120], [380, 120], [250, 460]]])")
    top = {selector: page.locator(selector).bounding_box()
           for selector in (".pg-guess", ".pg-bars", ".pg-canvas")}
    header = page.locator("header").bounding_box()["height"]
    assert top[".pg-guess"]["y"] < top[".pg-bars"]["y"] < top[".pg-canvas"]["y"]
    canvas = top[".pg-canvas"]
    assert canvas["y"] + canvas["height"] - top[".pg-guess"]["y"] <= 800 - header
    page.close()


BUTTON_CONTRAST = """() => {
  const rgba = (c) => {
    const v = c.match(/[\\d.]+/g).map(Number);
    return [...v.slice(0, 3), v[3] ?? 1];
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgba(getComputedStyle(el).backgroundColor);
      if (c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const luminance = (rgb) => rgb.map((v) => v / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  return [...document.querySelectorAll('.playground button')].map((button) => {
    const [r, g, b, a] = rgba(getComputedStyle(button).color);
    const under = background(button);
    const text = [r, g, b].map((v, i) => a * v + (1 - a) * under[i]);  // the text as seen
    const [high, low] = [luminance(text), luminance(under.slice(0, 3))].sort((x, y) => y - x);
    return (high + 0.05) / (low + 0.05);
  });
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_drawing_pages_buttons_read_at_4_5_to_1_or_more_in_both_schemes(
        site, serve, browser, scheme):
    page = open_page(browser, f"{serve(site)}playground/")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.wait_for_timeout(300)  # the theme's buttons fade to their colours in 125 ms
    ratios = page.evaluate(BUTTON_CONTRAST)
    assert len(ratios) == 2 and min(ratios) >= 4.5, ratios


def test_the_evidence_maps_name_their_views_and_show_each_rows_vote_sum(site, serve,
                                                                        browser):
    """Which view each map is (the caption over the views, in their order), and each row's
    sum of votes, as Python's `evidence` sums them (to the 0.1 the page shows)."""
    model = load_default_model()
    page = open_page(browser, serve(site) + "playground/")
    assert page.locator(".pg-view-names").inner_text() == (
        "the whole canvas · the ink fitted as MNIST · the ink stretched")
    bar = page.locator(".pg-colour-bar")  # the maps' colour bar: blue, black, orange
    assert bar.inner_text().split() == ["against", "for"]
    assert bar.locator(".pg-scale").evaluate("e => getComputedStyle(e).backgroundImage") == (
        "linear-gradient(to right, rgb(70, 150, 255), rgb(0, 0, 0), rgb(255, 150, 40))")
    page.evaluate("playground.draw([[[200, 120], [380, 120], [250, 460]]])")
    x = np.array(page.evaluate("playground.input()"), dtype=np.float32)
    digits = page.locator(".pg-evidence-digit").all_inner_texts()
    sums = page.locator(".pg-evidence-sum").all_inner_texts()
    for digit, shown in zip(digits, sums, strict=True):
        total = float(model.evidence(x, int(digit)).sum())
        assert shown == f"votes {'+' if total >= 0 else '−'}{abs(total):.1f}"
    assert page.errors == []
