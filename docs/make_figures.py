"""Generate every figure of the docs, and the measured tables beside them.

    python docs/make_figures.py            # full budget, a few minutes on 2 cores
    python docs/make_figures.py --quick    # small budget, for CI: same figures, rougher

Figures go to docs/figures/; tables are written into the Markdown pages between
`<!-- BEGIN name -->` and `<!-- END name -->` markers, so no number in the docs is
typed by hand.
"""

import argparse
import os
import re
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
    digit_strokes,
    load_mnist,
    render_strokes,
    train,
)
from softmax_from_scratch.canvas import canvas_to_input  # noqa: E402
from softmax_from_scratch.evaluation import (  # noqa: E402
    confusion_matrix,
    plot_completion,
    plot_confusion,
    pyplot,
)

COMPLETIONS = (0.25, 0.5, 0.75, 1.0)


def write_table(page: str, name: str, table: str) -> None:
    """Replace what stands between the page's BEGIN/END markers for `name`."""
    path = DOCS / page
    text = path.read_text()
    pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"{page} has no markers for {name!r}")
    path.write_text(pattern.sub(lambda m: m.group(1) + table.strip() + "\n" + m.group(2), text))


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
    """The seed recipe as it runs: batch loss every step, test accuracy at checkpoints."""
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


def framing_strip(X, out: Path) -> None:
    """The same half-drawn digits as the model sees them under each framing."""
    plt = pyplot()
    fig, axes = plt.subplots(2, 6, figsize=(7, 2.6))
    for col in range(6):
        strokes, width = digit_strokes(X[col].reshape(28, 28))
        half = render_strokes(strokes, 28, width, 0.5)
        for row, framing in enumerate(("mnist", "canvas")):
            axes[row, col].imshow(canvas_to_input(half, framing).reshape(28, 28), cmap="gray")
            axes[row, col].set_xticks([])
            axes[row, col].set_yticks([])
        axes[0, 0].set_ylabel("mnist")
        axes[1, 0].set_ylabel("canvas")
    fig.suptitle("half-drawn digits: re-fitted to 20 px (top) or kept in place (bottom)",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def completion_study(complete_only_path: Path, steps: int, partial_digits: int,
                     limit: int) -> str:
    """Accuracy against completion for: the complete-only model (MNIST framing), a
    partial-trained model with canvas framing, and one with both views (the recipe
    of the shipped model), each made by the `digits` command itself."""
    from softmax_from_scratch.cli import completion_accuracy
    from softmax_from_scratch.cli import main as digits

    (_, _), (X_test, y_test) = load_mnist(progress=False)
    models = {"complete only (seed recipe)": complete_only_path}
    with tempfile.TemporaryDirectory() as scratch:
        for framing in ("canvas", "both"):
            path = Path(scratch) / f"partial-{framing}.npz"
            digits(["train", "--partial", "--framing", framing, "--steps", str(2 * steps),
                    "--partial-digits", str(partial_digits), "--seed", "0", "--quiet",
                    "--out", str(path)])
            models[f"+ partial drawings, {2 * steps:,} steps, {framing}"] = path
        rows = completion_rows(models, X_test, y_test, limit, completion_accuracy)
    return rows + (f"\n\nPartial drawings: the first {limit:,} MNIST test digits; *jittered*: "
                   "each moved up to 3 px and scaled by 0.8–1.05 first, as players place "
                   "digits. Made with `--partial-digits "
                   f"{partial_digits}`; the shipped model is the *both* row's recipe at "
                   "full budget.")


def completion_rows(models: dict[str, Path], X_test, y_test, limit: int, completion_accuracy
                    ) -> str:
    rows = ["| model | framing | placement | MNIST test | "
            + " | ".join(f"{f:.0%} drawn" for f in COMPLETIONS) + " |",
            "|---|---|---|---:|" + "---:|" * len(COMPLETIONS)]
    curves = {}
    for name, path in models.items():
        model = SoftmaxRegression.load(path)
        framing = model.metadata.get("framing", "mnist")
        test_accuracy = model.metadata["accuracy"]["test"]
        for jitter in (False, True):
            points = completion_accuracy(model, X_test, y_test, COMPLETIONS, limit, framing,
                                         jitter)
            placement = "jittered" if jitter else "as in MNIST"
            if jitter:
                curves[f"{name} ({framing})"] = points
            rows.append(f"| {name} | {framing} | {placement} | {test_accuracy:.2%} | "
                        + " | ".join(f"{points[f]:.1%}" for f in COMPLETIONS) + " |")
    plot_completion(curves, DOCS / "figures" / "completion.png")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small budget (CI)")
    args = parser.parse_args()
    steps, partial_digits, limit = (300, 300, 300) if args.quick else (10_000, 4000, 2000)
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
                   title=f"seed recipe, {steps:,} steps")
    write_table("training.md", "knobs", knob_curves(X, y, (X_test, y_test), steps // 2))
    partial_strip(X, DOCS / "figures" / "partial-strip.png")
    framing_strip(X, DOCS / "figures" / "framing.png")
    with tempfile.TemporaryDirectory() as scratch:
        complete_only.save(Path(scratch) / "complete-only.npz")
        write_table("game.md", "completion",
                    completion_study(Path(scratch) / "complete-only.npz", steps,
                                     partial_digits, limit))

    from game.screenshots import save_screenshots

    save_screenshots(DOCS / "figures")
    print(f"figures in {DOCS / 'figures'}, tables in training.md and game.md")


if __name__ == "__main__":
    main()
