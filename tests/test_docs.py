"""Every Python block in the docs and the README runs, says what its comments say,
and the site builds.

A page runs as the notebook the site publishes (tools/notebooks.py), in a fresh kernel, as a
reader would run it cell by cell. A block right after an `<!-- illustrative -->` line is
only shown, not run. A line
`print(...)  # text` promises that this print writes `text` (up to a ": " that starts
an explanation); every print in the docs writes one line. And each block prints exactly
what the site shows under it (docs/outputs/).
"""

import importlib.util
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tools.site
from tools.notebooks import execute, notebook, printed, python_blocks, stored_outputs

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.blas_threads
@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p.read_text())],
                         ids=lambda p: p.name)
def test_every_page_runs_as_a_notebook_and_prints_what_it_promises(page, monkeypatch, tmp_path):
    """The chapter's notebook, as the site publishes it, executed in a fresh kernel
    (nbclient) in an empty folder; each print's line is checked against its comment."""
    from tests.local_data import mnist_dir, pendigits_dir, unavailable

    if mnist_dir():
        monkeypatch.setenv("DIGITS_MNIST_DIR", str(mnist_dir()))
    if pendigits_dir():
        monkeypatch.setenv("DIGITS_PENDIGITS_DIR", str(pendigits_dir()))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    if "import tensorflow" in page.read_text() and importlib.util.find_spec("tensorflow") is None:
        unavailable(f"{page.name} runs TensorFlow: pip install -e '.[tf]'")
    book = execute(notebook(page.read_text(), page.name), tmp_path)
    setup, *code_cells = [cell for cell in book.cells if cell.cell_type == "code"]
    assert len(code_cells) == len(python_blocks(page.read_text()))
    assert "checksums verified" in "".join(out.get("text", "") for out in setup.outputs)
    for number, cell in enumerate(code_cells, start=1):
        printed_lines = "".join(out.get("text", "") for out in cell.outputs
                                if out.output_type == "stream" and out.name == "stdout")
        for claim, line in zip(promised_output(cell.source), printed_lines.splitlines(),
                               strict=True):
            if claim is not None:
                assert line == claim, f"{page.name}, block {number}: printed {line!r}"
    if page.parent.name == "docs":  # the site shows each block's output under it
        assert printed(book) == stored_outputs(page.parent, page), (
            f"{page.name}'s outputs changed: python -m docs.make_figures --only outputs")


def promised_output(code: str) -> list[str | None]:
    """For each print line of a block, the output its comment promises (None: no comment)."""
    claims = []
    for line in code.splitlines():
        if line.lstrip().startswith("print("):
            comment = line.split("  # ", 1)[1] if "  # " in line else None
            claims.append(comment.split(": ", 1)[0].rstrip() if comment else None)
    return claims


@pytest.mark.parametrize("page", PAGES[1:], ids=lambda p: p.name)
def test_no_line_of_code_is_wider_than_80_columns_so_none_scrolls_sideways(page):
    blocks = re.findall(r"^```\w*\n(.*?)^```", page.read_text(), re.S | re.M)
    assert [line for block in blocks for line in block.splitlines() if len(line) > 80] == []


def test_only_a_few_blocks_are_illustrative():
    shown = sum(p.read_text().count("<!-- illustrative -->") for p in PAGES)
    run = sum(len(python_blocks(p.read_text())) for p in PAGES)
    assert shown <= run // 5


def test_the_site_builds_strictly(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                             "-d", str(tmp_path / "site")], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "model" / "index.html").exists()


def test_a_published_notebook_shows_its_figures_and_installs_the_wheel_beside_it(tmp_path):
    """Opened anywhere, a chapter's notebook shows its figures (attached to their cells) and
    its first code cell installs the package from the wheel the site publishes with it."""
    import nbformat

    from tools.notebooks import WHEEL

    site = tools.site.build(tmp_path / "site")
    book = nbformat.read(site / "notebooks" / "model.ipynb", as_version=4)
    text = "".join(cell.source for cell in book.cells if cell.cell_type == "markdown")
    assert "](figures/" not in text and "](attachment:weights@2x.png)" in text
    assert "<figure" not in text  # Jupyter shows no Markdown inside HTML
    attached = {name for cell in book.cells for name in cell.get("attachments", {})}
    assert attached == set(re.findall(r"\]\(figures/([^)]+)\)",
                                      (ROOT / "docs" / "model.md").read_text()))
    setup = next(cell for cell in book.cells if cell.cell_type == "code")
    assert f'wheel = "{WHEEL}"' in setup.source and "pip" in setup.source
    with zipfile.ZipFile(site / "notebooks" / WHEEL) as wheel:
        assert "softmax_from_scratch/models/linear.npz" in wheel.namelist()


def test_the_readme_quotes_the_shipped_models_own_numbers():
    from softmax_from_scratch import load_default_model

    accuracy = load_default_model().metadata["accuracy"]
    readme = (ROOT / "README.md").read_text()
    for number in (f"{accuracy['test']:.2%}", f"{accuracy['pen']['0.5']:.1%}",
                   f"{accuracy['pen']['1.0']:.1%}"):
        assert f"**{number[:-1]} %**" in readme


def test_the_code_map_is_what_the_modules_say_they_are():
    result = subprocess.run([sys.executable, "-m", "tools.code_map", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("chapter", ["data", "model", "training", "parity", "game"])
def test_every_chapter_has_exercises_with_folded_answers_one_asking_for_code(chapter):
    text = (ROOT / "docs" / f"{chapter}.md").read_text()
    assert "\n## Exercises\n" in text
    section = text.split("\n## Exercises\n", 1)[1].split("\n## ", 1)[0]
    questions = section.count("\n**")
    answers = section.split('<details markdown="1"><summary>Answer</summary>')[1:]
    assert 3 <= questions <= 6 and len(answers) == questions
    assert any("```python" in answer for answer in answers)


def test_a_source_directive_becomes_the_definition_as_written_shown_not_run():
    import inspect
    import textwrap

    from softmax_from_scratch.classifier import Classifier
    from tools.notebooks import python_blocks
    from tools.sources import with_sources

    page = with_sources("<!-- source: softmax_from_scratch/classifier.py Classifier.sgd_step -->")
    assert textwrap.dedent(inspect.getsource(Classifier.sgd_step)).rstrip() in page
    assert python_blocks(page) == []  # shown, never run as the notebook's code
