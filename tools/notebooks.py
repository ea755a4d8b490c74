"""Each chapter of the docs as a Jupyter notebook, generated from its Markdown (the single
source): text becomes Markdown cells, each ```python block a code cell, in order. A block
after an `<!-- illustrative -->` line is shown, not run, so it stays in a Markdown cell.

The site publishes them (tools/mkdocs_hooks.py) and the tests execute every one.
"""

import re
from pathlib import Path

import nbformat

BLOCK = re.compile(r"(<!-- illustrative -->\n)?```python\n(.*?)```\n?", re.S)


def python_blocks(markdown: str) -> list[str]:
    """The code of the blocks a notebook runs, in order."""
    return [code for illustrative, code in BLOCK.findall(markdown) if not illustrative]


def notebook(markdown: str, source: str) -> nbformat.NotebookNode:
    """A chapter's Markdown -> a notebook of Markdown and code cells; figures are linked
    from the notebooks/ folder beside the chapter pages."""
    markdown = markdown.replace("](figures/", "](../figures/")
    cells = [nbformat.v4.new_markdown_cell(
        f"*Generated from `{source}`: run the cells in order, as the chapter reads.*")]
    text, last = "", 0
    for block in BLOCK.finditer(markdown):
        text += markdown[last : block.start()]
        last = block.end()
        if block.group(1):  # illustrative: shown as part of the text
            text += block.group(0)
            continue
        if text.strip():
            cells.append(nbformat.v4.new_markdown_cell(text.strip()))
        cells.append(nbformat.v4.new_code_cell(block.group(2).rstrip("\n")))
        text = ""
    if (text + markdown[last:]).strip():
        cells.append(nbformat.v4.new_markdown_cell((text + markdown[last:]).strip()))
    book = nbformat.v4.new_notebook(cells=cells)
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}
    return book


def chapters(docs: Path) -> list[Path]:
    """The chapters that have code to run."""
    return [page for page in sorted(docs.glob("*.md")) if python_blocks(page.read_text())]
