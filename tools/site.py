"""The built site, served, and a headless Chromium to look at it: the browser tests, the
drawing page's screenshot (docs/make_figures.py) and its benchmark share these."""

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
