"""Time to accuracy on MNIST: the fast recipe (`sgd.fast`) beside the 2016 recipe and
scikit-learn's LogisticRegression (sag, saga, lbfgs) and SGDClassifier, on the same
60,000 rows in the same run. Each contender is run at a few budgets (epochs, steps or
iterations), each budget from scratch; the time is the whole fit's wall time.
Writes a section into docs/performance.md and the plot figures/time-to-accuracy@2x.png
beside it.

    python -m benchmarks.fast [--quick]     # needs scikit-learn and matplotlib (dev extra)
"""

import time
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier

from softmax_from_scratch import SoftmaxRegression, load_mnist, train
from softmax_from_scratch.plotting import pyplot, save_figure
from softmax_from_scratch.sgd import FAST_EPOCHS, FAST_SEED, fast, sgd_2016, sgd_fast
from tools.doc_tables import benchmark_options, median_and_spread, write_section

SECTION = "## Fastest to 92.5 %"
TARGET = 0.925
Fit = Callable[[np.ndarray, np.ndarray, int], Callable[[np.ndarray], np.ndarray]]


def ours(settings_at: Callable[[int], object]) -> Fit:
    """A NumPy recipe at budget k -> its predict function."""
    def fit(X: np.ndarray, y: np.ndarray, k: int) -> Callable[[np.ndarray], np.ndarray]:
        model = SoftmaxRegression(X.shape[1])
        settings = settings_at(k)
        train(model, X, y, **settings.options(), seed=0, progress=False,
              eval_every=settings.steps)
        return model.predict
    return fit


def sklearn(make: Callable[[int], object]) -> Fit:
    """A scikit-learn estimator at budget k -> its predict function."""
    def fit(X: np.ndarray, y: np.ndarray, k: int) -> Callable[[np.ndarray], np.ndarray]:
        return make(k).fit(X, y).predict
    return fit


def contenders(n: int) -> dict[str, tuple[str, tuple[int, ...], Fit]]:
    """{name: (what the budget counts, budgets, fit)}."""
    return {
        "fast recipe (NumPy)": ("epochs", (1, 2, 3, FAST_EPOCHS), ours(lambda k: sgd_fast(n, k))),
        "2016 recipe (NumPy)": ("steps", (1000, 2500, 5000, 10_000),
                                ours(lambda k: replace(sgd_2016(), steps=k))),
        "LogisticRegression(solver='sag')": ("max_iter", (2, 5, 10, 15), sklearn(
            lambda k: LogisticRegression(solver="sag", max_iter=k, random_state=0))),
        "LogisticRegression(solver='saga')": ("max_iter", (2, 5, 10), sklearn(
            lambda k: LogisticRegression(solver="saga", max_iter=k, random_state=0))),
        "LogisticRegression(solver='lbfgs')": ("max_iter", (25, 50, 100), sklearn(
            lambda k: LogisticRegression(solver="lbfgs", max_iter=k))),
        "SGDClassifier(loss='log_loss')": ("max_iter", (2, 5, 10), sklearn(
            lambda k: SGDClassifier(loss="log_loss", max_iter=k, tol=None, random_state=0))),
    }


def measure(fit: Fit, k: int, data, repeats: int) -> tuple[float, float, float]:
    """(median seconds, spread, test accuracy) of fitting at budget k, `repeats` times."""
    (X, y), (X_test, y_test) = data
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        predict = fit(X, y, k)
        seconds.append(time.perf_counter() - start)
    return (*median_and_spread(seconds), float((predict(X_test) == y_test).mean()))


def seed_spread(data, seeds: int) -> str:
    """The fast recipe's test accuracy over seeds 0 .. seeds-1: where a run ends depends on
    the order of its batches, and 92.5 % lies within that spread."""
    (X, y), (X_test, y_test) = data
    scores = np.array([(fast(X, y, seed).predict(X_test) == y_test).mean()
                       for seed in range(seeds)])
    return (f"Over seeds 0 to {seeds - 1} the fast recipe ends at {scores.min():.2%} to "
            f"{scores.max():.2%} (median {np.median(scores):.2%}); {(scores >= TARGET).sum()} "
            f"of {seeds} reach 92.5 %. So it is seeded: `fast` and `digits train --recipe "
            f"fast` use seed {FAST_SEED} unless given another, and give the same model on "
            "every run.")


def plot(curves: dict[str, list[tuple[float, float]]], out: Path) -> None:
    """Test accuracy against seconds, one line per contender, the target dashed."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for name, points in curves.items():
        ax.plot(*zip(*[(s, 100 * a) for s, a in points], strict=True), "o-", label=name)
    ax.axhline(100 * TARGET, color="grey", linestyle="--", linewidth=1)
    ax.set(xscale="log", xlabel="seconds to fit (log scale)", ylabel="MNIST test accuracy (%)",
           ylim=(90, 93), title="Time to accuracy, softmax regression on MNIST")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    save_figure(fig, out)


def main() -> None:
    args = benchmark_options(__doc__)
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    data = load_mnist(progress=False)
    rows, curves = [], {}
    for name, (unit, budgets, fit) in contenders(len(data[0][0])).items():
        budgets = budgets[-1:] if args.quick else budgets
        repeats = 1 if args.quick else 3 if "NumPy" in name else 2
        points = []
        for k in budgets:
            seconds, spread, acc = measure(fit, k, data, repeats)
            points.append((seconds, acc))
            counted = unit.removesuffix("s") if k == 1 else unit  # 1 epoch, 2 epochs
            rows.append(f"| {name} | {k:,} {counted} | {seconds:.2f} s | {spread:.0%} | "
                        f"{acc:.2%} |")
            print(rows[-1], flush=True)
        curves[name] = points
    figure = args.out.parent / "figures" / "time-to-accuracy@2x.png"
    figure.parent.mkdir(exist_ok=True)
    plot(curves, figure)
    first = {name: next((f"{s:.2f} s" for s, a in points if a >= TARGET), "not reached")
             for name, points in curves.items()}
    lines = [
        SECTION, "",
        "Generated by `python -m benchmarks.fast` (run by `benchmarks/run.py` too): each "
        "contender fitted from scratch at each budget on the 60,000 MNIST training rows, in "
        "one run; the time is the whole fit (median of 3 runs for the NumPy recipes, 2 for "
        "scikit-learn's; spread = (max - min) / median), the accuracy on the 10,000 test "
        "digits. The fast recipe is `softmax_from_scratch.sgd.fast` "
        "(`digits train --recipe fast`); the training chapter says why it is fast.", "",
        '<figure markdown="span">',
        "  ![test accuracy against seconds](figures/time-to-accuracy@2x.png)",
        "  <figcaption>Test accuracy against seconds of training for each contender and "
        "budget, in one run: up and to the left is better.</figcaption>",
        "</figure>", "",
        "| contender | budget | time | spread | test accuracy |",
        "|---|---:|---:|---:|---:|", *rows, "",
        "First budget at or above 92.5 %: "
        + "; ".join(f"{name} {s}" for name, s in first.items()) + ".", "",
        seed_spread(data, 5 if args.quick else 30), "",
    ]
    write_section(args.out, lines)


if __name__ == "__main__":
    main()
