"""MkDocs hooks (mkdocs.yml: `hooks:`): LaTeX typeset as MathML at build time, and each
chapter published as a notebook, linked from its top."""

import sys
from pathlib import Path

import nbformat
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.math_markup import protect, restore
from tools.notebooks import chapters, notebook

_formulas: dict[str, list[str]] = {}  # page -> the MathML of its placeholders


def on_files(files: Files, config) -> Files:
    """Add notebooks/<chapter>.ipynb for every chapter with code."""
    for page in chapters(Path(config["docs_dir"])):
        book = notebook(page.read_text(), f"docs/{page.name}")
        files.append(File.generated(config, f"notebooks/{page.stem}.ipynb",
                                    content=nbformat.writes(book)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Formulas -> placeholders; a chapter with code gets a link to its notebook."""
    name = Path(page.file.src_uri)
    if files.get_file_from_path(f"notebooks/{name.stem}.ipynb"):
        title, _, rest = markdown.partition("\n")
        markdown = (f"{title}\n\n[Run this chapter as a notebook](notebooks/{name.stem}.ipynb)"
                    "{ .md-button }\n" + rest)
    markdown, _formulas[page.file.src_uri] = protect(markdown)
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """Placeholders -> MathML."""
    return restore(html, _formulas.pop(page.file.src_uri, []))
