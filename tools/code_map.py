"""Write docs/code-map.md's table from the code itself: each module in reading order, the
first sentence of its docstring and its public names, so the map cannot fall out of date.

    python -m tools.code_map           # rewrite the table
    python -m tools.code_map --check   # exit 1 if the committed table is stale
"""

import argparse
import ast
from pathlib import Path

from softmax_from_scratch.atomic import write_text_atomically
from tools.doc_tables import with_table

ROOT = Path(__file__).resolve().parents[1]

PAGE = ROOT / "docs" / "code-map.md"
# Reading order: the math first, then data, then drawings, then what joins them.
ORDER = (
    "softmax_from_scratch/functions.py", "softmax_from_scratch/classifier.py",
    "softmax_from_scratch/model.py", "softmax_from_scratch/network.py",
    "softmax_from_scratch/estimators.py",
    "softmax_from_scratch/training.py", "softmax_from_scratch/downloads.py",
    "softmax_from_scratch/mnist.py", "softmax_from_scratch/pendigits.py",
    "softmax_from_scratch/features.py", "softmax_from_scratch/strokes.py",
    "softmax_from_scratch/drawing.py",
    "softmax_from_scratch/views.py", "softmax_from_scratch/framings.py",
    "softmax_from_scratch/trajectories.py",
    "softmax_from_scratch/skeletons.py", "softmax_from_scratch/shapes.py",
    "softmax_from_scratch/parallel.py", "softmax_from_scratch/rowcache.py",
    "softmax_from_scratch/sgd.py", "softmax_from_scratch/datasets.py",
    "softmax_from_scratch/evaluation.py", "softmax_from_scratch/measures.py",
    "softmax_from_scratch/plotting.py",
    "softmax_from_scratch/collected.py", "softmax_from_scratch/teaching.py",
    "softmax_from_scratch/userdirs.py", "softmax_from_scratch/atomic.py",
    "softmax_from_scratch/default_model.py",
    "softmax_from_scratch/cli.py",
    "game/drawing.py", "game/rounds.py", "game/collect.py", "game/app.py",
    "tools/replay.py", "tools/screenshots.py",
    "parity_tests/tf_models.py", "parity_tests/helpers.py", "parity_tests/test_parity.py",
    "parity_tests/test_network_parity.py", "parity_tests/gate.py", "parity_tests/report.py",
)
# Where a module's math or purpose is taught.
CHAPTER = {
    "functions.py": "[model](model.md)", "model.py": "[model](model.md#the-gradient-by-hand)",
    "training.py": "[training](training.md)", "mnist.py": "[data](data.md)",
    "downloads.py": "[data](data.md)", "pendigits.py": "[data](data.md#real-pen-trajectories)",
    "features.py": "[data](data.md)", "drawing.py": "[game](game.md)",
    "strokes.py": "[game](game.md)",
    "framings.py": "[game](game.md)", "views.py": "[game](game.md)",
    "trajectories.py": "[game](game.md)",
    "sgd.py": "[training](training.md)", "datasets.py": "[game](game.md)",
    "measures.py": "[game](game.md)",
    "shapes.py": "[game](game.md#ordinary-digits-wherever-and-however-big)",
    "teaching.py": "[game](game.md#learning-from-players)",
    "rowcache.py": "[game](game.md#learning-from-players)",
    "test_parity.py": "[parity](parity.md)",
}


def first_sentence(docstring: str) -> str:
    """The docstring's first paragraph up to its first full stop, on one line."""
    paragraph = " ".join(docstring.split("\n\n")[0].split())
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


def public_names(tree: ast.Module) -> list[str]:
    """The module's top-level functions and classes whose names do not start with _."""
    return [node.name for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")]


def table() -> str:
    """One row per module in ORDER; every module of the three packages must be in it."""
    found = {str(p.relative_to(ROOT)) for folder in ("softmax_from_scratch", "game", "parity_tests")
             for p in (ROOT / folder).glob("*.py")
             if p.name not in ("__init__.py", "__main__.py", "conftest.py")}
    if missing := sorted(found - set(ORDER)):
        raise SystemExit(f"tools/code_map.py: add {missing} to ORDER")
    rows = ["| file | what it is | public names | taught in |", "|---|---|---|---|"]
    for path in ORDER:
        tree = ast.parse((ROOT / path).read_text())
        names = ", ".join(f"`{name}`" for name in public_names(tree))
        chapter = CHAPTER.get(Path(path).name, "") if path.startswith("softmax") else ""
        rows.append(f"| `{path}` | {first_sentence(ast.get_docstring(tree) or '')} | "
                    f"{names} | {chapter} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    committed = PAGE.read_text()
    fresh = with_table(committed, "code-map", table())
    if args.check and fresh != committed:
        raise SystemExit("docs/code-map.md is stale: run python -m tools.code_map")
    write_text_atomically(PAGE, fresh)


if __name__ == "__main__":
    main()
