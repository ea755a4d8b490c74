"""Each chapter of the docs as a Jupyter notebook, generated from its Markdown (the single
source): text becomes Markdown cells, each ```python block a code cell, in order. A block
after an `<!-- illustrative -->` line is shown, not run, so it stays in a Markdown cell.

The site publishes them (tools/mkdocs_hooks.py) and the tests execute every one. What each
block printed when last run is kept in docs/outputs/<chapter>.json (`python -m
docs.make_figures --only outputs`), shown under the block on the site, and the tests check
that the code still prints exactly that.
"""

import base64
import json
import re
from importlib.metadata import version
from pathlib import Path

import nbformat

BLOCK = re.compile(r"(<!-- illustrative -->\n)?```python\n(.*?)```\n?", re.S)


def python_blocks(markdown: str) -> list[str]:
    """The code of the blocks a notebook runs, in order."""
    return [code for illustrative, code in BLOCK.findall(markdown) if not illustrative]


WHEEL = f"softmax_from_scratch-{version('softmax-from-scratch')}-py3-none-any.whl"
FIGURE = re.compile(r"!\[([^\]]*)\]\(figures/([^)]+)\)")
# The site's figure block: Jupyter shows no Markdown inside HTML, so a notebook gets the
# image and its caption as plain Markdown.
FIGURE_BLOCK = re.compile(r'<figure markdown="span">\s*(!\[[^\]]*\]\([^)]*\))\s*'
                          r"<figcaption>(.*?)</figcaption>\s*</figure>", re.S)
SETUP = """\
# Outside the repository (a fresh Jupyter, Colab)? This cell installs the package from
# {wheel}, the wheel published beside this notebook, then finds or downloads both
# datasets and checks them. Inside the repository it only finds them.
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("softmax_from_scratch") is None:
    wheel = "{wheel_url}"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"{{wheel}}[game,plot]"],
                   check=True)
from softmax_from_scratch.cli import main

main(["data"])"""


def notebook(markdown: str, source: str, docs: Path | None = None,
             wheel_url: str = WHEEL) -> nbformat.NotebookNode:
    """A chapter's Markdown -> a notebook that runs on its own: a setup cell (SETUP: the
    package from `wheel_url`, the data), then Markdown and code cells; the figures of
    `docs`/figures are embedded in their cells (attachments), so the notebook shows them
    wherever it is opened."""
    cells = [nbformat.v4.new_markdown_cell(
        f"*Generated from `{source}`: run the cells in order, as the chapter reads.*"),
        nbformat.v4.new_code_cell(SETUP.format(wheel=WHEEL, wheel_url=wheel_url))]
    text, last = "", 0
    for block in BLOCK.finditer(markdown):
        text += markdown[last : block.start()]
        last = block.end()
        if block.group(1):  # illustrative: shown as part of the text
            text += block.group(0)
            continue
        if text.strip():
            cells.append(text_cell(text.strip(), docs))
        cells.append(nbformat.v4.new_code_cell(block.group(2).rstrip("\n")))
        text = ""
    if (text + markdown[last:]).strip():
        cells.append(text_cell((text + markdown[last:]).strip(), docs))
    book = nbformat.v4.new_notebook(cells=cells)
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}
    return book


def text_cell(markdown: str, docs: Path | None) -> nbformat.NotebookNode:
    """A Markdown cell, with each figure it shows attached to it (when `docs` is given)."""
    if docs is None:
        return nbformat.v4.new_markdown_cell(markdown)
    markdown = FIGURE_BLOCK.sub(r"\1\n\n*\2*", markdown)
    names = FIGURE.findall(markdown)
    cell = nbformat.v4.new_markdown_cell(FIGURE.sub(r"![\1](attachment:\2)", markdown))
    if names:
        cell.attachments = {name: {"image/png": base64.b64encode(
            (docs / "figures" / name).read_bytes()).decode()} for _, name in names}
    return cell


def chapters(docs: Path) -> list[Path]:
    """The chapters that have code to run."""
    return [page for page in sorted(docs.glob("*.md")) if python_blocks(page.read_text())]


def execute(book: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run every code cell in a fresh Python kernel, with `folder` as the working folder."""
    from nbclient import NotebookClient

    NotebookClient(book, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return book


def printed(book: nbformat.NotebookNode) -> list[str]:
    """What each code cell of an executed notebook showed a reader, the setup cell left
    out: its standard output and the value of a last line that is an expression, as
    Jupyter shows them."""
    outputs = []
    for cell in [c for c in book.cells if c.cell_type == "code"][1:]:
        text = ""
        for out in cell.outputs:
            if out.output_type == "stream" and out.name == "stdout":
                text += out.text
            elif out.output_type == "execute_result":
                text += out.data.get("text/plain", "") + "\n"
        outputs.append(text)
    return outputs


def outputs_file(docs: Path, page: Path) -> Path:
    return docs / "outputs" / f"{page.stem}.json"


def stored_outputs(docs: Path, page: Path) -> list[str]:
    """The outputs kept for a chapter's blocks, one string per block run."""
    return json.loads(outputs_file(docs, page).read_text())
