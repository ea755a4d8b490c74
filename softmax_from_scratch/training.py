"""Mini-batch stochastic gradient descent.

The 2016 original trained with

    for i in range(10000):
        batch_xs, batch_ys = next_batch(1000)     # np.random.randint(0, n, 1000)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

`train` is that loop. `batch_indices` is `next_batch` on its own, so the
parity tests can generate the batches once and feed the very same ones to
NumPy and to TensorFlow.
"""

import signal
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from softmax_from_scratch.classifier import Classifier
from softmax_from_scratch.evaluation import accuracy
from softmax_from_scratch.functions import as_onehot

SAMPLINGS = ("random", "epochs")
SCHEDULES = ("constant", "linear")


def batch_indices(
    n_examples: int, steps: int, batch_size: int, sampling: str = "random", seed: int | None = None
) -> Iterator[np.ndarray]:
    """Yield `steps` arrays of `batch_size` example indices in 0..n_examples-1.

    sampling="random": the 2016 original's `next_batch`, indices drawn independently
        with replacement, exactly the numbers `np.random.seed(seed);
        np.random.randint(0, n, batch_size)` gives (the legacy generator, kept
        for that reason). A batch may repeat an example, and within the first
        epoch's worth of steps some examples are not drawn yet; over the recipe's
        10,000 x 1,000 draws from 60,000 a given example is missed with
        probability (1 - 1/60,000)^(10^7), about 4e-73: every one is seen.
    sampling="epochs": shuffle once per epoch and walk through the
        permutation, so every example is seen once per epoch; an epoch's last
        partial batch is dropped to keep every batch the same size.
    """
    if sampling not in SAMPLINGS:
        raise ValueError(f"sampling must be one of {SAMPLINGS}, got {sampling!r}")
    if not 1 <= batch_size <= n_examples:
        raise ValueError(f"batch_size must be in 1..{n_examples}, got {batch_size}")
    rng = np.random.RandomState(seed)
    if sampling == "random":
        for _ in range(steps):
            yield rng.randint(0, n_examples, batch_size)
        return
    per_epoch = n_examples // batch_size
    for step in range(steps):
        if step % per_epoch == 0:
            order = rng.permutation(n_examples)
        start = (step % per_epoch) * batch_size
        yield order[start : start + batch_size]


def rate_at(step: int, steps: int, learning_rate: float, schedule: str = "constant") -> float:
    """The learning rate of step `step` (0-based) of `steps`.

    schedule="constant": the 2016 original's, the same rate at every step.
    schedule="linear": from learning_rate down to 0 in equal decrements,
        rate = learning_rate * (1 - step / steps). With a constant rate SGD never
        settles: the weights keep jumping around the minimum by an amount set by the
        rate and the batch's noise, and training stops on wherever the last step
        landed. Shrinking the steps towards the end lands near the middle instead.
    """
    if schedule == "constant":
        return learning_rate
    if schedule == "linear":
        return learning_rate * (1 - step / steps)
    raise ValueError(f"schedule must be one of {SCHEDULES}, got {schedule!r}")


@dataclass
class History:
    """What happened during training.

    loss[t]: the batch loss at step t (before that step's update).
    checkpoints: the steps at which accuracy was measured,
    train_accuracy / test_accuracy: the accuracies there (test only when
    test data was given).
    """

    loss: list[float] = field(default_factory=list)
    checkpoints: list[int] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C after len(loss) steps


class CtrlC:
    """Whether Ctrl-C was pressed: set by the signal handler, read between steps."""

    def __init__(self) -> None:
        self.pressed = False

    def press(self, signum: int, frame: object) -> None:
        self.pressed = True


@contextmanager
def ctrl_c_between_steps() -> Iterator[CtrlC]:
    """While training, Ctrl-C asks for a stop after the step under way.

    Python's own Ctrl-C is a KeyboardInterrupt raised wherever the main thread happens
    to be, and the signal module's documentation warns that code cannot be made robust
    against that: raised inside a finalizer it is printed and lost, raised inside a
    library it may leave that library's state half-changed. A handler that only sets a
    flag, read by the loop between steps, cannot be lost, and it never stops a step
    halfway through its update.

    Only in the main thread (the only one Python delivers signals to) and only while
    Ctrl-C means KeyboardInterrupt; anywhere else `pressed` simply stays False.
    """
    ctrl_c = CtrlC()
    ours = (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler)
    if not ours:
        yield ctrl_c
        return
    signal.signal(signal.SIGINT, ctrl_c.press)
    try:
        yield ctrl_c
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class Momentum:
    """SGD with momentum ("heavy ball"): each step moves by a velocity that remembers the
    steps before it,

        v <- mu v - eta dL/dtheta,    theta <- theta + v,

    so steps that agree add up (about 1/(1 - mu) times the plain step, 10x at mu = 0.9)
    and steps that alternate cancel: faster along a long valley, calmer across it. The
    rule Keras's SGD(momentum=mu) follows, so the parity tests can hold the two equal."""

    def __init__(self, model: Classifier, momentum: float) -> None:
        self.model, self.momentum = model, momentum
        self.velocities = [np.zeros_like(p) for p in model.parameters]

    def step(self, X: np.ndarray, y: np.ndarray, learning_rate: float,
             weight_decay: float = 0.0) -> float:
        """One step on the batch (X, y); returns its loss before the step."""
        loss, *gradients = self.model.loss_and_gradients(X, y, weight_decay)
        for parameter, velocity, gradient in zip(self.model.parameters, self.velocities,
                                                 gradients, strict=True):
            velocity *= self.momentum
            velocity -= learning_rate * gradient
            parameter += velocity
        return loss


def train(
    model: Classifier,
    X: np.ndarray,
    y: np.ndarray,
    steps: int = 10_000,
    batch_size: int = 1000,
    learning_rate: float = 0.5,
    sampling: str = "random",
    seed: int | None = None,
    progress: bool = True,
    test: tuple[np.ndarray, np.ndarray] | None = None,
    eval_every: int = 1000,
    eval_at: Collection[int] = (),
    weight_decay: float = 0.0,
    schedule: str = "constant",
    momentum: float = 0.0,
) -> History:
    """Train `model` in place with mini-batch SGD; the defaults are the 2016 original's recipe.

    X: (n, d) float, or any row source that `len` and `X[indices]` read, a batch at a
    time, as (len(indices), d) float rows (the game's drawn training set, rowcache.GreyRows,
    keeps its rows as grey levels so); y: (n,) integer labels.
    test: optional (X_test, y_test), scored at each checkpoint.
    weight_decay: lambda of the L2 penalty (lambda/2) |W|^2 added to the loss (0: none).
    schedule: how the rate changes from step to step (`rate_at`): "constant" (2016) or
    "linear" (down to 0 at the end).
    momentum: mu of SGD with momentum (`Momentum`); 0, the 2016 original's plain SGD.
    Accuracy is measured every `eval_every` steps, after each step in `eval_at` (say
    1, 2, 5, 10, ... to see the first steps on a log scale) and after the last one;
    training accuracy on (at most) the first 10,000 training examples.
    Ctrl-C stops training after the step under way (`ctrl_c_between_steps`): the model
    keeps what it learnt in the len(loss) steps recorded, and the history says
    `interrupted`.
    """
    if isinstance(X, np.ndarray | list):  # an array is checked whole, and cast once; a
        X = np.asarray(X)  # row source checks its own rows (a model's logits catch a NaN)
        if not np.isfinite(X).all():
            raise ValueError("X contains NaN or infinite values")
        X = X.astype(model.dtype, copy=False)  # pragma: no mutate (copy: memory only)
    y = np.asarray(y)
    as_onehot(y, len(X), model.n_classes)  # bad labels fail now, not at step 5,000
    rate_at(0, steps, learning_rate, schedule)  # a bad schedule fails now
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    sgd_step = Momentum(model, momentum).step if momentum else model.sgd_step
    history = History()
    batches = batch_indices(len(X), steps, batch_size, sampling, seed)
    with ctrl_c_between_steps() as ctrl_c:
        for step, idx in enumerate(tqdm(batches, total=steps, disable=not progress,
                                        unit="step")):
            rate = rate_at(step, steps, learning_rate, schedule)
            history.loss.append(sgd_step(X[idx], y[idx], rate, weight_decay))
            if (step + 1) % eval_every == 0 or step + 1 in eval_at or step + 1 == steps:
                history.checkpoints.append(step + 1)
                history.train_accuracy.append(accuracy(model, X[:10_000], y[:10_000]))
                if test is not None:
                    history.test_accuracy.append(accuracy(model, *test))
            if ctrl_c.pressed:
                history.interrupted = True
                break
    return history
