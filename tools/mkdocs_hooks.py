"""MkDocs hooks (mkdocs.yml: `hooks:`): LaTeX typeset as MathML at build time, each
chapter published as a notebook, linked from its top, each block's output shown under it
(`<pre class="output">`, from docs/outputs/), the library's functions shown from their files
(tools/sources.py), every figure a link to itself (click to enlarge), numbered by its
chapter ("Figure 2.3"), and a `NAME@2x.png` shown at half its pixel size."""

import html as html_text
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote

import nbformat
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.math_markup import protect, restore
from tools.notebooks import (
    BLOCK,
    WHEEL,
    chapters,
    notebook,
    outputs_file,
    python_blocks,
    stored_outputs,
)
from tools.sources import with_sources

IMAGE = re.compile(r'(<a\b[^>]*>\s*)?(<img\b[^>]*\bsrc="([^"]+)"[^>]*>)')
PROMISE = re.compile(r"^(\s*print\(.*?)  # .*?(?:: (.*))?$", re.M)  # a print, its promise
CAPTION = re.compile(r"<figcaption>")
CHAPTER = re.compile(r"^([0-9]+|[A-Z])\. ")  # "2. The model", "A. Performance"
DENSE = re.compile(r'<img\b([^>]*)\bsrc="([^"]*figures/([^"/]+(?:@|%40)2x\.png))"')  # @ quoted
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "softmax_from_scratch", "game")
WIDGET = Path("game/serve/static")  # the drawing widget, and where the site puts its files
WIDGET_FILES = {"playground.js": "js", "playground.css": "stylesheets"}
_formulas: dict[str, list[str]] = {}  # page -> the MathML of its placeholders


def on_files(files: Files, config) -> Files:
    """Add notebooks/<chapter>.ipynb for every chapter with code, and the package's wheel
    beside them, for a notebook's setup cell to install outside the repository; and the
    drawing widget, which lives in the package (`digits serve` serves it too)."""
    docs = Path(config["docs_dir"])
    for name, folder in WIDGET_FILES.items():
        files.append(File.generated(config, f"{folder}/{name}",
                                    content=(docs.parent / WIDGET / name).read_bytes()))
    files.append(File.generated(config, f"notebooks/{WHEEL}", content=wheel(docs.parent)))
    wheel_url = f"{config['site_url']}notebooks/{WHEEL}" if config["site_url"] else WHEEL
    for page in chapters(docs):
        book = notebook(page.read_text(), f"docs/{page.name}", docs, wheel_url)
        files.append(File.generated(config, f"notebooks/{page.stem}.ipynb",
                                    content=nbformat.writes(book)))
    return files


def wheel(root: Path) -> bytes:
    """The package's wheel, built from a copy of its sources (builds running side by side,
    as the tests' do, would share setuptools' build/ folder)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "source"
        shutil.copytree(root, source, ignore=lambda where, names: [
            name for name in names if (Path(where) == root and name not in SOURCES)
            or name == "__pycache__"])
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                        "--no-build-isolation", "-w", folder, str(source)], check=True)
        return (Path(folder) / WHEEL).read_bytes()


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Formulas -> placeholders; a chapter with code gets a link to its notebook and its
    blocks' outputs."""
    name = Path(page.file.src_uri)
    if files.get_file_from_path(f"notebooks/{name.stem}.ipynb"):
        title, _, rest = markdown.partition("\n")
        markdown = (f"{title}\n\n[Run this chapter as a notebook](notebooks/{name.stem}.ipynb)"
                    f"{{ .md-button }} (with [the package](notebooks/{WHEEL}) beside it, "
                    "its first cell installs it outside the repository)\n" + rest)
        markdown = with_outputs(markdown, Path(config["docs_dir"]), name)
    markdown = with_sources(markdown)  # after the outputs: a shown block has none
    markdown, _formulas[page.file.src_uri] = protect(markdown)
    return markdown


def with_outputs(markdown: str, docs: Path, page: Path) -> str:
    """After each block the notebook runs, what it printed (nothing: no output element)."""
    stored = stored_outputs(docs, page)
    if len(stored) != len(python_blocks(markdown)):
        raise ValueError(f"{outputs_file(docs, page)} is stale: "
                         "python -m docs.make_figures --only outputs")

    outputs = iter(stored)

    def add_output(block: re.Match) -> str:
        if block.group(1):  # illustrative: not run
            return block.group(0)
        text = next(outputs).rstrip("\n")
        shown = f'\n<pre class="output">{html_text.escape(text)}</pre>\n'
        return (without_promises(block.group(0)).rstrip("\n") + "\n"
                + (shown if text else "") + "\n")

    return BLOCK.sub(add_output, markdown)


def without_promises(code: str) -> str:
    """The block as the page shows it, above its output: a print's comment that promises
    what it prints (`print(z)  # [[1. 0.]]`, which the docs' test holds it to) is dropped,
    the output box shows it once; a reason after the promise stays (`# [[nan 0.]]: inf /
    inf` becomes `# inf / inf`)."""
    return PROMISE.sub(lambda m: f"{m.group(1)}  # {m.group(2)}" if m.group(2)
                       else m.group(1).rstrip(), code)


def on_page_content(html: str, page, config, files) -> str:
    """Placeholders -> MathML; each `@2x` figure sized, each caption numbered, and each
    image not already in a link a link to its file."""
    html = sized_figures(html, Path(config["docs_dir"]) / "figures")
    html = numbered_figures(html, page.title or "")
    html = IMAGE.sub(lambda m: m.group(0) if m.group(1) else
                     f'<a class="enlarge" href="{m.group(3)}" title="Click to enlarge">'
                     f"{m.group(2)}</a>", html)
    return restore(html, _formulas.pop(page.file.src_uri, []))


def sized_figures(html: str, figures: Path) -> str:
    """Each `NAME@2x.png` given its size in CSS pixels, half its pixels' (sharp on a dense
    screen, the intended size on any); a chart (matplotlib's) gets the class `chart`, which
    the dark scheme inverts (extra.css), where a screenshot keeps its colours."""
    from PIL import Image

    def sized(match: re.Match) -> str:
        with Image.open(figures / unquote(match.group(3))) as image:
            width, height = image.size
            chart = image.info.get("Software", "").startswith("Matplotlib")
        return (f'<img{match.group(1)}width="{width // 2}" height="{height // 2}" '
                + ('class="chart" ' if chart else "") + f'src="{match.group(2)}"')

    return DENSE.sub(sized, html)


def numbered_figures(html: str, title: str) -> str:
    """Each caption prefixed "Figure C.n", C the chapter's number or letter ("2. The
    model": Figure 2.1, 2.2, ...), n counting the page's figures in order."""
    chapter = CHAPTER.match(title)
    prefix = f"{chapter.group(1)}." if chapter else ""
    count = itertools.count(1)
    return CAPTION.sub(lambda _: f'<figcaption><span class="figure-number">Figure '
                                 f"{prefix}{next(count)}</span> ", html)
