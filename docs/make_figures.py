"""Generate every figure of the docs, and the measured tables beside them.

    python docs/make_figures.py            # full budget, a few minutes on 2 cores
    python docs/make_figures.py --quick    # small budget, for CI: same figures, rougher

Figures go to docs/figures/; tables are written into the Markdown pages between
`<!-- BEGIN name -->` and `<!-- END name -->` markers, so no number in the docs is
typed by hand.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

import numpy as np  # noqa: E402

from softmax_from_scratch import (  # noqa: E402
    SoftmaxRegression,
    accuracy,
    canvas_to_input,
    digit_strokes,
    load_mnist,
    load_pendigits,
    render_strokes,
    train,
)
from softmax_from_scratch.drawing import snapshots  # noqa: E402
from softmax_from_scratch.evaluation import (  # noqa: E402
    confusion_matrix,
    plot_completion,
    plot_confusion,
    pyplot,
)
from softmax_from_scratch.pen import place  # noqa: E402
from softmax_from_scratch.pendigits import split_pendigits  # noqa: E402
from softmax_from_scratch.recipes import (  # noqa: E402
    COMPLETIONS,
    framing_of,
    mnist_inputs,
    pen_accuracy,
)
from tools.doc_tables import write_table  # noqa: E402


def weight_templates(model: SoftmaxRegression, out: Path) -> None:
    """Column c of W, as a 28x28 image: what the model adds up to score digit c."""
    plt = pyplot()
    fig, axes = plt.subplots(1, 10, figsize=(12, 1.6))
    limit = np.percentile(np.abs(model.weights), 99)  # a few edge pixels would wash out the rest
    for digit, ax in enumerate(axes):
        ax.imshow(model.weights[:, digit].reshape(28, 28), cmap="RdBu_r", vmin=-limit,
                  vmax=limit)
        ax.set_title(str(digit))
        ax.axis("off")
    fig.suptitle("weights W[:, c]: red pixels vote for the digit, blue against", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def training_curves(history, out: Path) -> None:
    """The 2016 recipe as it runs: batch loss every step, test accuracy at checkpoints."""
    plt = pyplot()
    fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(10, 3.4))
    loss_ax.plot(history.loss, alpha=0.3, label="batch loss")
    loss_ax.plot(np.convolve(history.loss, np.ones(50) / 50, mode="valid"),
                 label="moving average of 50")
    loss_ax.set(xlabel="step", ylabel="cross-entropy", yscale="log", title="loss")
    loss_ax.legend()
    accuracy_ax.plot(history.checkpoints, [100 * a for a in history.test_accuracy], "o-")
    accuracy_ax.set(xlabel="step", ylabel="test accuracy (%)", title="accuracy on 10,000 "
                    "test digits")
    accuracy_ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def knob_curves(X, y, test, steps: int) -> str:
    """Loss curves for learning rates and batch sizes, and random vs epoch sampling."""
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6), sharey=True)
    rows = ["| knob | value | final test accuracy | mean loss, last 10% of steps |",
            "|---|---|---:|---:|"]
    settings = [("learning rate", {"learning_rate": lr}, lr) for lr in (0.05, 0.5, 2.0)]
    settings += [("batch size", {"batch_size": b}, b) for b in (10, 100, 1000)]
    settings += [("sampling", {"sampling": s}, s) for s in ("random", "epochs")]
    for ax, knob in zip(axes, ("learning rate", "batch size", "sampling"), strict=True):
        for name, options, value in settings:
            if name != knob:
                continue
            model = SoftmaxRegression(784)
            history = train(model, X, y, steps=steps, seed=0, progress=False, test=test,
                            eval_every=steps, **options)
            smooth = np.convolve(history.loss, np.ones(50) / 50, mode="valid")
            ax.plot(smooth, label=f"{value}")
            tail = np.mean(history.loss[-max(steps // 10, 1):])
            rows.append(f"| {knob} | {value} | {history.test_accuracy[-1]:.2%} | {tail:.3f} |")
        ax.set(title=knob, xlabel="step", yscale="log")
        ax.legend()
    axes[0].set_ylabel("batch loss (moving average of 50)")
    fig.tight_layout()
    fig.savefig(DOCS / "figures" / "knobs.png", dpi=110)
    plt.close(fig)
    return "\n".join(rows)


def partial_strip(X, out: Path) -> None:
    """Six digits, each drawn to 20 %, 40 %, ... 100 % of its ink path."""
    plt = pyplot()
    fractions = (0.2, 0.4, 0.6, 0.8, 1.0)
    fig, axes = plt.subplots(6, 6, figsize=(6, 6.3))
    for row in range(6):
        image = X[row].reshape(28, 28)
        strokes, width = digit_strokes(image)
        axes[row, 0].imshow(image, cmap="gray")
        for col, fraction in enumerate(fractions, start=1):
            axes[row, col].imshow(render_strokes(strokes, 28, width, fraction), cmap="gray")
    for col, title in enumerate(["MNIST", *[f"{f:.0%}" for f in fractions]]):
        axes[0, col].set_title(title, fontsize=9)
    for ax in axes.flat:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def views_strip(points, labels, out: Path) -> None:
    """Held-out pen trajectories half drawn, and each view of the canvas the model reads."""
    plt = pyplot()
    picks = [int(np.flatnonzero(labels == digit)[0]) for digit in (0, 4, 5, 7, 8, 9)]
    titles = ("the canvas, half drawn", "canvas view", "mnist view", "stretched view")
    fig, axes = plt.subplots(len(titles), len(picks), figsize=(7.5, 5.4))
    for col, i in enumerate(picks):
        ink = snapshots([place(points[i])], (0.5,))[0]
        x = canvas_to_input(ink, "three")
        images = (ink, x[:784].reshape(28, 28), x[784:1568].reshape(28, 28),
                  x[1568:].reshape(20, 20))
        for row, image in enumerate(images):
            axes[row, col].imshow(image, cmap="gray", vmin=0, vmax=1)
            axes[row, col].set_xticks([])
            axes[row, col].set_yticks([])
            axes[row, 0].set_ylabel(titles[row], fontsize=8)
        axes[0, col].set_title(f"a {labels[i]}", fontsize=9)
    fig.suptitle("real pen trajectories (held out), half drawn, as the three views show them",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def pen_study(complete_only_path: Path, steps: int, partial_digits: int, pen_rows: int) -> str:
    """Accuracy on held-out real pen trajectories, as played, for: the 2016 original's
    recipe, the earlier shipped recipe (two views, MNIST re-drawn from skeletons), two
    views with real pen data, and the shipped recipe (three views, real pen data),
    each made by the `digits` command itself."""
    from softmax_from_scratch.cli import main as digits

    _, (X_test, y_test) = load_mnist(progress=False)
    _, validation = split_pendigits(*load_pendigits(progress=False))
    validation = (validation[0][:pen_rows], validation[1][:pen_rows])
    models = {"the 2016 original: complete MNIST only": complete_only_path}
    recipes_tried = {
        "earlier shipped: two views + MNIST re-drawn from skeletons":
            ["--partial", "--partial-digits", str(partial_digits)],
        "two views + real pen": ["--pen", "--framing", "both"],
        "**shipped: three views + real pen**": ["--pen"],
    }
    rows = ["| model | inputs | MNIST test | "
            + " | ".join(f"{f:.0%}" for f in COMPLETIONS) + " | 50% jittered | 100% jittered |",
            "|---|---:|---:|" + "---:|" * (len(COMPLETIONS) + 2)]
    curves = {}
    with tempfile.TemporaryDirectory() as scratch:
        for k, (name, options) in enumerate(recipes_tried.items()):
            path = Path(scratch) / f"model-{k}.npz"
            digits(["train", *options, "--steps", str(steps), "--seed", "0", "--quiet",
                    "--out", str(path)])
            models[name] = path
        for name, path in models.items():
            model = SoftmaxRegression.load(path)
            framing = framing_of(model)
            test = accuracy(model, mnist_inputs(X_test, framing), y_test)
            filled = pen_accuracy(model, *validation)
            jittered = pen_accuracy(model, *validation, fractions=(0.5, 1.0), jitter=True)
            curves[name.strip("*")] = filled
            rows.append(f"| {name} | {model.n_features:,} ({framing}) | {test:.1%} | "
                        + " | ".join(f"{filled[f]:.1%}" for f in COMPLETIONS)
                        + f" | {jittered[0.5]:.1%} | {jittered[1.0]:.1%} |")
    plot_completion(curves, DOCS / "figures" / "completion.png",
                    title="Held-out real pen trajectories, as played")
    return "\n".join(rows) + (
        f"\n\n{len(validation[0]):,} held-out pendigits trajectories, drawn with the game's "
        "pen into its canvas: filling the guide box (the columns by share of the path drawn), "
        "or *jittered*: placed, sized and slanted as players vary. The 2016 recipe: "
        f"{steps // 2:,} steps; the others {steps:,}, seed 0; the skeleton recipe re-draws "
        f"{partial_digits:,} MNIST digits.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small budget (CI)")
    parser.add_argument("--docs", type=Path, default=None,
                        help="write into a copy of the docs in this directory, leaving the "
                             "real ones as they are (CI)")
    args = parser.parse_args()
    if args.docs:
        global DOCS
        shutil.copytree(DOCS, args.docs, dirs_exist_ok=True)
        DOCS = args.docs
    steps, partial_digits, pen_rows = (300, 300, 300) if args.quick else (10_000, 4000, 1500)
    (DOCS / "figures").mkdir(exist_ok=True)
    (X, y), (X_test, y_test) = load_mnist(progress=False)

    complete_only = SoftmaxRegression(784)
    history = train(complete_only, X, y, steps=steps, seed=0, progress=False,
                    test=(X_test, y_test), eval_every=max(steps // 20, 1))
    training_curves(history, DOCS / "figures" / "training.png")
    complete_only.metadata = {"framing": "mnist",
                              "accuracy": {"test": accuracy(complete_only, X_test, y_test)}}
    weight_templates(complete_only, DOCS / "figures" / "weights.png")
    confusion = confusion_matrix(y_test, complete_only.predict(X_test))
    plot_confusion(confusion, DOCS / "figures" / "confusion.png",
                   title=f"2016 recipe, {steps:,} steps")
    write_table(DOCS / "training.md", "knobs", knob_curves(X, y, (X_test, y_test), steps // 2))
    partial_strip(X, DOCS / "figures" / "partial-strip.png")
    _, (val_points, val_labels) = split_pendigits(*load_pendigits(progress=False))
    views_strip(val_points, val_labels, DOCS / "figures" / "views.png")
    with tempfile.TemporaryDirectory() as scratch:
        complete_only.save(Path(scratch) / "complete-only.npz")
        write_table(DOCS / "game.md", "pen",
                    pen_study(Path(scratch) / "complete-only.npz", 2 * steps, partial_digits,
                              pen_rows))

    from game.screenshots import save_screenshots

    save_screenshots(DOCS / "figures")
    print(f"figures in {DOCS / 'figures'}, tables in training.md and game.md")


if __name__ == "__main__":
    main()
