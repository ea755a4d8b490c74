"""Mutation testing in one command: mutmut on the library's modules that hold logic
(`[tool.mutmut]` in pyproject.toml), then the score per module into docs/testing.md.

    python -m tools.mutation                 # about 10 minutes on 2 cores
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
# Mutants no test can tell from the original, each with the reason (mutmut's names).
_LAST_AXIS = "axis=-1 -> axis=+1: every array here is (n, k), where the two are the same axis"
_NO_COPY = ("copy=False -> another copy flag: whether astype copies changes memory use, "
            "never a value")
_RESHAPE = "reshape(-1, ...) -> reshape(-2, ...): NumPy reads any negative size as 'what fits'"
_STRICT = "zip(..., strict=True) -> no check: it only raises on unequal lengths, never the case"
_ENOUGH = "progress or workers None or left out: the same rows, seeded per chunk, no bar"
_BIG_ENDIAN = ("int.from_bytes without 'big': equivalent only from Python 3.11, where "
               "big-endian became the default (on 3.10 the call raises TypeError, and "
               "the IDX tests kill it there)")
_SHAPES = "the constructor's shapes are replaced by the loaded arrays at once"
_ZERO_SEGMENT = "a zero-length segment more or less at a stroke's end inks nothing"
_ROUNDING = "the general path gives the same strokes, up to float rounding at the very end"
_SYMMETRIC = "uniform(-m, m) is symmetric: adding or subtracting it is the same distribution"
_MODULE = "softmax_from_scratch."
EQUIVALENT: dict[str, str] = {_MODULE + name: why for name, why in {
    "functions.x_log_softmax__mutmut_7": _LAST_AXIS,
    "functions.x_log_softmax__mutmut_17": _LAST_AXIS,
    "functions.x_softmax__mutmut_7": _LAST_AXIS,
    "functions.x_softmax__mutmut_17": _LAST_AXIS,
    "functions.x_cross_entropy__mutmut_6": _LAST_AXIS,
    "functions.x_as_onehot__mutmut_29": _NO_COPY,
    "functions.x_as_onehot__mutmut_31": _NO_COPY,
    "functions.x_as_onehot__mutmut_32": _NO_COPY,
    "canvas.x_as_unit_image__mutmut_31": _NO_COPY,
    "canvas.x_as_unit_image__mutmut_33": _NO_COPY,
    "canvas.x_as_unit_image__mutmut_34": _NO_COPY,
    "training.x_train__mutmut_27": _NO_COPY,
    "training.x_train__mutmut_29": _NO_COPY,
    "training.x_train__mutmut_30": _NO_COPY,
    "collected.x_collected_drawings__mutmut_9": "read_text without encoding: the index is "
                                                "JSON with ensure_ascii, pure ASCII",
    "collected.x_collected_drawings__mutmut_11": "'UTF-8' for 'utf-8': the same codec",
    "collected.x_collected_drawings__mutmut_35": _RESHAPE,
    "collected.x_load_collected__mutmut_22": "labels without dtype: NumPy's default integer "
                                             "is int64 already",
    "collected.x_load_collected__mutmut_24": "labels without dtype: NumPy's default integer "
                                             "is int64 already",
    "features.x_mnist_to_original20__mutmut_21": _RESHAPE,
    "features.x_shift_images__mutmut_24": _RESHAPE,
    "mnist.x_parse_idx__mutmut_10": _BIG_ENDIAN,
    "mnist.x_parse_idx__mutmut_29": _BIG_ENDIAN,
    "mnist.x_read_idx_gz__mutmut_5": "gzip.open without 'rb': reading bytes is its default",
    "mnist.x_read_idx_gz__mutmut_27": "the name is only in structural errors, and a file "
                                      "whose checksum matched has none",
    "mnist.x_read_idx_gz__mutmut_31": "the name is only in structural errors, and a file "
                                      "whose checksum matched has none",
    "mnist.x_read_idx_gz__mutmut_32": "the name is only in structural errors, and a file "
                                      "whose checksum matched has none",
    "mnist.x_load_mnist__mutmut_19": _RESHAPE,
    "model.xǁSoftmaxRegressionǁloss__mutmut_14": "one-hot 0s and 1s are exact in float32, so "
                                                 "float64 losses multiply the same numbers",
    "model.xǁSoftmaxRegressionǁloss_and_gradients__mutmut_12": "one-hot 0s and 1s are exact "
                                                               "in float32 and float64 alike",
    "model.xǁSoftmaxRegressionǁsave__mutmut_6": "the temporary file's name: it is renamed "
                                                "into place or removed either way",
    "model.xǁSoftmaxRegressionǁsave__mutmut_7": "the temporary file's name: it is renamed "
                                                "into place or removed either way",
    "model.xǁSoftmaxRegressionǁload__mutmut_17": "allow_pickle left out: NumPy's default is "
                                                 "False already (kept for the reader)",
    "model.xǁSoftmaxRegressionǁload__mutmut_19": "allow_pickle left out: NumPy's default is "
                                                 "False already (kept for the reader)",
    "model.xǁSoftmaxRegressionǁload__mutmut_54": _SHAPES,
    "model.xǁSoftmaxRegressionǁload__mutmut_55": _SHAPES,
    "model.xǁSoftmaxRegressionǁload__mutmut_57": _SHAPES,
    "trajectories.x_random_placement__mutmut_19": "a third shift drawn and unused: as random, "
                                                  "another stream",
    "trajectories.x_pen_dataset__mutmut_14": _ENOUGH,
    "trajectories.x_pen_dataset__mutmut_15": _ENOUGH,
    "trajectories.x_pen_dataset__mutmut_24": _ENOUGH,
    "trajectories.x_pen_dataset__mutmut_25": _ENOUGH,
    **{f"canvas.x_stack_snapshots__mutmut_{k}": _STRICT for k in (4, 7, 8, 11, 14, 15)},
    "canvas.x_stack_snapshots__mutmut_29": _RESHAPE,
    "pendigits.x_parse_pendigits__mutmut_25": "0..100 checked on the label too: a label "
                                              "0..9 is within it",
    "pendigits.x_parse_pendigits__mutmut_42": _RESHAPE,
    "pendigits.x_read_pendigits__mutmut_8": "'ASCII' for 'ascii': the same codec",
    "pendigits.x_load_pendigits__mutmut_35": _RESHAPE,
    **{f"skeletons.x_digit_strokes__mutmut_{k}": _STRICT for k in (10, 12, 14)},
    "drawing.x_first_fraction__mutmut_9": _ROUNDING,
    "drawing.x_first_fraction__mutmut_34": _ROUNDING,
    "skeletons.x_render_strokes__mutmut_31": _ZERO_SEGMENT,
    "skeletons.x_render_strokes__mutmut_38": _ZERO_SEGMENT,
    "skeletons.x_render_strokes__mutmut_40": "integer pixel indices give the same distances",
    "skeletons.x_render_strokes__mutmut_48": _RESHAPE,
    "skeletons.x_jitter_placement__mutmut_14": _SYMMETRIC,
    **{f"skeletons.x_partial_dataset__mutmut_{k}": _ENOUGH for k in (13, 14, 21, 22)},
}.items()}


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
