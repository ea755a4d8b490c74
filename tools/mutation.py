"""Mutation testing in one command: mutmut on the library's modules that hold logic
(`[tool.mutmut]` in pyproject.toml), then the score per module into docs/testing.md.

    python -m tools.mutation                 # more than 40 minutes on 2 cores
    mutmut results                           # the survivors; `mutmut show NAME` shows one
"""

import argparse
import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tools.doc_tables import write_table

ROOT = Path(__file__).resolve().parents[1]

SHARED = ROOT.parent / "shared" / "data"
# Equivalent mutants (changes no test can see, because they change no result) are not
# listed here by mutmut's numbers, which move with every edit: the line that would make
# them says so in the code, `# pragma: no mutate (why)`, and mutmut leaves it alone.
PRAGMA = "# pragma: no mutate"


def marked_lines() -> list[str]:
    """Every line of the library marked `# pragma: no mutate`, as "file:line: why"."""
    found = []
    for path in sorted((ROOT / "softmax_from_scratch").glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if PRAGMA in line:
                why = line.split(PRAGMA, 1)[1].strip(" ()")
                found.append(f"{path.name}:{number}: `{line.split('#')[0].strip()}` ({why})")
    return found


def module_of(mutant: str) -> str:
    """softmax_from_scratch.model.xǁSoftmaxRegressionǁlogits__mutmut_2 -> model.py"""
    return mutant.split(".x", 1)[0].rsplit(".", 1)[-1] + ".py"


def results() -> dict[str, collections.Counter]:
    """{module: Counter(status)} from `mutmut results --all true`."""
    mutmut = shutil.which("mutmut") or str(Path(sys.executable).with_name("mutmut"))
    listing = subprocess.run([mutmut, "results", "--all", "true"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for line in listing.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            counts[module_of(name)][status] += 1
    return counts


def table(counts: dict[str, collections.Counter]) -> str:
    rows = ["| module | mutants | killed | survived | other | not run | score |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for module, c in sorted(counts.items()):
        total = sum(c.values())
        run = total - c["not checked"]  # a run stopped early leaves some unchecked
        other = run - c["killed"] - c["survived"]
        score = f"{c['killed'] / run:.0%}" if run else "-"
        rows.append(f"| `{module}` | {total} | {c['killed']} | {c['survived']} | {other} | "
                    f"{c['not checked']} | {score} |")
    notes = [f"- {line}" for line in marked_lines()]
    return "\n".join(rows) + ("\n\nLines marked equivalent (`# pragma: no mutate`):\n\n"
                               + "\n".join(notes) if notes else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--report-only", action="store_true",
                        help="skip the run, write the table from the last one")
    args = parser.parse_args()
    env = dict(os.environ)
    for variable, name in (("DIGITS_MNIST_DIR", "mnist"), ("DIGITS_PENDIGITS_DIR", "pendigits")):
        if variable not in env and (SHARED / name).is_dir():
            env[variable] = str(SHARED / name)
    if not args.report_only:
        mutmut = shutil.which("mutmut") or str(Path(sys.executable).with_name("mutmut"))
        subprocess.run([mutmut, "run", "--max-children", str(args.max_children)], cwd=ROOT,
                       env=env, check=False)
    counts = results()
    write_table(ROOT / "docs" / "testing.md", "mutation", table(counts))
    print(table(counts))


if __name__ == "__main__":
    main()
