"""The library's own code on the docs' pages, read from its files when the site is built,
so that what a chapter shows can never drift from what runs.

A line `<!-- source: softmax_from_scratch/functions.py softmax -->` in a chapter becomes
that function (or `Class.method`) exactly as the file has it, docstring and all, in a
Python block that is shown and not run, with its path under it.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r"^<!-- source: (\S+\.py) ([\w.]+) -->$", re.M)


def definition(path: Path, name: str) -> str:
    """The source of function `name` (or `Class.method`) in the file at `path`, as written."""
    source = path.read_text(encoding="utf-8")
    scope: list[ast.stmt] = ast.parse(source).body
    node = None
    for part in name.split("."):
        node = next((n for n in scope if isinstance(n, ast.FunctionDef | ast.ClassDef)
                     and n.name == part), None)
        if node is None:
            raise ValueError(f"{path}: no {name}")
        scope = node.body
    lines = source.splitlines()[node.lineno - 1 : node.end_lineno]
    indent = len(lines[0]) - len(lines[0].lstrip())
    return "\n".join(line[indent:] for line in lines)


def with_sources(markdown: str, root: Path = ROOT) -> str:
    """Each source directive -> the definition it names, in a shown-only Python block."""
    def block(match: re.Match) -> str:
        path, name = match[1], match[2]
        return (f"<!-- illustrative -->\n```python\n{definition(root / path, name)}\n```\n\n"
                f"*`{name}`, as `{path}` has it.*")
    return DIRECTIVE.sub(block, markdown)
