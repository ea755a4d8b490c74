"""The built site, served, and a headless Chromium to look at it: the browser tests, the
drawing page's screenshot (docs/make_figures.py) and its benchmark share these, and the
tests and figures of `digits serve`'s pages draw on them with the mouse."""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tools.local_server import serving

ROOT = Path(__file__).resolve().parents[1]


def build(out: Path) -> Path:
    """`mkdocs build --strict` of the repository's docs into `out`."""
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                   cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return out


@contextlib.contextmanager
def served() -> Iterator[str]:
    """with served() as base_url: the site, freshly built into a temporary folder."""
    with tempfile.TemporaryDirectory() as folder, serving(build(Path(folder))) as base:
        yield base


def chromium() -> str | None:
    """The system Chromium (Debian's `chromium` package), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch(playwright):
    """Headless Chromium through Playwright, the system's own browser (no download)."""
    return playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])


def draw_with_mouse(page, strokes: list[list[tuple[float, float]]]) -> None:
    """Strokes of points on a drawing widget's 560-pixel canvas, drawn with the mouse as a
    player draws them: pen down, moves, pen up."""
    box = page.locator(".pg-canvas").bounding_box()

    def on_screen(x: float, y: float) -> tuple[float, float]:
        return box["x"] + x * box["width"] / 560, box["y"] + y * box["height"] / 560

    for stroke in strokes:
        page.mouse.move(*on_screen(*stroke[0]))
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*on_screen(*point), steps=8)
        page.mouse.up()
