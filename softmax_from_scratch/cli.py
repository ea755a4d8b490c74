"""The `digits` command: get the data, train, evaluate (and play, with the game extra)."""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from softmax_from_scratch import __version__
from softmax_from_scratch.canvas import FRAMINGS
from softmax_from_scratch.collected import load_collected
from softmax_from_scratch.evaluation import (
    confusion_matrix,
    format_confusion,
    per_class_accuracy,
    plot_completion,
    plot_confusion,
)
from softmax_from_scratch.features import FEATURE_SETS, make_features, shift_images
from softmax_from_scratch.mnist import DataError, load_mnist, mnist_files
from softmax_from_scratch.model import ModelFileError, SoftmaxRegression
from softmax_from_scratch.strokes import partial_dataset
from softmax_from_scratch.training import SAMPLINGS, accuracy, train


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="directory holding the MNIST .gz files (default: $DIGITS_MNIST_DIR, "
                             "else a per-user cache, downloading what is missing)")


def cmd_data(args: argparse.Namespace) -> None:
    directory = mnist_files(args.data_dir)
    load_mnist(directory, progress=False)  # verifies all four checksums
    print(f"MNIST is in {directory.resolve()} (4 files, checksums verified)")


PARTIAL_FRACTIONS = (0.4, 0.6, 1.0)  # chosen by measurement: docs/game.md
COLLECTED_SHARE = 0.2  # collected drawings are oversampled to this share of the training set
MAX_SHIFT = 3  # px: how far players' digits sit from where MNIST centres them
COMPLETIONS = (0.25, 0.5, 0.75, 1.0)
COMPLETION_LIMIT = 2000  # test digits rendered to measure accuracy against completion


def mnist_rows(X: np.ndarray, framing: str, features: str) -> np.ndarray:
    """MNIST digits as model input: for framing "both" the canvas view and the MNIST
    view, which for an MNIST digit are the digit itself (`make_features`)."""
    return make_features(X, "both" if framing == "both" else features)


def training_set(args: argparse.Namespace, X: np.ndarray, y: np.ndarray, framing: str):
    """MNIST, plus partial renderings (--partial) and the game's drawings (--collected),
    the latter two framed for the model as the game frames its canvas."""
    parts_X, parts_y = [mnist_rows(X, framing, args.features)], [y]
    if framing == "both":
        # a player's finished digit is rarely where MNIST centres it: in the canvas view,
        # show the model the same digits moved a little, so it learns not to rely on place
        parts_X.append(np.hstack([shift_images(X, MAX_SHIFT, seed=args.seed or 0), X]))
        parts_y.append(y)
    if args.partial:
        n = min(args.partial_digits, len(X))
        print(f"rendering {n:,} training digits at completion {PARTIAL_FRACTIONS} ...")
        X_partial, y_partial, _ = partial_dataset(X[:n], y[:n], PARTIAL_FRACTIONS, framing,
                                                  jitter=True, seed=args.seed or 0,
                                                  progress=not args.quiet)
        parts_X.append(X_partial)
        parts_y.append(y_partial)
    if args.collected:
        X_drawn, y_drawn = load_collected(args.collected, framing)
        if len(X_drawn) == 0:
            raise ValueError(f"{args.collected} holds no usable drawings")
        # MNIST replay: the old data stays in, so the model does not forget it
        repeats = max(1, round(COLLECTED_SHARE * len(X) / len(X_drawn)))
        print(f"{len(X_drawn)} collected drawings, each repeated {repeats}x, beside MNIST")
        parts_X.append(np.tile(X_drawn, (repeats, 1)))
        parts_y.append(np.tile(y_drawn, repeats))
    return np.vstack(parts_X), np.concatenate(parts_y)


def starting_model(args: argparse.Namespace, n_features: int,
                   loaded: SoftmaxRegression | None) -> SoftmaxRegression:
    """A fresh model, or a copy of the one to continue (--init-from) in the asked dtype."""
    if loaded is None:
        return SoftmaxRegression(n_features, dtype=np.dtype(args.dtype), init=args.init,
                                 seed=args.seed)
    if loaded.n_features != n_features:
        raise ValueError(f"{args.init_from} expects {loaded.n_features} features, "
                         f"these options give {n_features}")
    model = SoftmaxRegression(n_features, loaded.n_classes, dtype=np.dtype(args.dtype))
    model.weights[:], model.bias[:] = loaded.weights, loaded.bias
    model.metadata = loaded.metadata
    return model


def choose_framing(args: argparse.Namespace, loaded: SoftmaxRegression | None) -> str:
    """--framing if given; else "both" for --partial, else the continued model's, else mnist."""
    if args.framing:
        framing = args.framing
    elif args.partial:
        framing = "both"
    elif loaded is not None:
        framing = loaded.metadata.get("framing", "mnist")
    else:
        framing = "mnist"
    if args.features != "mnist28" and (framing != "mnist" or args.partial or args.collected):
        raise ValueError("drawings (--partial, --collected, --framing) need --features mnist28")
    return framing


def cmd_train(args: argparse.Namespace) -> None:
    loaded = SoftmaxRegression.load(args.init_from) if args.init_from else None
    framing = choose_framing(args, loaded)
    n_features = FEATURE_SETS["both" if framing == "both" else args.features]
    model = starting_model(args, n_features, loaded)
    (X_mnist, y_mnist), (X_test, y_test) = load_mnist(args.data_dir)
    X, y = training_set(args, X_mnist, y_mnist, framing)
    recipe = {"steps": args.steps, "batch_size": args.batch_size,
              "learning_rate": args.learning_rate, "sampling": args.sampling, "seed": args.seed,
              "init": f"from {args.init_from}" if args.init_from else args.init,
              "dtype": args.dtype, "partial": args.partial and PARTIAL_FRACTIONS,
              "partial_digits": args.partial and args.partial_digits,
              "collected": str(args.collected) if args.collected else None,
              "command": "digits " + " ".join(sys.argv[1:])}
    started = time.perf_counter()
    train(model, X, y, steps=args.steps, batch_size=args.batch_size,
          learning_rate=args.learning_rate, sampling=args.sampling, seed=args.seed,
          progress=not args.quiet)
    seconds = time.perf_counter() - started
    train_acc = accuracy(model, mnist_rows(X_mnist, framing, args.features), y_mnist)
    test_acc = accuracy(model, mnist_rows(X_test, framing, args.features), y_test)
    completion = {}
    if framing != "mnist" or args.partial:
        completion = completion_accuracy(model, X_test, y_test, COMPLETIONS, COMPLETION_LIMIT,
                                         framing)
        print("accuracy at completion (placement jittered) " + ", ".join(
            f"{f:.0%}: {a:.1%}" for f, a in completion.items()))
    model.metadata = {"features": args.features, "recipe": recipe, "framing": framing,
                      "accuracy": {"train": train_acc, "test": test_acc,
                                   "completion": {str(f): a for f, a in completion.items()}},
                      "training_seconds": round(seconds, 2), "version": __version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"trained in {seconds:.1f} s: MNIST train accuracy {train_acc:.2%}, "
          f"test accuracy {test_acc:.2%}; saved {args.out}")




def completion_accuracy(model: SoftmaxRegression, X_test: np.ndarray, y_test: np.ndarray,
                        fractions: tuple[float, ...], limit: int, framing: str,
                        jitter: bool = True) -> dict[float, float]:
    """Accuracy on the first `limit` test digits drawn to each completion fraction,
    framed for the model as `canvas_to_input(..., framing)` does; with jitter, each
    digit first moved and resized the way players place their digits (seeded)."""
    X_drawn, y_drawn, drawn_to = partial_dataset(X_test[:limit], y_test[:limit], fractions,
                                                 framing, jitter=jitter, seed=1)
    return {f: accuracy(model, X_drawn[drawn_to == f], y_drawn[drawn_to == f]) for f in fractions}


def cmd_evaluate(args: argparse.Namespace) -> None:
    if args.plot and len(args.model) > 1 and not args.completion:
        raise ValueError("--plot draws one model's confusion matrix, or with --completion "
                         "one curve per model")
    _, (X_test, y_test) = load_mnist(args.data_dir, progress=False)
    curves = {}
    for path in args.model:
        model = SoftmaxRegression.load(path)
        feature_set = model.metadata.get("features", "mnist28")
        framing = model.metadata.get("framing", "mnist")
        X_rows = mnist_rows(X_test, framing, feature_set)
        confusion = confusion_matrix(y_test, model.predict(X_rows))
        print(f"{path}: test accuracy {np.trace(confusion) / confusion.sum():.2%} "
              f"on {confusion.sum():,} MNIST test digits ({model.n_features} inputs, "
              f"{framing} framing)")
        if args.completion:
            name = f"{path.name} ({framing} framing)"
            curves[name] = completion_accuracy(model, X_test, y_test, tuple(args.completion),
                                               args.limit, framing, args.jitter)
            placed = "placement jittered" if args.jitter else "placed as in MNIST"
            print(f"  drawn to completion, {framing} framing, {placed} (first {args.limit:,} "
                  "test digits): " + ", ".join(f"{f:.0%}: {a:.1%}"
                                               for f, a in curves[name].items()))
            continue
        print("per class: " + "  ".join(
            f"{digit}: {acc:.1%}" for digit, acc in enumerate(per_class_accuracy(confusion))))
        print(format_confusion(confusion))
        if args.plot:
            plot_confusion(confusion, args.plot, title=str(path))
            print(f"wrote {args.plot}")
    if args.plot and curves:
        plot_completion(curves, args.plot)
        print(f"wrote {args.plot}")


def cmd_play(args: argparse.Namespace) -> None:
    try:
        from game.app import main as play
    except ImportError as err:
        raise ValueError(f"the game needs pygame-ce: pip install -e '.[game]' ({err})") from None
    play(args.rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digits", description=__doc__)
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="locate, download and verify MNIST")
    add_data_dir(data)
    data.set_defaults(run=cmd_data)

    tr = commands.add_parser("train", help="train a model (defaults: the 2016 seed's recipe)")
    add_data_dir(tr)
    tr.add_argument("--features", choices=["mnist28", "seed20"], default="mnist28",
                    help="28x28 MNIST pixels, or the seed's 20x20 (default: mnist28)")
    tr.add_argument("--steps", type=int, default=10_000)
    tr.add_argument("--batch-size", type=int, default=1000)
    tr.add_argument("--learning-rate", type=float, default=0.5)
    tr.add_argument("--sampling", choices=SAMPLINGS, default="random")
    tr.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    tr.add_argument("--init", choices=["zeros", "random"], default="zeros")
    tr.add_argument("--seed", type=int, default=None)
    tr.add_argument("--init-from", type=Path, default=None,
                    help="continue training this model (the seed's iterative training)")
    tr.add_argument("--out", type=Path, default=Path("model.npz"))
    tr.add_argument("--partial", action="store_true",
                    help="also train on partial renderings: digits in stages of being drawn")
    tr.add_argument("--partial-digits", type=int, default=4000,
                    help="how many training digits to render partially (default 4000)")
    tr.add_argument("--framing", choices=FRAMINGS, default=None,
                    help="how a drawing is framed for the model (default: both with "
                         "--partial, else mnist): see docs/game.md")
    tr.add_argument("--collected", type=Path, default=None,
                    help="also train on drawings the game collected (with MNIST replay)")
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    tr.set_defaults(run=cmd_train)

    ev = commands.add_parser("evaluate", help="accuracy, per-class accuracy, confusion matrix")
    ev.add_argument("model", type=Path, nargs="+")
    add_data_dir(ev)
    ev.add_argument("--plot", type=Path, default=None,
                    help="write a PNG: the confusion matrix, or with --completion accuracy "
                         "against completion, one curve per model")
    ev.add_argument("--completion", type=float, nargs="+", default=None,
                    help="accuracy on test digits drawn only this far, e.g. 0.25 0.5 0.75 1.0")
    ev.add_argument("--jitter", action=argparse.BooleanOptionalAction, default=True,
                    help="move and resize each test digit as players do (default) or "
                         "draw it where MNIST placed it")
    ev.add_argument("--limit", type=int, default=COMPLETION_LIMIT,
                    help=f"test digits rendered for --completion (default {COMPLETION_LIMIT})")
    ev.set_defaults(run=cmd_evaluate)

    play = commands.add_parser("play", help="the drawing game (needs the game extra)",
                               add_help=False)
    play.add_argument("rest", nargs=argparse.REMAINDER)
    play.set_defaults(run=cmd_play)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except (DataError, ModelFileError, FileNotFoundError, ValueError) as err:
        sys.exit(f"error: {err}")


if __name__ == "__main__":
    main()
