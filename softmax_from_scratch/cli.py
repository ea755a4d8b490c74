"""The `digits` command: get the data, train, evaluate, play. It parses and reports;
the work is done by the library (datasets.py: the training sets; sgd.py: how they are
trained; measures.py: how the models are measured)."""

import argparse
import json
import math
import os
import shutil
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from softmax_from_scratch import __version__, datasets, measures, sgd
from softmax_from_scratch.classifier import Classifier, ModelFileError
from softmax_from_scratch.collected import is_store, load_collected
from softmax_from_scratch.default_model import kind_of
from softmax_from_scratch.downloads import DataError, cache_dir
from softmax_from_scratch.evaluation import (
    accuracy,
    confusion_matrix,
    format_confusion,
    per_class_accuracy,
)
from softmax_from_scratch.framings import framing_of, load_framed
from softmax_from_scratch.mnist import load_mnist, load_mnist_test, mnist_files
from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.network import Network
from softmax_from_scratch.pendigits import load_pendigits, split_pendigits
from softmax_from_scratch.plotting import plot_completion, plot_confusion
from softmax_from_scratch.rowcache import cache_sets, clear_cache
from softmax_from_scratch.teaching import sample_replay, save_replay
from softmax_from_scratch.training import SAMPLINGS, SCHEDULES, train
from softmax_from_scratch.userdirs import collected_dir, data_dir, player_model_path
from softmax_from_scratch.views import FRAMINGS, input_length

# ----- option types: a bad value is one line saying what is allowed ---------------------


def positive_int(text: str) -> int:
    """An option value that must be a whole number >= 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text}")
    return value


def port_number(text: str) -> int:
    """An option value that must be a TCP port, 1-65535."""
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number, 1-65535, got {text}")
    return value


def positive_float(text: str) -> float:
    """An option value that must be a finite number > 0."""
    value = float(text)
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return value


def non_negative_float(text: str) -> float:
    """An option value that must be a finite number >= 0."""
    value = float(text)
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text}")
    return value


def momentum(text: str) -> float:
    """An option value that must be a momentum, in [0, 1)."""
    value = float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be a number in [0, 1), got {text}")
    return value


def fraction(text: str) -> float:
    """An option value that must be a share of the drawing, in (0, 1]."""
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be a share of the drawing in (0, 1], got {text}")
    return value


def existing_dir(text: str) -> Path:
    """An option value that must name an existing directory (no download into a typo)."""
    path = Path(text).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a directory")
    return path


def collected_source(text: str) -> Path | str:
    """--collected: a folder the game collected into, or a class's store by its URL."""
    return text if is_store(text) else existing_dir(text)


def add_data_dirs(parser: argparse.ArgumentParser) -> None:
    """--data-dir and --pen-dir, the same for every subcommand that reads data."""
    parser.add_argument("--data-dir", type=existing_dir, default=None,
                        help="directory holding the MNIST .gz files (default: $DIGITS_MNIST_DIR, "
                             "else a per-user cache, downloading what is missing)")
    parser.add_argument("--pen-dir", type=existing_dir, default=None,
                        help="directory holding pendigits.tra (default: $DIGITS_PENDIGITS_DIR, "
                             "else a per-user cache, downloading it from the UCI archive)")


# ----- digits data ------------------------------------------------------------------------


def cmd_data(args: argparse.Namespace) -> None:
    """digits data: find or download both datasets and verify them."""
    directory = mnist_files(args.data_dir)
    load_mnist(directory, progress=False)  # verifies all four checksums
    print(f"MNIST is in {directory.resolve()} (4 files, checksums verified)")
    points, _ = load_pendigits(args.pen_dir, progress=False)
    print(f"pendigits: {len(points):,} pen trajectories (content hash verified)")


# ----- digits train -----------------------------------------------------------------------


def choose_framing(args: argparse.Namespace) -> str:
    """--framing if given; else "three" with --pen or --shapes, "both" with --partial,
    else "mnist" (the 2016 original's input)."""
    if args.framing:
        framing = args.framing
    elif args.pen or args.shapes:
        framing = "three"
    elif args.partial:
        framing = "both"
    else:
        framing = "mnist"
    return framing


def training_recipe(args: argparse.Namespace, loaded: Classifier | None
                    ) -> datasets.Recipe:
    """The rows to train on: with --init-from and no data option, everything that model's
    own recipe trained on (read from its metadata); else the options'. --collected adds
    a folder. Every collected folder must still be there: checked now, before any work."""
    data_options = (args.pen, args.shapes, args.partial, args.framing)
    if loaded is not None and not any(data_options):
        recipe = datasets.recipe_of(loaded, args.init_from)
    else:
        recipe = datasets.Recipe(choose_framing(args), args.pen, args.shapes,
                                args.partial_digits if args.partial else 0, args.seed or 0)
    if args.collected:
        if not is_store(args.collected) and not (args.collected / "index.jsonl").is_file():
            raise ValueError(f"no collected drawings in {args.collected} (no index.jsonl): "
                             "collect some with `digits play --mode collect`, or teach the "
                             "game a few digits")
        folder = args.collected if is_store(args.collected) else str(args.collected.resolve())
        recipe = replace(recipe, collected=(*[f for f in recipe.collected if f != folder],
                                            folder))
    for folder in recipe.collected:
        if not is_store(folder) and not (Path(folder) / "index.jsonl").is_file():
            raise datasets.RecipeError(f"{args.init_from or 'this recipe'} trained on the "
                                      f"drawings collected in {folder}, which are not there "
                                      "now: put them back, or train without --init-from")
    return recipe


def starting_model(args: argparse.Namespace, n_inputs: int,
                   loaded: Classifier | None) -> Classifier:
    """A fresh model of --model's kind, or a copy of the one to continue (--init-from),
    in the asked dtype."""
    if loaded is None and args.model == "network":
        return Network(n_inputs, args.hidden, dtype=np.dtype(args.dtype),
                       seed=0 if args.seed is None else args.seed)
    if loaded is None:
        return SoftmaxRegression(n_inputs, dtype=np.dtype(args.dtype), init=args.init,
                                 seed=args.seed)
    if loaded.n_inputs != n_inputs:
        raise ValueError(f"{args.init_from} expects {loaded.n_inputs} inputs, "
                         f"these options give {n_inputs}")
    return loaded.copy(np.dtype(args.dtype))


def model_kind(args: argparse.Namespace, loaded: Classifier | None) -> str:
    """"network" or "linear": --init-from's model's kind, else --model's; the options
    that belong to the other kind are refused, before any work."""
    kind = (args.model or "linear") if loaded is None else kind_of(loaded)
    if loaded is not None and args.model not in (None, kind):
        raise ValueError(f"--model {args.model}: {args.init_from} is a {kind} model")
    if kind == "network" and (args.recipe != "2016" or args.init != "zeros"):
        raise ValueError("--recipe and --init are the linear model's: a network starts "
                         "from seeded random weights and trains by its own settings")
    if kind == "linear" and args.hidden is not None:
        raise ValueError("--hidden is the network's: add --model network")
    args.model = kind
    args.hidden = args.hidden or sgd.NETWORK_HIDDEN
    if args.weight_decay is None:
        network = kind == "network" and loaded is None
        args.weight_decay = sgd.NETWORK_WEIGHT_DECAY if network else 0.0
    return kind


def sgd_settings(args: argparse.Namespace, loaded: Classifier | None,
                 n_rows: int) -> sgd.Sgd:
    """How to walk: --recipe's settings (the 2016 original's, or the fast one; with
    --init-from, fine-tuning's), or the network's (`sgd.sgd_network`), each
    overridden by the option given."""
    if args.model == "network":
        base = sgd.sgd_network_fine_tune() if loaded is not None else \
            sgd.sgd_network(n_rows)
    else:
        base = (sgd.sgd_fast(n_rows) if args.recipe == "fast"
                else sgd.sgd_fine_tune() if loaded is not None else sgd.sgd_2016())
    given = {"steps": args.steps, "batch_size": args.batch_size,
             "learning_rate": args.learning_rate, "sampling": args.sampling,
             "schedule": args.schedule, "momentum": args.momentum}
    return replace(base, **{name: value for name, value in given.items() if value is not None})


def writable_output(path: Path, option: str = "--out") -> Path:
    """An output file, checked before any work: not a directory, and in a folder that can
    be written or made. Nothing is made yet: a run that fails leaves no folder behind."""
    if path.is_dir():
        raise ValueError(f"{option} {path} is a directory: give a file name, "
                         f"e.g. {path / 'model.npz'}")
    existing = next(folder for folder in path.absolute().parents if folder.exists())
    if not existing.is_dir():
        raise ValueError(f"{option} {path}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK):
        raise ValueError(f"{option} {path}: cannot write into {existing}")
    return path


def beside(path: Path, tag: str) -> Path:
    """model.npz -> model.<tag>.npz, in the same folder."""
    return path.with_name(f"{path.stem}.{tag}{path.suffix}")


def save_model(model: Classifier, out: Path, interrupted: bool
               ) -> tuple[Path, Path | None]:
    """Save a trained model where --out says, losing nothing that was there: a finished
    run replaces an existing file and keeps a copy of the one it replaced as
    model.previous.npz; an interrupted run never writes over one, but beside it, as
    model.partial.npz. Returns (where the model went, where the replaced one is kept)."""
    if interrupted and out.exists():
        target, kept = beside(out, "partial"), None
    else:
        target, kept = out, beside(out, "previous") if out.is_file() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    if kept:
        shutil.copy2(out, kept)
    model.save(target)
    return target, kept


def before_after(models: dict[str, Classifier],
                 rows: dict[str, tuple[np.ndarray, np.ndarray]]) -> str:
    """A table of each model's accuracy on each set of rows, one line per set."""
    names = list(models)
    lines = [f"{'':>26}" + "".join(f"{name:>10}" for name in names) + "    change"]
    for label, (X, y) in rows.items():
        scores = [accuracy(model, X, y) for model in models.values()]
        lines.append(f"{label:>26}" + "".join(f"{a:>10.1%}" for a in scores)
                     + f"{100 * (scores[-1] - scores[0]):>+9.1f} pt")
    return "\n".join(lines)


def cmd_train(args: argparse.Namespace) -> None:
    """digits train: build the training set, train, measure, save with the recipe.
    Ctrl-C stops training early: the model reached so far is saved, and the exit is 130."""
    out = writable_output(args.out)
    if args.seed is None and args.recipe == "fast":
        args.seed = sgd.FAST_SEED  # as sgd.fast: the documented model, every run
    if args.replay_out:
        writable_output(args.replay_out, "--replay-out")
    loaded = load_framed(args.init_from) if args.init_from else None
    model_kind(args, loaded)
    recipe = training_recipe(args, loaded)
    model = starting_model(args, input_length(recipe.framing), loaded)
    progress = not args.quiet
    (X_mnist, y_mnist), (X_test, y_test) = load_mnist(args.data_dir, progress=progress)
    pen = validation = None
    if recipe.draws:  # pen trajectories: to train on, and to measure
        pen, validation = split_pendigits(*load_pendigits(args.pen_dir, progress=progress))
    started = time.perf_counter()
    X, y = datasets.training_set(X_mnist, y_mnist, recipe, pen, progress, say=print)
    if validation is not None:
        measured = measures.measuring_rows(X_test, y_test, recipe.framing, validation, print)
    else:
        measured = {"MNIST test": (datasets.mnist_inputs(X_test, recipe.framing), y_test)}
    if args.collected:
        measured["collected, complete"] = load_collected(args.collected, recipe.framing,
                                                         say=lambda _: None)
    built = time.perf_counter() - started
    settings = sgd_settings(args, loaded, len(X))
    started = time.perf_counter()
    history = train(model, X, y, **settings.options(), seed=args.seed, progress=progress,
                    weight_decay=args.weight_decay)
    seconds = time.perf_counter() - started
    model.metadata = {
        "framing": recipe.framing, "inputs": model.n_inputs,
        "rows": recipe.as_metadata(),
        "recipe": {**asdict(settings), "weight_decay": args.weight_decay,
                   "seed": args.seed, "dtype": args.dtype,
                   "init": (f"from {args.init_from}" if args.init_from
                            else "he" if args.model == "network" else args.init),
                   "command": "digits " + " ".join(args.argv)},
        "training_rows": len(X),
        "seconds": {"build": round(built, 1), "train": round(seconds, 1)},
        "version": __version__}
    if history.interrupted:
        model.metadata["stopped_at_step"] = len(history.loss)
    # saved now, so that nothing measured below can lose the trained model
    saved, kept = save_model(model, out, history.interrupted)
    # the training set starts with the MNIST digits through this framing: score those rows
    scores = {"train": accuracy(model, X[: len(X_mnist)], y_mnist),
              "test": accuracy(model, *measured["MNIST test"])}
    if recipe.pen and loaded is None and not history.interrupted:
        scores["pen"] = {str(f): a for f, a in measures.pen_accuracy(model, *validation).items()}
        print("real pen trajectories, held-out rows, as played: " + format_scores(scores["pen"]))
    elif validation is not None:
        scores["pen"] = {"0.5": accuracy(model, *measured["pen 50%"]),
                         "1.0": accuracy(model, *measured["pen 100%"])}
    model.metadata["accuracy"] = scores
    model.save(saved)
    if args.replay_out:  # a sample of what it learnt from, for teaching
        args.replay_out.parent.mkdir(parents=True, exist_ok=True)
        save_replay(args.replay_out, recipe, *sample_replay(X, y))
    if loaded is not None:
        print(before_after({"before": loaded, "after": model}, measured))
    if history.interrupted:
        untouched = f" ({out} is untouched)" if saved != out else ""
        print(f"interrupted at step {len(history.loss):,} of {settings.steps:,}: saved the model "
              f"reached so far to {saved}{untouched}", file=sys.stderr)
        sys.exit(130)
    replaced = f" (the model it replaced is kept as {kept})" if kept else ""
    print(f"built {len(X):,} rows in {built:.1f} s, trained in {seconds:.1f} s: MNIST train "
          f"accuracy {scores['train']:.2%}, test accuracy {scores['test']:.2%}; saved "
          f"{out}{replaced}")


def format_scores(scores: dict) -> str:
    """{fraction: accuracy} -> "25%: 49.9%, 50%: 73.5%"."""
    return ", ".join(f"{float(f):.0%}: {a:.1%}" for f, a in scores.items())


# ----- digits evaluate ----------------------------------------------------------------------


def cmd_evaluate(args: argparse.Namespace) -> None:
    """digits evaluate: MNIST test accuracy, then per class, or on half-drawn digits."""
    curves_wanted = args.completion or args.pen
    if args.plot:
        needs_matplotlib()
    if args.plot and len(args.model) > 1 and not curves_wanted:
        raise ValueError("--plot draws one model's confusion matrix, or with --pen or "
                         "--completion one curve per model")
    models = {path: load_framed(path) for path in args.model}
    X_test, y_test = load_mnist_test(args.data_dir, progress=False)
    validation = None
    if args.pen:
        points, labels = split_pendigits(*load_pendigits(args.pen_dir, progress=False))[1]
        validation = points[: args.limit], labels[: args.limit]
    curves = {}
    for path, model in models.items():
        framing = framing_of(model)
        X_rows = datasets.mnist_inputs(X_test, framing)
        confusion = confusion_matrix(y_test, model.predict(X_rows))
        print(f"{path}: test accuracy {np.trace(confusion) / confusion.sum():.2%} "
              f"on {confusion.sum():,} MNIST test digits ({model.n_inputs} inputs, "
              f"{framing} framing)")
        name = f"{path.name} ({framing} framing)"
        if validation is not None:
            print(f"  real pen, {len(validation[0]):,} held-out trajectories as played, "
                  "% of the path drawn:")
            for label, options in (("polyline, filling the guide box", {}),
                                   ("smooth curve, filling the guide box", {"smooth": True}),
                                   ("polyline, placed as players vary", {"jitter": True})):
                points = measures.pen_accuracy(model, *validation, args.fractions, **options)
                curves.setdefault(name, points)
                print(f"    {label}: {format_scores(points)}")
        if args.completion:
            points = measures.completion_accuracy(model, X_test, y_test, tuple(args.completion),
                                                 args.limit, args.jitter)
            curves.setdefault(name, points)
            placed = "placement jittered" if args.jitter else "placed as in MNIST"
            print(f"  MNIST test digits re-drawn from their skeleton, {placed} (first "
                  f"{args.limit:,}): {format_scores(points)}")
        if args.shapes:
            print("  common shapes (each style at 6 heights from 40 % to 110 % of the guide "
                  "box and 9 places), half drawn / complete:")
            for (digit, style), scores in measures.shapes_accuracy(model).items():
                print(f"    {digit} {style:<14} {scores[0.5]:6.1%} {scores[1.0]:7.1%}")
        if not curves_wanted:
            print("per class: " + "  ".join(f"{digit}: {acc:.1%}" for digit, acc
                                            in enumerate(per_class_accuracy(confusion))))
            print(format_confusion(confusion))
            if args.plot:
                plot_confusion(confusion, args.plot, title=str(path))
                print(f"wrote {args.plot}")
    if args.plot and curves:
        source = "real pen trajectories" if args.pen else "MNIST test digits re-drawn"
        plot_completion(curves, args.plot, title=f"Guessing half-drawn digits: {source}")
        print(f"wrote {args.plot}")


def needs_matplotlib() -> None:
    """--plot draws with matplotlib, which the quick start does not install: say which
    extra brings it, before any work."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ValueError("--plot needs matplotlib, which is not installed: "
                         "pip install -e '.[plot]' (or drop --plot)") from None


# ----- digits play --------------------------------------------------------------------------


def cmd_play(args: argparse.Namespace) -> None:
    """digits play: the game (imported only now: the library works without pygame)."""
    try:
        from game.app import play
    except ImportError as err:
        raise ValueError(f"the game needs pygame-ce: pip install -e '.[game]' ({err})") from None
    model = load_framed(args.model) if args.model else None
    if args.collect_dir is not None and args.collect_dir.exists() and not args.collect_dir.is_dir():
        raise ValueError(f"--collect-dir {args.collect_dir} is a file: give a folder")
    play(model, args.mode, args.collect_dir, fresh=args.fresh)


# ----- digits serve -------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> None:
    """digits serve: the class's web app (imported only now: it needs the serve extra)."""
    try:
        from game.serve.app import Settings
        from game.serve.run import new_token, serve
        from game.serve.store import default_url
    except ImportError as err:
        raise ValueError(f"digits serve needs the serve extra: pip install -e '.[serve]' "
                         f"({err})") from None
    if args.model is not None:
        load_framed(args.model)  # a bad model file is one line now, not one per process
    settings = Settings(args.db or default_url(), args.admin_token or new_token(),
                        args.drawing_rate, args.predict_rate)
    serve(settings, args.host, args.port, args.workers, token_given=bool(args.admin_token),
          model=args.model.resolve() if args.model else None)


# ----- digits cache -------------------------------------------------------------------------


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB"


def cmd_cache(args: argparse.Namespace) -> None:
    """digits cache: where the drawn training rows are kept, what is there, its size;
    --clear deletes them (they are drawn again when a command needs them)."""
    root = cache_dir("rows")
    if args.clear:
        sets = len(cache_sets(root))
        print(f"cleared the row cache in {root}: {sets} set{'s' * (sets != 1)}, "
              f"{megabytes(clear_cache(root))} freed")
        return
    sets = cache_sets(root)
    total = sum(entry["bytes"] for entry in sets)
    print(f"row cache: {root} ({len(sets)} set{'s' * (len(sets) != 1)}, {megabytes(total)})")
    for entry in sets:
        rows = (f"{entry['shape'][0]:,} rows of {entry['shape'][1]:,} inputs"
                if entry["shape"] else "unreadable")
        print(f"  {entry['folder'].name}  {megabytes(entry['bytes']):>8}  {rows}  "
              f"{json.dumps(entry['recipe'], sort_keys=True)}")
    if sets:
        print("`digits cache --clear` deletes them; they are drawn again when needed")


# ----- the parser ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand and option, with its help."""
    parser = argparse.ArgumentParser(prog="digits", description=__doc__)
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="locate, download and verify MNIST and pendigits")
    add_data_dirs(data)
    data.set_defaults(run=cmd_data, parser=data)

    tr = commands.add_parser("train", help="train a model (defaults: the 2016 original's recipe)")
    add_data_dirs(tr)
    tr.add_argument("--model", choices=["linear", "network"], default=None,
                    help="linear: softmax regression, the 2016 original's model (default); "
                         "network: one hidden layer of ReLU units under the softmax "
                         "(network.py), trained with momentum. With --init-from, the "
                         "loaded model's kind")
    tr.add_argument("--hidden", type=positive_int, default=None,
                    help=f"hidden units of --model network (default {sgd.NETWORK_HIDDEN})")
    tr.add_argument("--momentum", type=momentum, default=None,
                    help="mu of SGD with momentum (default 0 for the linear model, as in "
                         f"2016; {sgd.NETWORK_MOMENTUM} for the network)")
    tr.add_argument("--recipe", choices=["2016", "fast"], default="2016",
                    help="how SGD walks: the 2016 original's 10,000 steps on random batches "
                         f"of 1,000 at 0.5, or the fast one ({sgd.FAST_EPOCHS} shuffled "
                         f"epochs of batches of {sgd.FAST_BATCH}, the rate falling from "
                         f"{sgd.FAST_RATE} to 0); the options below override either "
                         "(default: 2016)")
    tr.add_argument("--steps", type=positive_int, default=None,
                    help="SGD steps (default 10,000; with --init-from "
                         f"{sgd.FINE_TUNE_STEPS:,}, from that model's weights; with "
                         f"--recipe fast, {sgd.FAST_EPOCHS} epochs' worth)")
    tr.add_argument("--batch-size", type=positive_int, default=None,
                    help="rows in each step's batch (default 1,000; with --init-from "
                         f"{sgd.FINE_TUNE_BATCH:,}; with --recipe fast "
                         f"{sgd.FAST_BATCH})")
    tr.add_argument("--learning-rate", type=positive_float, default=None,
                    help=f"default 0.5; with --recipe fast {sgd.FAST_RATE}")
    tr.add_argument("--weight-decay", type=non_negative_float, default=None,
                    help="lambda of the L2 penalty (lambda/2)|W|^2 (default 0: none, as in "
                         f"2016; {sgd.NETWORK_WEIGHT_DECAY:g} for a new network)")
    tr.add_argument("--sampling", choices=SAMPLINGS, default=None,
                    help="random batches as in 2016 (default), or shuffled epochs (the "
                         "default with --recipe fast)")
    tr.add_argument("--schedule", choices=SCHEDULES, default=None,
                    help="the learning rate at every step (constant, as in 2016), or falling "
                         "linearly to 0 at the last (default: constant; linear with "
                         "--init-from or --recipe fast)")
    tr.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                    help="the weights' float type (default float32, as TensorFlow's)")
    tr.add_argument("--init", choices=["zeros", "random"], default="zeros",
                    help="the starting weights: zeros, as in 2016 (default), or small "
                         "random ones drawn from --seed")
    tr.add_argument("--seed", type=int, default=None,
                    help="the batches' (and --init random's) seed; default: "
                         f"{sgd.FAST_SEED} with --recipe fast (as sgd.fast: the same "
                         "model every run), else fresh randomness each run, as the 2016 "
                         "original's np.random.randint")
    tr.add_argument("--init-from", type=Path, default=None,
                    help="continue training this model (the 2016 original's iterative "
                         "training): on its own recipe's rows, plus --collected (default: "
                         "start from --init)")
    tr.add_argument("--out", type=Path, default=Path("model.npz"),
                    help="where to save the model (default: model.npz in this folder). A "
                         "finished run replaces an existing file and keeps it as "
                         "NAME.previous.npz; an interrupted one (Ctrl-C) never writes over "
                         "it, but saves what it reached as NAME.partial.npz")
    tr.add_argument("--pen", action="store_true",
                    help="also train on real pen trajectories (pendigits), drawn into the "
                         "game's canvas in stages of being drawn (default: off)")
    tr.add_argument("--shapes", type=int, default=0, metavar="N",
                    help="also train on N common-shape drawings (shapes.py: each digit's "
                         "usual stroke styles, at any size and place in the box; default 0)")
    tr.add_argument("--partial", action="store_true",
                    help="also train on MNIST digits re-drawn from their skeleton, in stages "
                         "(default: off)")
    tr.add_argument("--partial-digits", type=positive_int, default=4000,
                    help="how many MNIST digits --partial re-draws (default 4000)")
    tr.add_argument("--framing", choices=FRAMINGS, default=None,
                    help="what the model reads: mnist (MNIST's 28x28 pixels) or original20 "
                         "(the 2016 original's 20x20), or a drawing framed as canvas, both "
                         "or three (default: three with --pen or --shapes, both with "
                         "--partial, else mnist): see docs/game.md")
    tr.add_argument("--collected", type=collected_source, default=None, nargs="?",
                    const=collected_dir(), metavar="DIR_OR_URL",
                    help="also train on drawings the game collected, or a class's store "
                         "(sqlite:///file.sqlite3, postgresql://...: `digits serve`'s), with "
                         "replay of the rest of the recipe; default: the game's folder, "
                         f"{collected_dir()}")
    tr.add_argument("--replay-out", type=Path, default=None,
                    help="also write a sample of the training rows: what `teach` replays "
                         "so that a lesson forgets nobody (default: none)")
    tr.add_argument("--quiet", action="store_true", help="no progress bars (default: shown)")
    tr.set_defaults(run=cmd_train, parser=tr)

    ev = commands.add_parser("evaluate", help="accuracy, per class, confusion, half-drawn digits")
    ev.add_argument("model", type=Path, nargs="+",
                    help="one or more model files (.npz), e.g. the shipped "
                         "softmax_from_scratch/models/linear.npz")
    add_data_dirs(ev)
    ev.add_argument("--shapes", action="store_true",
                    help="also: accuracy on the common shapes (shapes.py), style by style "
                         "(default: off)")
    ev.add_argument("--pen", action="store_true",
                    help="also: accuracy on held-out real pen trajectories, drawn as played, "
                         "at --fractions of the path (default: off)")
    ev.add_argument("--fractions", type=fraction, nargs="+", default=list(measures.COMPLETIONS),
                    help="shares of the path for --pen (default 0.25 0.5 0.75 1)")
    ev.add_argument("--plot", type=Path, default=None,
                    help="write a PNG: the confusion matrix, or with --pen / --completion "
                         "accuracy against completion, one curve per model (default: none; "
                         "needs matplotlib: pip install -e '.[plot]')")
    ev.add_argument("--completion", type=fraction, nargs="+", default=None,
                    help="also: accuracy on MNIST test digits re-drawn from their skeleton "
                         "only this far, e.g. 0.25 0.5 0.75 1.0 (default: off)")
    ev.add_argument("--jitter", action=argparse.BooleanOptionalAction, default=True,
                    help="for --completion: move and resize each test digit as players do "
                         "(default) or draw it where MNIST placed it")
    ev.add_argument("--limit", type=positive_int, default=measures.COMPLETION_LIMIT,
                    help=f"at most this many digits are drawn: MNIST test digits for "
                         f"--completion, held-out trajectories for --pen (default "
                         f"{measures.COMPLETION_LIMIT}: all 1,500 of those)")
    ev.set_defaults(run=cmd_evaluate, parser=ev)

    play = commands.add_parser("play", help="the drawing game (needs the game extra)")
    play.add_argument("--model", type=Path, default=None,
                      help="model .npz to play with (default: your taught model, "
                           f"{player_model_path()}, if you taught the game; else the one "
                           "shipped in the package)")
    play.add_argument("--mode", choices=["play", "free", "collect"], default="play",
                      help="the mode to start in (Tab switches): play, \"Draw a 7\" against "
                           "the clock (default); free draw; or collect, which saves every "
                           "drawing")
    play.add_argument("--collect-dir", type=Path, default=None,
                      help="where collect mode and lessons save drawings (default: "
                           f"{collected_dir()})")
    play.add_argument("--fresh", action="store_true",
                      help="start from the shipped model again (your taught model is kept "
                           "in a file beside it, renamed; default: off)")
    play.set_defaults(run=cmd_play, parser=play)

    sv = commands.add_parser("serve", help="the class's web app: everyone draws into one "
                                           "store (needs the serve extra)")
    sv.add_argument("--host", default="127.0.0.1",
                    help="the address to listen on (default 127.0.0.1: this machine only; "
                         "0.0.0.0 for a class on the network)")
    sv.add_argument("--port", type=port_number, default=8000, help="default 8000")
    sv.add_argument("--db", default=None, metavar="URL",
                    help="the store: sqlite:///path/file.sqlite3 or "
                         "postgresql://user@host/database (default: a SQLite file in "
                         f"{data_dir()})")
    sv.add_argument("--admin-token", default=None,
                    help="the token the export and the class page ask for (default: a new "
                         "one each start, printed once)")
    sv.add_argument("--model", type=Path, default=None,
                    help="serve this model (kept in the store: later starts serve it too, "
                         "until a retrain from the class page serves its own; default: the "
                         "store's newest, else the shipped network)")
    sv.add_argument("--workers", type=positive_int, default=min(os.cpu_count() or 1, 4),
                    help="server processes, sharing the store (default: one a core, at "
                         "most 4)")
    sv.add_argument("--drawing-rate", type=positive_float, default=5.0,
                    help="drawings a second one player may send, in bursts of ten times "
                         "that (default 5)")
    sv.add_argument("--predict-rate", type=positive_float, default=2000.0,
                    help="predictions a second one address may ask for (default 2000)")
    sv.set_defaults(run=cmd_serve, parser=sv)

    cache = commands.add_parser("cache", help="where the drawn training rows are kept, what "
                                              "they are and their size; --clear deletes them")
    cache.add_argument("--clear", action="store_true",
                       help="delete every cached set (default: only show them); a command "
                            "that needs one draws it again")
    cache.set_defaults(run=cmd_cache, parser=cache)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Run the command; a known error is one line on stderr and exit 1, no traceback."""
    argv = sys.argv[1:] if argv is None else argv
    args, unknown = build_parser().parse_known_args(argv)
    if unknown:  # said by the subcommand, with its own usage: the options it does take
        args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.argv = argv
    try:
        args.run(args)
    except (DataError, ModelFileError, ValueError) as err:
        sys.exit(f"error: {err}")
    except OSError as err:  # the system's words for what went wrong, without its number
        sys.exit(f"error: {err.filename}: {err.strerror}" if err.filename else f"error: {err}")
    except KeyboardInterrupt:  # training itself stops cleanly and saves; this is the rest
        print(f"interrupted: digits {args.command} stopped", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
