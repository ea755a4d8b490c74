"""Write measured numbers into the Markdown docs, so no number there is typed by hand."""

import argparse
import re
import statistics
from pathlib import Path

from softmax_from_scratch.atomic import write_text_atomically

PERFORMANCE = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def median_and_spread(values: list[float]) -> tuple[float, float]:
    """A benchmark's repeats -> (median, spread), the spread being (max - min) / median:
    how far apart the repeats fell, the figure every table in docs/performance.md shows."""
    median = statistics.median(values)
    return median, (max(values) - min(values)) / median


def with_table(text: str, name: str, table: str) -> str:
    """`text` with what stands between `<!-- BEGIN name -->` and `<!-- END name -->`
    replaced: a block (markers on their own lines) or a value inside a sentence."""
    pattern = re.compile(rf"(<!-- BEGIN {name} -->)(\n?).*?(<!-- END {name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"the page has no markers for {name!r}")
    return pattern.sub(lambda m: m.group(1) + m.group(2) + table.strip()
                       + ("\n" if m.group(2) else "") + m.group(3), text)


def write_table(page: Path, name: str, table: str) -> None:
    """Replace what stands between the page's `<!-- BEGIN name -->` and `<!-- END name -->`."""
    try:
        write_text_atomically(page, with_table(page.read_text(), name, table))
    except ValueError as err:
        raise ValueError(f"{page}: {err}") from None


def replace_section(page: Path, heading: str, lines: list[str]) -> None:
    """Replace the section that starts with `heading` (up to the next "## " heading), or
    append it; `lines` start with the heading."""
    text = page.read_text() if page.exists() else "# Performance\n"
    before, found, after = text.partition(heading + "\n")
    rest = after[after.find("\n## ") + 1 :] if found and "\n## " in after else ""
    sections = [before.rstrip(), "\n".join(lines).rstrip()] + ([rest.rstrip()] if rest else [])
    write_text_atomically(page, "\n\n".join(sections) + "\n")


def write_section(page: Path, lines: list[str]) -> None:
    """Show a measured section (its first line is its "## " heading) and put it in the page."""
    print("\n".join(lines))
    replace_section(page, lines[0], lines)
    print(f"wrote {page}")


def benchmark_options(description: str) -> argparse.Namespace:
    """A benchmark's options: --quick (a smoke run) and --out (the performance page)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke run")
    parser.add_argument("--out", type=Path, default=PERFORMANCE)
    return parser.parse_args()
