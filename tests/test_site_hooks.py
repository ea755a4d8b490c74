"""What the site's build hooks do to a page (tools/mkdocs_hooks.py)."""

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from tools.mkdocs_hooks import numbered_figures, sized_figures, without_promises


def test_a_prints_promise_is_not_shown_above_the_output_that_shows_it():
    code = "z = 1\nprint(softmax(z))     # [[1. 0. 0.]]\ny = 2  # a comment\n"
    assert without_promises(code) == "z = 1\nprint(softmax(z))\ny = 2  # a comment\n"


def test_the_reason_after_a_promise_stays():
    assert without_promises("print(naive)  # [[nan 0.]]: inf / inf") == \
        "print(naive)  # inf / inf"


def test_figures_are_numbered_by_the_chapter_in_page_order():
    html = numbered_figures("<figcaption>a</figcaption> <figcaption>b</figcaption>",
                            "2. The model")
    assert html.count('<span class="figure-number">Figure 2.1</span> a') == 1
    assert '<span class="figure-number">Figure 2.2</span> b' in html


def test_an_appendix_numbers_its_figures_by_its_letter():
    assert "Figure A.1</span>" in numbered_figures("<figcaption>x</figcaption>",
                                                   "A. Performance")


def test_a_dense_image_is_shown_at_half_its_pixels_and_a_chart_is_marked(tmp_path):
    Image.new("RGB", (400, 200)).save(tmp_path / "shot@2x.png")
    chart = Image.new("RGB", (400, 200))
    info = PngInfo()
    info.add_text("Software", "Matplotlib version3.10.0, https://matplotlib.org/")
    chart.save(tmp_path / "chart@2x.png", pnginfo=info)
    html = sized_figures('<img alt="a" src="../figures/shot%402x.png" />'  # as Markdown quotes @
                         '<img alt="b" src="../figures/chart@2x.png" />', tmp_path)
    assert '<img alt="a" width="200" height="100" src="../figures/shot%402x.png"' in html
    assert '<img alt="b" width="200" height="100" class="chart" src="../figures/chart@2x.png"' \
        in html
