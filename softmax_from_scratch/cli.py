"""The `digits` command: get the data, train, evaluate (and play, with the game extra)."""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from softmax_from_scratch import __version__
from softmax_from_scratch.evaluation import (
    confusion_matrix,
    format_confusion,
    per_class_accuracy,
    plot_confusion,
)
from softmax_from_scratch.features import FEATURE_SETS, make_features
from softmax_from_scratch.mnist import DataError, load_mnist, mnist_files
from softmax_from_scratch.model import ModelFileError, SoftmaxRegression
from softmax_from_scratch.training import SAMPLINGS, accuracy, train


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="directory holding the MNIST .gz files (default: $DIGITS_MNIST_DIR, "
                             "else a per-user cache, downloading what is missing)")


def cmd_data(args: argparse.Namespace) -> None:
    directory = mnist_files(args.data_dir)
    load_mnist(directory, progress=False)  # verifies all four checksums
    print(f"MNIST is in {directory.resolve()} (4 files, checksums verified)")


def cmd_train(args: argparse.Namespace) -> None:
    (X, y), (X_test, y_test) = load_mnist(args.data_dir)
    X, X_test = make_features(X, args.features), make_features(X_test, args.features)
    if args.init_from:
        model = SoftmaxRegression.load(args.init_from)
        if model.n_features != X.shape[1]:
            sys.exit(f"error: {args.init_from} expects {model.n_features} features, "
                     f"--features {args.features} gives {X.shape[1]}")
        model.weights = model.weights.astype(args.dtype)
        model.bias = model.bias.astype(args.dtype)
        model.dtype = np.dtype(args.dtype)
    else:
        model = SoftmaxRegression(X.shape[1], dtype=np.dtype(args.dtype), init=args.init,
                                  seed=args.seed)
    recipe = {"steps": args.steps, "batch_size": args.batch_size,
              "learning_rate": args.learning_rate, "sampling": args.sampling, "seed": args.seed,
              "init": f"from {args.init_from}" if args.init_from else args.init,
              "dtype": args.dtype}
    started = time.perf_counter()
    train(model, X, y, steps=args.steps, batch_size=args.batch_size,
          learning_rate=args.learning_rate, sampling=args.sampling, seed=args.seed,
          progress=not args.quiet)
    seconds = time.perf_counter() - started
    train_acc, test_acc = accuracy(model, X, y), accuracy(model, X_test, y_test)
    model.metadata = {"features": args.features, "recipe": recipe,
                      "accuracy": {"train": train_acc, "test": test_acc},
                      "training_seconds": round(seconds, 2), "version": __version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"trained in {seconds:.1f} s: train accuracy {train_acc:.2%}, "
          f"test accuracy {test_acc:.2%}; saved {args.out}")


def cmd_evaluate(args: argparse.Namespace) -> None:
    model = SoftmaxRegression.load(args.model)
    feature_set = model.metadata.get("features", "mnist28")
    _, (X_test, y_test) = load_mnist(args.data_dir, progress=False)
    confusion = confusion_matrix(y_test, model.predict(make_features(X_test, feature_set)))
    print(f"{args.model}: test accuracy {np.trace(confusion) / confusion.sum():.2%} "
          f"on {confusion.sum():,} MNIST test digits ({feature_set} features)")
    print("per class: " + "  ".join(
        f"{digit}: {acc:.1%}" for digit, acc in enumerate(per_class_accuracy(confusion))))
    print(format_confusion(confusion))
    if args.plot:
        plot_confusion(confusion, args.plot, title=str(args.model))
        print(f"wrote {args.plot}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digits", description=__doc__)
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="locate, download and verify MNIST")
    add_data_dir(data)
    data.set_defaults(run=cmd_data)

    tr = commands.add_parser("train", help="train a model (defaults: the 2016 seed's recipe)")
    add_data_dir(tr)
    tr.add_argument("--features", choices=list(FEATURE_SETS), default="mnist28",
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
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    tr.set_defaults(run=cmd_train)

    ev = commands.add_parser("evaluate", help="accuracy, per-class accuracy, confusion matrix")
    ev.add_argument("model", type=Path)
    add_data_dir(ev)
    ev.add_argument("--plot", type=Path, default=None, help="write the confusion matrix as PNG")
    ev.set_defaults(run=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except (DataError, ModelFileError, FileNotFoundError, ValueError) as err:
        sys.exit(f"error: {err}")


if __name__ == "__main__":
    main()
