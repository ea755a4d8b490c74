"""Measure NumPy against TensorFlow on the same work, in one process, write
docs/performance.md, then run the game's benchmark (benchmarks/game.py) into it.

    python -m benchmarks.run              # needs the tf and game extras
    python -m benchmarks.run --quick      # fewer repeats (CI smoke run)

Every number is a median over repeats; the spread column is (max - min) / median
over those repeats, a plain measure of how noisy this machine was.
"""

import datetime
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from softmax_from_scratch import (
    SoftmaxRegression,
    batch_indices,
    load_mnist,
    onehot,
)
from softmax_from_scratch.atomic import write_text_atomically
from softmax_from_scratch.datasets import FROM_PIXELS
from softmax_from_scratch.functions import log_softmax, negative_log_likelihood
from softmax_from_scratch.views import input_length
from tools.doc_tables import benchmark_options, median_and_spread

ROOT = Path(__file__).resolve().parents[1]  # the benchmarks run as modules from here
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def seconds_per_call(contenders: dict[str, Callable[[int], object]], calls: int, repeats: int
                     ) -> dict[str, tuple[float, float]]:
    """{name: (median seconds per call, spread)} for each contender.

    run(i) is called with i = 0, 1, 2, ... so each call can take its own batch. The
    contenders take turns, one timing of `calls` calls each per round, so whatever
    else the machine does drifts over all of them alike."""
    # warm up: one whole round, untimed (20 calls left the first timed round up to a third
    # slower than the rest)
    for run in contenders.values():
        for i in range(calls):
            run(i)
    timings: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, run in contenders.items():
            start = time.perf_counter()
            for i in range(calls):
                run(i)
            timings[name].append((time.perf_counter() - start) / calls)
    return {name: median_and_spread(times) for name, times in timings.items()}


def interleaved_rounds(contenders: dict[str, Callable[[int], object]], calls: int,
                       repeats: int) -> dict[str, list[float]]:
    """{name: seconds per call in each of `repeats` rounds}, for contenders a few
    microseconds apart: they take turns call by call, on the same batch, each call
    starting from another one, so that a drift, or the cache that the previous contender
    left behind, hits all of them alike."""
    names = list(contenders)
    for i in range(calls):  # warm up: one whole round, untimed, as in `seconds_per_call`
        for name in names:
            contenders[name](i)
    rounds: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeats):
        spent = dict.fromkeys(names, 0.0)
        for i in range(calls):
            first = i % len(names)
            for name in names[first:] + names[:first]:
                start = time.perf_counter()
                contenders[name](i)
                spent[name] += time.perf_counter() - start
        for name in names:
            rounds[name].append(spent[name] / calls)
    return rounds


def interleaved_seconds(contenders: dict[str, Callable[[int], object]], calls: int,
                        repeats: int) -> dict[str, tuple[float, float]]:
    """`seconds_per_call`, timed call by call in turns (`interleaved_rounds`)."""
    return {name: median_and_spread(times)
            for name, times in interleaved_rounds(contenders, calls, repeats).items()}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def leanest_step(X: np.ndarray, labels: np.ndarray, weights: np.ndarray, bias: np.ndarray,
                 learning_rate: float) -> Callable[[np.ndarray], float]:
    """How close plain NumPy can come to the limit: `sgd_step` with nothing but the math,
    every (n, k) operation in place, one exp (the loss from the shifted logits,
    log P_iy = Z_iy - m_i - log s_i, instead of a log-softmax), and no checks. Not the
    library's code: a yardstick for how much of the gap the textbook form costs.
    Returns step(batch indices) -> loss, which updates weights (d, k) and bias (k,) in
    place."""
    classes = np.arange(len(bias))[:, None]

    def step(batch: np.ndarray) -> float:
        Xb = X[batch]
        onehot = (classes == labels[batch]).T.astype(weights.dtype)  # (n, k), by columns
        logits = np.asfortranarray(Xb @ weights)
        logits += bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        sums = probs.sum(axis=1, keepdims=True)
        loss = float(np.log(sums).mean() - (onehot * logits).sum() / len(Xb))
        probs /= sums
        probs -= onehot
        probs /= len(Xb)
        dW, db = Xb.T @ probs, probs.sum(axis=0)
        dW *= learning_rate
        weights[...] -= dW  # [...]: the caller's arrays, in place
        bias[...] -= learning_rate * db
        return loss
    return step


def training_rows(tf_models, X_all, y_all, framing, calls, repeats):
    """Seed-recipe steps (batch 1,000, float32) on the same batches for every contender,
    and the step built up from the limit (`ladder`), each timed once in this run, so that
    each thing has one time and every ratio on the page is of those times: NumPy's side
    by `interleaved_seconds`, TensorFlow's by `seconds_per_call`. Returns (table rows,
    summary, ladder rows)."""
    import tensorflow as tf

    X = FROM_PIXELS[framing](X_all)
    Y = onehot(y_all)
    batches = list(batch_indices(len(X), calls + 20, 1000, seed=0))
    model = SoftmaxRegression(X.shape[1])
    zeros = (model.weights.copy(), model.bias.copy())
    original_graph = tf_models.OriginalGraph(*zeros)
    tape = tf_models.TapeModel(*zeros)
    function = tf_models.FunctionModel(*zeros)
    keras_model = tf_models.KerasModel(*zeros)
    X_tf, Y_tf = tf.constant(X), tf.constant(Y)
    lean = leanest_step(X, y_all, *(array.copy() for array in zeros), learning_rate=0.5)
    # NumPy's calls take turns call by call; TensorFlow's each in a block of its own: its
    # threads keep spinning after a call and slow whichever NumPy call comes next
    numpy_side = {
        STEP: lambda i: model.sgd_step(X[batches[i]], y_all[batches[i]], 0.5),
        "the leanest NumPy step (`leanest_step`: in place, one exp, no checks)":
            lambda i: lean(batches[i]),
    }
    tensorflow_side = {
        "TF1 `Session.run` + `feed_dict` (the 2016 original's)":
            lambda i: original_graph.step(X[batches[i]], Y[batches[i]]),
        "TF2 eager `GradientTape`": lambda i: tape.step(X[batches[i]], Y[batches[i]]),
        "TF2 `tf.function`, gather in graph":
            lambda i: function.step_on_indices(X_tf, Y_tf, batches[i]),
        "Keras `train_on_batch`": lambda i: keras_model.step(X[batches[i]], Y[batches[i]]),
    }
    stages = ladder(X, y_all, batches)
    results = (interleaved_seconds(numpy_side | stages, calls, repeats)
               | seconds_per_call(tensorflow_side, calls, repeats))
    step, limit = results[STEP][0], results[LIMIT][0]
    rows = [f"| {name} | {t * 1e6:,.0f} µs | {1000 / t:,.0f} | {t / step:.2f}× | "
            f"{limit / t:.0%} | {s:.0%} |"
            for name, (t, s) in results.items() if name not in stages]
    ladder_rows = [f"| {name} | {t * 1e6:,.0f} µs | {limit / t:.0%} | {s:.0%} |"
                   for name, (t, s) in results.items() if name in stages]
    ladder_rows.append(f"| the whole `sgd_step` (+ checks, the update) | {step * 1e6:,.0f} µs "
                       f"| {limit / step:.0%} | {results[STEP][1]:.0%} |")
    tf_fastest = min(results[name][0] for name in tensorflow_side)
    summary = (f"NumPy's step takes **{step * 1e6:,.0f} µs**: TensorFlow's fastest path takes "
               f"**{tf_fastest / step:.2f}×** as long, and the step runs at "
               f"**{limit / step:.0%}** of the limit (the gather and the two matrix products "
               "alone, below: *share of the limit* is always the limit's time over the "
               "row's). Each thing below has one time, from this run: NumPy's steps and "
               f"stages take turns call by call over {repeats} rounds of {calls} calls, "
               "TensorFlow's paths a block of calls each per round (its threads go on "
               "spinning after a call and would slow the NumPy call after it).")
    return rows, summary, ladder_rows


STEP = "NumPy `sgd_step` (the textbook step)"
LIMIT = "gather + 2 GEMMs (the limit)"


def ladder(X, labels, batches) -> dict[str, Callable[[int], object]]:
    """The step built up from the limit one part at a time, each stage timed as a whole
    (a part alone, on warm caches, looks cheaper than where it runs: just after the
    batch's gather has filled the cache); the real `sgd_step` ends it."""
    weights, bias = np.zeros((X.shape[1], 10), np.float32), np.zeros(10, np.float32)
    constant = np.full((1000, 10), 0.1, np.float32)

    def stage(level: int) -> Callable[[int], object]:
        def run(i: int) -> object:
            Xb = X[batches[i]]
            logits = Xb @ weights
            if level >= 1:
                logits = np.asfortranarray(logits)
                logits += bias
            if level >= 2:
                log_probs = log_softmax(logits)
            if level >= 3:
                Y = np.asfortranarray(onehot(labels[batches[i]]))
            if level >= 4:
                negative_log_likelihood(log_probs, Y)
            if level >= 5:
                delta = np.exp(log_probs)
                delta -= Y
                delta /= len(Xb)
            if level >= 6:
                delta.sum(axis=0)
            return Xb.T @ (delta if level >= 5 else constant)
        return run

    names = [LIMIT, "+ column by column, Z += b", "+ `log_softmax`", "+ one-hot rows",
             "+ the loss", "+ P − Y", "+ the bias's gradient"]
    return {name: stage(level) for level, name in enumerate(names)}


def prediction_rows(tf_models, X_test, calls, repeats):
    """Predictions per second for one image and for all 10,000 test digits."""
    import tensorflow as tf

    model = SoftmaxRegression(784, init="random", seed=0)
    keras_model = tf_models.KerasModel(model.weights, model.bias).model
    W, b = tf.constant(model.weights), tf.constant(model.bias)
    tf_predict = tf.function(lambda x: tf.argmax(tf.matmul(x, W) + b, axis=1))
    rows = []
    for n in (1, 10_000):
        batch = X_test[:n]
        batch_tf = tf.constant(batch)
        contenders = {
            "NumPy `predict`": lambda _, batch=batch: model.predict(batch),
            "NumPy `predict_proba`": lambda _, batch=batch: model.predict_proba(batch),
            "TF2 `tf.function` argmax": lambda _, b=batch_tf: tf_predict(b).numpy(),
            "Keras `predict_on_batch`":
                lambda _, batch=batch: keras_model.predict_on_batch(batch),
        }
        reps = calls if n == 1 else max(calls // 50, 5)
        for name, (t, spread) in seconds_per_call(contenders, reps, repeats).items():
            rows.append(f"| {name} | {n:,} | {t * 1e3:.3f} ms | {n / t:,.0f} | {spread:.0%} |")
    return rows


def main() -> None:
    args = benchmark_options(__doc__)
    calls, repeats = (50, 3) if args.quick else (300, 7)

    import tensorflow as tf

    from parity_tests import tf_models

    (X, y), (X_test, _) = load_mnist(progress=False)
    sections = []
    for framing in FROM_PIXELS:
        rows, summary, ladder = training_rows(tf_models, X, y, framing, calls, repeats)
        sections.append((framing, rows, summary, ladder))
        print(f"training, {framing}: {summary}")
    prediction = prediction_rows(tf_models, X_test, calls, repeats)

    lines = [
        "# A. Performance",
        "",
        "Generated by `python -m benchmarks.run` — do not edit by hand.",
        "",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Machine: {machine()}",
        f"- Python {platform.python_version()}, NumPy {np.__version__}, "
        f"TensorFlow {tf.__version__}",
        f"- Medians of {repeats} rounds of {calls} calls, after one untimed round; in each "
        "round every contender takes its turn, so drift hits all alike; *spread* is "
        "(max − min) / median over the rounds.",
        "",
        "## Training: one step of the 2016 original's recipe (batch 1,000, float32)",
        "",
        "Every contender trains on the same precomputed batches in the same process. "
        "*time vs NumPy* above 1 means slower than NumPy.",
    ]
    for framing, rows, summary, ladder in sections:
        lines += ["", f"### {framing} ({input_length(framing)} "
                  "inputs)", "", summary, "",
                  "| implementation | time per step | examples/s | time vs NumPy | "
                  "share of the limit | spread |",
                  "|---|---:|---:|---:|---:|---:|", *rows, "",
                  "Where the rest goes: the step built up from the limit, a part at a time "
                  "([appendix B](engineering.md) reads this table).", "",
                  "| stage | time per step | share of the limit | spread |",
                  "|---|---:|---:|---:|", *ladder]
    lines += ["", "## Prediction", "",
              "The 2016 original's server made \"a few thousand predictions per second\".", "",
              "| implementation | images | time per call | predictions/s | spread |",
              "|---|---:|---:|---:|---:|", *prediction, ""]
    write_text_atomically(args.out, "\n".join(lines))
    print(f"wrote {args.out}")
    # the game's own numbers, in a process of its own (it pins itself to one core), then
    # the network, building training drawings, the drawing page, the fast recipe and
    # learning from a player, and serving a class
    out = str(args.out.resolve())
    quick = ["--quick"] if args.quick else []
    subprocess.run([sys.executable, "-m", "benchmarks.game", "--out", out], check=True, cwd=ROOT)
    for name in ("network", "build", "browser", "fast", "learning", "serve"):
        subprocess.run([sys.executable, "-m", f"benchmarks.{name}", "--out", out, *quick],
                       check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
