"""Mutation testing in one command: mutmut on the library's modules that hold logic
(`[tool.mutmut]` in pyproject.toml), then the score per module into docs/testing.md.

    python tools/mutation.py                 # about 20-30 minutes on 2 cores
    mutmut results                           # the survivors; `mutmut show NAME` shows one
"""

import argparse
import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.doc_tables import write_table  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
# Mutants no test can tell from the original, each with the reason (mutmut's names).
_LAST_AXIS = "axis=-1 -> axis=+1: every array here is (n, k), where the two are the same axis"
_NO_COPY = ("copy=False -> another copy flag: whether astype copies changes memory use, "
            "never a value")
EQUIVALENT: dict[str, str] = {
    "softmax_from_scratch.functions.x_log_softmax__mutmut_7": _LAST_AXIS,
    "softmax_from_scratch.functions.x_log_softmax__mutmut_17": _LAST_AXIS,
    "softmax_from_scratch.functions.x_softmax__mutmut_7": _LAST_AXIS,
    "softmax_from_scratch.functions.x_softmax__mutmut_17": _LAST_AXIS,
    "softmax_from_scratch.functions.x_cross_entropy__mutmut_6": _LAST_AXIS,
    "softmax_from_scratch.functions.x_as_onehot__mutmut_29": _NO_COPY,
    "softmax_from_scratch.functions.x_as_onehot__mutmut_31": _NO_COPY,
    "softmax_from_scratch.functions.x_as_onehot__mutmut_32": _NO_COPY,
}


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
            counts[module_of(name)]["equivalent" if name in EQUIVALENT else status] += 1
    return counts


def table(counts: dict[str, collections.Counter]) -> str:
    rows = ["| module | mutants | killed | survived | equivalent | other | score |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for module, c in sorted(counts.items()):
        total = sum(c.values())
        other = total - c["killed"] - c["survived"] - c["equivalent"]
        scored = total - c["equivalent"]
        score = c["killed"] / scored if scored else 1.0
        rows.append(f"| `{module}` | {total} | {c['killed']} | {c['survived']} | "
                    f"{c['equivalent']} | {other} | {score:.0%} |")
    notes = [f"- `{name}`: {why}" for name, why in sorted(EQUIVALENT.items())]
    return "\n".join(rows) + ("\n\nEquivalent mutants:\n\n" + "\n".join(notes) if notes else "")


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
