"""Generate every figure of the docs, and the measured tables beside them.

    python -m docs.make_figures            # full budget, a few minutes on 2 cores
    python -m docs.make_figures --quick    # small budget, for CI: same figures, rougher
    python -m docs.make_figures --only playground views   # some steps only

Figures go to docs/figures/; tables are written into the Markdown pages between
`<!-- BEGIN name -->` and `<!-- END name -->` markers, so no number in the docs is
typed by hand.
"""

import argparse
import contextlib
import functools
import io
import json
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np

from game.serve.pagemodel import page_model_script
from softmax_from_scratch import (
    Network,
    SoftmaxRegression,
    accuracy,
    canvas_to_input,
    digit_strokes,
    load_mnist,
    load_model,
    load_pendigits,
    log_softmax,
    onehot,
    render_strokes,
    softmax,
    teach,
    train,
)
from softmax_from_scratch.atomic import write_text_atomically
from softmax_from_scratch.datasets import SHAPES, mnist_inputs
from softmax_from_scratch.default_model import load_default_model
from softmax_from_scratch.drawing import snapshots
from softmax_from_scratch.evaluation import confusion_matrix
from softmax_from_scratch.framings import framing_of
from softmax_from_scratch.measures import COMPLETIONS, measuring_rows, pen_accuracy, shapes_accuracy
from softmax_from_scratch.pendigits import split_pendigits
from softmax_from_scratch.plotting import (
    plot_completion,
    plot_confusion,
    pyplot,
    save_figure,
    votes_image,
)
from softmax_from_scratch.strokes import smooth_path
from softmax_from_scratch.trajectories import place_trajectory
from softmax_from_scratch.views import snapshot_inputs, split_views
from tools.doc_tables import write_table
from tools.notebooks import chapters, execute, notebook, outputs_file, printed
from tools.screenshots import save_screenshots

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
ROOT = Path(__file__).resolve().parents[1]
FIGURE_STYLE = {"font.size": 13,  # >= 12 CSS px even in a figure 10 in wide
                "mathtext.fontset": "stix"}  # the site's formulas are set in STIX Two
LOG_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)  # the first steps, too


def weight_templates(models: dict[str, SoftmaxRegression], out: Path) -> None:
    """Column c of W, as a 28x28 image: what the model adds up to score digit c. One
    block of 2 x 5 large templates per model, so each is readable (> 1 cm on a laptop),
    with its own title and colour bar."""
    plt = pyplot()
    fig = plt.figure(figsize=(10, 4.6 * len(models)), layout="constrained")
    for block, (name, model) in zip(fig.subfigures(len(models), 1, squeeze=False).ravel(),
                                    models.items(), strict=True):
        weights = model.weights[:784]  # the canvas or MNIST view: the first 28 x 28
        limit = np.percentile(np.abs(weights), 99)  # a few edge pixels would wash out the rest
        axes = block.subplots(2, 5)
        for digit, ax in enumerate(axes.ravel()):
            image = votes_image(ax, weights[:, digit].reshape(28, 28), limit)
            ax.set_title(f"$c = {digit}$", loc="left")
        block.colorbar(image, ax=axes, shrink=0.8, label=r"weight $W_{jc}$")
        block.suptitle(r"the columns $W_{:,c}$: orange pixels vote for digit $c$, blue "
                       "against" + (f" ({name})" if name else ""))
    save_figure(fig, out)


def losses_figure(out: Path) -> None:
    """Cross-entropy and squared error for one example of class 0, against its logit z_0
    (the other nine logits 0), and their slopes: squared error goes flat when wrong."""
    plt = pyplot()
    z0 = np.linspace(-8, 8, 401)
    logits = np.zeros((len(z0), 10))
    logits[:, 0] = z0
    truth = onehot(np.zeros(len(z0), dtype=int), 10, np.float64)
    probs = softmax(logits)
    cross = -log_softmax(logits)[:, 0]
    squared = ((probs - truth) ** 2).sum(axis=1)
    fig, (loss_ax, slope_ax) = plt.subplots(1, 2, figsize=(10, 3.4))
    loss_ax.plot(z0, cross, label=r"cross-entropy $-\log p_0$")
    loss_ax.plot(z0, squared, label=r"squared error $\sum_k (p_k - y_k)^2$")
    loss_ax.set(xlabel=r"logit of the true class, $z_0$", ylabel="loss", title="loss")
    slope_ax.plot(z0, np.gradient(cross, z0), label=r"cross-entropy: $p_0 - 1$")
    slope_ax.plot(z0, np.gradient(squared, z0), label="squared error")
    slope_ax.set(xlabel=r"logit of the true class, $z_0$", ylabel=r"$\partial L / \partial z_0$",
                 title="slope: how hard a step pushes")
    for ax in (loss_ax, slope_ax):
        ax.axvline(0, color="grey", lw=0.5)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    save_figure(fig, out)


def regions_figure(out: Path) -> None:
    """Softmax regression on three 2-D clouds: the plane split by straight lines."""
    plt = pyplot()
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    labels = np.repeat(np.arange(3), 100)
    points = centres[labels] + rng.normal(scale=0.9, size=(300, 2))
    model = SoftmaxRegression(2, 3, dtype=np.float64)
    train(model, points, labels, steps=500, batch_size=100, learning_rate=0.5, seed=0,
          progress=False)
    grid = np.stack(np.meshgrid(np.linspace(-5, 5, 300), np.linspace(-5, 5, 300)), axis=-1)
    regions = model.predict(grid.reshape(-1, 2)).reshape(300, 300)
    fig, ax = plt.subplots(figsize=(4.6, 4.2))
    ax.contourf(grid[..., 0], grid[..., 1], regions, levels=[-0.5, 0.5, 1.5, 2.5],
                colors=["#fdd0a2", "#c6dbef", "#c7e9c0"])
    for k, colour in enumerate(["#d94801", "#2171b5", "#238b45"]):
        ax.scatter(*points[labels == k].T, s=8, color=colour, label=f"class ${k}$")
    ax.set(title=f"accuracy {accuracy(model, points, labels):.0%} on the 300 points",
           xlim=(-5, 5), ylim=(-5, 5))
    ax.legend(loc="lower center", fontsize=10)
    fig.tight_layout()
    save_figure(fig, out)


def overshoot_figure(out: Path) -> None:
    """Gradient descent on the loss along its most curved direction, L(w) = (lam/2) w^2
    with lam = 3.9 (the training chapter's largest eigenvalue): each step multiplies w by
    1 - eta lam, so below 2 / lam it shrinks and beyond it the steps overshoot ever more."""
    plt = pyplot()
    curvature = 3.9
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), sharey=True)
    w = np.linspace(-2.6, 2.6, 200)
    for ax, rate in zip(axes, (0.1, 0.5, 0.6), strict=True):
        factor = 1 - rate * curvature
        steps = factor ** np.arange(8)
        steps = steps[np.abs(steps) <= 2.6]
        ax.plot(w, curvature / 2 * w**2, color="0.6")
        ax.plot(steps, curvature / 2 * steps**2, "o-", color="C0" if abs(factor) < 1 else "C3")
        ax.plot(steps[:1], curvature / 2 * steps[:1] ** 2, "o", color="black")
        verdict = "settles" if abs(factor) < 1 else "overshoots, ever more"
        ax.set(title=f"$\\eta = {rate}$: $w \\times {factor:+.2f}$ a step,\n{verdict}",
               xlabel="$w$",
               xlim=(-2.6, 2.6), ylim=(0, 13.5))
    axes[0].set_ylabel("loss along that direction")
    fig.suptitle(f"the safe rate is $2/\\lambda_{{\\max}} = 2/{curvature} = {2 / curvature:.2f}$; "
                 "the black dot is the start")
    fig.tight_layout()
    save_figure(fig, out)


def training_curves(history, out: Path) -> None:
    """The 2016 recipe as it runs, steps on a log scale to show the first few hundred:
    batch loss every step, test accuracy at checkpoints."""
    plt = pyplot()
    fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(10, 3.6))
    steps = np.arange(1, len(history.loss) + 1)
    loss_ax.plot(steps, history.loss, alpha=0.3, label="batch loss")
    loss_ax.plot(steps[49:], np.convolve(history.loss, np.ones(50) / 50, mode="valid"),
                 label="moving average of 50")
    loss_ax.set(xlabel="step (log scale)", ylabel="cross-entropy", xscale="log",
                yscale="log", title="loss")
    loss_ax.legend()
    accuracy_ax.plot(history.checkpoints, [100 * a for a in history.test_accuracy], "o-")
    accuracy_ax.set(xlabel="step (log scale)", ylabel="test accuracy (%)", xscale="log",
                    title="accuracy on 10,000 test digits")
    accuracy_ax.grid(alpha=0.3)
    fig.tight_layout()
    save_figure(fig, out)


def knob_curves(X, y, test, steps: int, docs: Path) -> str:
    """Loss curves for learning rates and batch sizes, and random vs epoch sampling."""
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), sharey=True)
    rows = ["| knob | value | final test accuracy | mean batch loss, last 10 % of steps |",
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
    save_figure(fig, docs / "figures" / "knobs@2x.png")
    return "\n".join(rows) + f"\n\nEvery setting trained for {steps:,} steps, seed 0."


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
        axes[0, col].set_title(title)
    for ax in axes.flat:
        ax.axis("off")
    fig.tight_layout()
    save_figure(fig, out)


def views_strip(points, labels, out: Path) -> None:
    """Held-out pen trajectories half drawn, and each view of the canvas the model reads."""
    plt = pyplot()
    picks = [int(np.flatnonzero(labels == digit)[0]) for digit in (0, 4, 5, 7, 8, 9)]
    titles = ("the canvas,\nhalf drawn", "canvas\nview", "mnist\nview", "stretched\nview")
    fig, axes = plt.subplots(len(titles), len(picks), figsize=(7.5, 5.4))
    for col, i in enumerate(picks):
        ink = snapshots([place_trajectory(points[i])], (0.5,))[0]
        images = (ink, *split_views(canvas_to_input(ink, "three"), "three").values())
        for row, image in enumerate(images):
            axes[row, col].imshow(image, cmap="gray", vmin=0, vmax=1)
            axes[row, col].set_xticks([])
            axes[row, col].set_yticks([])
            axes[row, 0].set_ylabel(titles[row], fontsize=10)
        axes[0, col].set_title(f"digit {labels[i]}", fontsize=10)
    fig.suptitle("real pen trajectories (held out), half drawn, as the three views show them",
                 fontsize=10)
    fig.tight_layout()
    save_figure(fig, out)


def pen_study(complete_only_path: Path, steps: int, partial_digits: int, pen_rows: int,
              docs: Path) -> str:
    """Accuracy on held-out real pen trajectories, as played, for: the 2016 original's
    recipe, two earlier shipped recipes (two views and MNIST re-drawn from skeletons;
    three views and real pen data), two views with real pen data, and the shipped recipe
    (three views, real pen data, common shapes, a falling rate), each made by the
    `digits` command itself."""
    from softmax_from_scratch.cli import main as digits

    _, (X_test, y_test) = load_mnist(progress=False)
    _, validation = split_pendigits(*load_pendigits(progress=False))
    validation = (validation[0][:pen_rows], validation[1][:pen_rows])
    models = {"the 2016 original: complete MNIST only": complete_only_path}
    recipes_tried = {
        "earlier: two views + MNIST re-drawn from skeletons":
            ["--partial", "--partial-digits", str(partial_digits)],
        "two views + real pen": ["--pen", "--framing", "both"],
        "three views + real pen": ["--pen"],
        "**shipped: three views + real pen + common shapes, rate falling to 0**":
            ["--pen", "--shapes", str(SHAPES), "--schedule", "linear"],
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
            rows.append(f"| {name} | {model.n_inputs:,} ({framing}) | {test:.1%} | "
                        + " | ".join(f"{filled[f]:.1%}" for f in COMPLETIONS)
                        + f" | {jittered[0.5]:.1%} | {jittered[1.0]:.1%} |")
    title = f"{len(validation[0]):,} held-out pen trajectories, filling the guide box"
    plot_completion(curves, docs / "figures" / "completion@2x.png", title=title)
    return "\n".join(rows) + (
        f"\n\n{len(validation[0]):,} held-out pendigits trajectories, drawn with the game's "
        "pen into its canvas: filling the guide box (the columns by share of the path drawn), "
        "or *jittered*: placed, sized and slanted as players vary. The 2016 recipe: "
        f"{steps // 2:,} steps; the others {steps:,}, seed 0; the skeleton recipe re-draws "
        f"{partial_digits:,} MNIST digits.")


def playground_model(model: Network, out: Path) -> None:
    """The shipped network as the script the drawing page loads (js/model.js)."""
    out.parent.mkdir(exist_ok=True)
    write_text_atomically(out, page_model_script(model, "the shipped model by "
                                                 "`python -m docs.make_figures`"))


def playground_screenshot(out: Path) -> None:
    """The drawing page in headless Chromium, a 7 half drawn through the page's own pen."""
    from playwright.sync_api import sync_playwright

    from tools import site

    seven = smooth_path(place_trajectory(np.array(
        [[0, 100], [50, 100], [100, 100], [80, 66], [60, 33], [45, 10], [40, 5], [38, 0]],
        dtype=np.float32)))
    with site.served() as base, sync_playwright() as playwright:
        browser = site.launch(playwright)
        page = browser.new_page(viewport={"width": 1100, "height": 1000}, device_scale_factor=2)
        page.goto(base + "playground/")
        page.evaluate("path => playground.draw([path])", seven[: len(seven) * 3 // 5].tolist())
        page.locator(".playground").screenshot(path=out)
        browser.close()


def serve_screenshots(figures: Path) -> None:
    """`digits serve`'s two pages in headless Chromium, from a server on a store of its own:
    the drawing page on a phone, a 7 drawn with the mouse (serve-page@2x.png), and the class
    page over 60 drawings of a made-up player, after a retrain (class-page@2x.png)."""
    from playwright.sync_api import sync_playwright

    from tools import site
    from tools.players import player_drawings
    from tools.servers import TOKEN, Server, timed

    seven = [[(170, 140), (390, 140)], [(390, 140), (300, 300), (250, 440)]]
    with tempfile.TemporaryDirectory() as folder, \
            Server(f"sqlite:///{Path(folder) / 'class.sqlite3'}") as server, \
            sync_playwright() as playwright:
        for k, (digit, strokes) in enumerate(player_drawings(60, seed=2)):
            server.post("/api/drawings", {
                "digit": digit, "canvas": 560, "player": f"player-{k % 5 + 1}",
                "strokes": timed(strokes)})
        browser = site.launch(playwright)
        base = f"http://127.0.0.1:{server.port}"
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        page.goto(base + "/")
        page.evaluate("document.querySelector('.collect-digit').textContent = '7'")
        site.draw_with_mouse(page, seven)
        page.wait_for_function("playground.probabilities() !== null")
        page.screenshot(path=figures / "serve-page@2x.png")
        page = browser.new_page(viewport={"width": 760, "height": 900}, device_scale_factor=2)
        page.goto(base + "/class")
        page.locator(".class-token").fill(TOKEN)
        page.locator(".class-login button").click()
        page.wait_for_selector(".class-numbers:not([hidden])")
        page.locator(".class-retrain").click()
        page.wait_for_function("document.querySelector('.class-retrained').textContent"
                               ".startsWith('taught')", timeout=120_000)
        page.wait_for_function("document.querySelector('.class-accuracy').textContent"
                               ".includes('right')")
        page.locator("main").screenshot(path=figures / "class-page@2x.png")
        browser.close()


def evidence_figure(data: "Data", out: Path) -> None:
    """Why the model thinks 7: a test digit, each pixel's vote x_j W_jk for the leading
    guess and for the runner-up, and their difference, which decides between the two."""
    from softmax_from_scratch.sgd import fast

    (X, y), (X_test, y_test) = data.mnist
    model = fast(X, y, seed=0)
    probs = model.predict_proba(X_test)
    ranked = np.argsort(probs, axis=1)[:, ::-1]
    runner_up = probs[np.arange(len(probs)), ranked[:, 1]]
    close = np.flatnonzero((ranked[:, 0] == y_test) & (y_test == 7) & (runner_up > 0.15))
    i = int(close[0])
    first, second = int(ranked[i, 0]), int(ranked[i, 1])
    votes = {d: model.evidence(X_test[i], d).reshape(28, 28) for d in (first, second)}
    panels = [(votes[first], f"votes for {first}:\nsum {votes[first].sum():+.1f}"),
              (votes[second], f"votes for {second}:\nsum {votes[second].sum():+.1f}"),
              (votes[first] - votes[second], f"{first} minus {second}")]
    scale = max(np.abs(v).max() for v in votes.values())
    plt = pyplot()
    fig, (digit_ax, *vote_axes) = plt.subplots(1, 4, figsize=(9.6, 3.3), layout="constrained")
    digit_ax.imshow(X_test[i].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
    digit_ax.set(xticks=[], yticks=[])
    digit_ax.set_title(f"a test digit:\n{probs[i, first]:.0%} {first}, "
                       f"{probs[i, second]:.0%} {second}", fontsize=12.5)
    for ax, (image, title) in zip(vote_axes, panels, strict=True):
        shown = votes_image(ax, image, scale)
        ax.set_title(title, fontsize=12.5)
    fig.colorbar(shown, ax=vote_axes, shrink=0.8, label="vote")
    fig.suptitle(r"each ink pixel's vote $x_j W_{jk}$: orange for the digit, blue against; "
                 "blank pixels do not vote", fontsize=12.5)
    save_figure(fig, out)


def hidden_units_figure(out: Path) -> None:
    """What the network's hidden units look for: the weights of 24 of the shipped network's
    units (columns of W1) on the mnist view, the most used first, orange where ink turns the
    unit on, blue where it turns it off, each on its own scale."""
    from softmax_from_scratch.datasets import mnist_inputs

    network = load_default_model("network")
    (_, _), (X_test, _) = load_mnist(progress=False)
    hidden = network.hidden(mnist_inputs(X_test[:2000], framing_of(network)))
    used = np.argsort((hidden > 0).mean(axis=0))[::-1][:24]
    plt = pyplot()
    fig, axes = plt.subplots(3, 8, figsize=(9.6, 4.2), layout="constrained")
    for ax, unit in zip(axes.ravel(), used, strict=True):
        weights = split_views(network.W1[:, unit], framing_of(network))["mnist"]
        shown = votes_image(ax, weights / np.abs(weights).max(), 1.0)  # all on one scale
        ax.set_title(f"{(hidden[:, unit] > 0).mean():.0%} on", fontsize=12.5)
    fig.colorbar(shown, ax=axes, shrink=0.8, label="weight / its largest")
    fig.suptitle(r"24 hidden units' weights $W^{(1)}_{:,h}$ on the mnist view, and how often "
                 "each is on\n(orange: ink here turns the unit on; blue: off)", fontsize=12.5)
    save_figure(fig, out)


class Data:
    """The datasets, loaded once and only if a step asks for them."""

    @functools.cached_property
    def mnist(self):
        return load_mnist(progress=False)

    @functools.cached_property
    def held_out_pen(self):
        return split_pendigits(*load_pendigits(progress=False))[1]


def block_outputs(docs: Path) -> None:
    """Run each chapter as its notebook and keep what every block printed
    (docs/outputs/<chapter>.json), for the site to show under the block."""
    (docs / "outputs").mkdir(exist_ok=True)
    for page in chapters(docs):
        with tempfile.TemporaryDirectory() as folder:
            book = execute(notebook(page.read_text(), page.name), Path(folder))
        write_text_atomically(outputs_file(docs, page),
                              json.dumps(printed(book), indent=1, ensure_ascii=False) + "\n")
        print(f"  {outputs_file(docs, page).relative_to(docs.parent)}", flush=True)


def mistakes_figure(model: SoftmaxRegression, X_test, y_test, out: Path) -> None:
    """The first 24 test digits the model gets wrong: true label, guess, confidence."""
    plt = pyplot()
    probs = model.predict_proba(X_test)
    wrong = np.flatnonzero(probs.argmax(axis=1) != y_test)[:24]
    fig, axes = plt.subplots(3, 8, figsize=(8, 4.4))
    for ax, i in zip(axes.flat, wrong, strict=True):
        guess = int(probs[i].argmax())
        ax.imshow(X_test[i].reshape(28, 28), cmap="gray_r")
        ax.set_title(f"{y_test[i]} read as {guess}\n{probs[i, guess]:.0%} sure", fontsize=10.5)
        ax.axis("off")
    fig.suptitle(f"the first {len(wrong)} of {len(np.flatnonzero(probs.argmax(axis=1) != y_test))}"
                 " misread test digits")
    fig.tight_layout()
    save_figure(fig, out)


def recipe_figures(data: Data, steps: int, docs: Path, readme: Path) -> SoftmaxRegression:
    """The 2016 recipe trained once: its curves, weights, confusion matrix, mistakes,
    and its accuracy quoted in the training chapter and the README."""
    (X, y), (X_test, y_test) = data.mnist
    model = SoftmaxRegression(784)
    history = train(model, X, y, steps=steps, seed=0, progress=False,
                    test=(X_test, y_test), eval_every=max(steps // 10, 1),
                    eval_at=LOG_STEPS)
    training_curves(history, docs / "figures" / "training@2x.png")
    model.metadata = {"framing": "mnist", "accuracy": {"test": accuracy(model, X_test, y_test)}}
    weight_templates({"": model}, docs / "figures" / "weights@2x.png")
    plot_confusion(confusion_matrix(y_test, model.predict(X_test)),
                   docs / "figures" / "confusion@2x.png", title=f"2016 recipe, {steps:,} steps")
    mistakes_figure(model, X_test, y_test, docs / "figures" / "mistakes@2x.png")
    quoted = f"{history.test_accuracy[-1]:.2%}".replace("%", " %")
    write_table(docs / "training.md", "recipe-accuracy", quoted)
    write_table(readme, "recipe-accuracy", quoted)
    return model


def decay_study(data: Data, steps: int, docs: Path) -> None:
    """The train/test gap and the weights' size for a few weight decays (a table in
    training.md), and the templates without and with it (decay.png)."""
    (X, y), (X_test, y_test) = data.mnist
    rows = ["| weight decay λ | training accuracy | test accuracy | gap | size of W, ‖W‖ |",
            "|---:|---:|---:|---:|---:|"]
    models = {}
    for decay in (0, 1e-4, 1e-3, 1e-2):
        model = SoftmaxRegression(784)
        train(model, X, y, steps=steps, seed=0, progress=False, weight_decay=decay)
        fit, test = accuracy(model, X, y), accuracy(model, X_test, y_test)
        rows.append(f"| {decay:g} | {fit:.2%} | {test:.2%} | {fit - test:.2%} | "
                    f"{np.linalg.norm(model.weights):.1f} |")
        models[f"$\\lambda = {decay:g}$"] = model
    write_table(docs / "training.md", "decay", "\n".join(rows))
    weight_templates({name: models[name] for name in ("$\\lambda = 0$", "$\\lambda = 0.001$")},
                     docs / "figures" / "decay@2x.png")


def shapes_table(model: SoftmaxRegression) -> str:
    """docs/game.md's common-shapes table: each style, half drawn and complete."""
    scores = shapes_accuracy(model)
    rows = ["| digit | style | half drawn | complete |", "|---:|---|---:|---:|"]
    rows += [f"| {digit} | {style} | {s[0.5]:.0%} | {s[1.0]:.0%} |"
             for (digit, style), s in scores.items()]
    half, complete = (np.mean([s[f] for s in scores.values()]) for f in (0.5, 1.0))
    return "\n".join([*rows, f"| | **all** | **{half:.1%}** | **{complete:.1%}** |"])


def learning_table(data: Data, drawings: int, lessons: int, docs: Path) -> str:
    """docs/game.md's learning table: each shipped model, fine-tuned by the README's command
    on a made-up player's drawings (tools/players.py), and taught their first drawings one
    lesson at a time; measured on MNIST, held-out pen trajectories, the common shapes and
    the player's held-out drawings. The network's fine-tuning output goes into the page."""
    from softmax_from_scratch.cli import main as digits
    from softmax_from_scratch.default_model import shipped_path
    from softmax_from_scratch.teaching import replay_rows
    from tools.players import player_drawings, write_collected

    mine, theirs = player_drawings(drawings, seed=0), player_drawings(100, seed=1)
    rows = ["| model | MNIST test | pen 50% | pen 100% | common shapes | player 50% | "
            "player 100% |", "|---|---:|---:|---:|---:|---:|---:|"]
    for kind in ("network", "linear"):
        shipped = load_default_model(kind)
        framing = framing_of(shipped)
        with tempfile.TemporaryDirectory() as scratch:
            folder = write_collected(Path(scratch) / "collected", mine)
            printed = io.StringIO()
            with resources.as_file(shipped_path(kind)) as path, \
                    contextlib.redirect_stdout(printed):
                digits(["train", "--init-from", str(path), "--collected", str(folder),
                        "--quiet", "--out", str(Path(scratch) / "mine.npz")])
            if kind == "network":
                table = printed.getvalue().splitlines()[-6:-1]
                write_table(docs / "game.md", "finetune-output",
                            "```text\n" + "\n".join(table) + "\n```")
            tuned = load_model(Path(scratch) / "mine.npz")
        taught, replay = shipped, replay_rows(shipped)
        for digit, strokes in mine[:lessons]:
            taught = teach(taught, strokes, digit, replay)
        measured = measuring_rows(*data.mnist[1], framing, data.held_out_pen)
        player = {f: (np.array([snapshot_inputs(s, (f,), framing)[0] for _, s in theirs]),
                      np.array([d for d, _ in theirs])) for f in (0.5, 1.0)}
        for name, model in ((f"{kind}, shipped", shipped),
                            (f"{kind}, fine-tuned on the player's {drawings} drawings", tuned),
                            (f"{kind}, taught {lessons} of them, one lesson each", taught)):
            shapes = np.mean([s[1.0] for s in shapes_accuracy(model, (1.0,)).values()])
            scores = [accuracy(model, *measured[k]) for k in ("MNIST test", "pen 50%",
                                                                "pen 100%")]
            scores += [shapes, *(accuracy(model, *player[f]) for f in (0.5, 1.0))]
            rows.append(f"| {name} | " + " | ".join(f"{a:.1%}" for a in scores) + " |")
    return "\n".join(rows)


def pen_table(data: Data, steps: int, partial_digits: int, pen_rows: int, docs: Path,
              readme: Path) -> None:
    """docs/game.md's table: each recipe on held-out real pen trajectories."""
    with tempfile.TemporaryDirectory() as scratch:
        complete_only = recipe_figures(data, steps, docs, readme)
        complete_only.save(Path(scratch) / "complete-only.npz")
        write_table(docs / "game.md", "pen",
                    pen_study(Path(scratch) / "complete-only.npz", 2 * steps, partial_digits,
                              pen_rows, docs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small budget (CI)")
    parser.add_argument("--docs", type=Path, default=None,
                        help="write into a copy of the docs in this directory, leaving the "
                             "real ones as they are (CI)")
    parser.add_argument("--only", nargs="+", default=None, metavar="STEP",
                        help="run only these named steps (default: all; a wrong name lists them)")
    args = parser.parse_args()
    docs = ROOT / "docs"  # where figures and tables go (--docs: into a copy)
    readme = ROOT / "README.md"  # it quotes the 2016 recipe's accuracy too
    if args.docs:
        shutil.copytree(docs, args.docs, dirs_exist_ok=True)
        shutil.copy(readme, args.docs / "README.md")
        docs, readme = args.docs, args.docs / "README.md"
    steps, partial_digits, pen_rows = (300, 300, 300) if args.quick else (10_000, 4000, 1500)
    pyplot().rcParams.update(FIGURE_STYLE)
    (docs / "figures").mkdir(exist_ok=True)
    data = Data()
    recipe = {  # step name -> what it makes
        "playground": lambda: playground_model(load_default_model(), docs / "js" / "model.js"),
        "recipe": lambda: pen_table(data, steps, partial_digits, pen_rows, docs, readme),
        "losses": lambda: losses_figure(docs / "figures" / "losses@2x.png"),
        "regions": lambda: regions_figure(docs / "figures" / "regions@2x.png"),
        "overshoot": lambda: overshoot_figure(docs / "figures" / "overshoot@2x.png"),
        "decay": lambda: decay_study(data, steps, docs),
        "knobs": lambda: write_table(docs / "training.md", "knobs",
                                     knob_curves(*data.mnist[0], data.mnist[1], steps // 2, docs)),
        "partial": lambda: partial_strip(data.mnist[0][0],
                                         docs / "figures" / "partial-strip@2x.png"),
        "views": lambda: views_strip(*data.held_out_pen, docs / "figures" / "views@2x.png"),
        "evidence": lambda: evidence_figure(data, docs / "figures" / "evidence@2x.png"),
        "hidden-units": lambda: hidden_units_figure(docs / "figures" / "hidden-units@2x.png"),
        "screenshots": lambda: save_screenshots(docs / "figures"),
        "outputs": lambda: block_outputs(docs),
        "playground-shot": lambda: playground_screenshot(docs / "figures" / "playground@2x.png"),
        "serve-shots": lambda: serve_screenshots(docs / "figures"),
        "shapes": lambda: write_table(docs / "game.md", "shapes",
                                      shapes_table(load_default_model())),
        "learning": lambda: write_table(docs / "game.md", "learning",
                                        learning_table(data, 100 if not args.quick else 20,
                                                       20 if not args.quick else 5, docs)),
    }
    for name in args.only or recipe:
        if name not in recipe:
            parser.error(f"unknown step {name!r}: choose from {', '.join(recipe)}")
        print(f"{name} ...", flush=True)
        recipe[name]()
    print(f"figures in {docs / 'figures'}, tables in the chapters")


if __name__ == "__main__":
    main()
