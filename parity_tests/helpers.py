"""Running NumPy and TensorFlow side by side, and measuring how far apart they are."""

import functools

import numpy as np

from softmax_from_scratch import Network, SoftmaxRegression, batch_indices, onehot, train

CHECKPOINTS = (1, 10, 100, 1000)
STEP_FOR_STEP = ("tf1-original-graph", "tf2-gradient-tape", "tf2-keras")  # tf_models.TRAINERS


def max_relative_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    """max |ours - theirs| / max |theirs|: one number for how far two arrays are apart,
    scaled by the size of the values (a 1e-6 difference means ~20 bits agree)."""
    return float(np.abs(ours - theirs).max() / max(np.abs(theirs).max(), np.finfo(float).tiny))


def random_model(n_inputs: int, dtype) -> SoftmaxRegression:
    model = SoftmaxRegression(n_inputs, dtype=dtype, init="random", seed=1, init_scale=0.05)
    model.bias[:] = np.linspace(-0.5, 0.5, 10)
    return model


@functools.cache
def side_by_side(framing: str, dtype_name: str, init: str, mnist_rows, tf_models
                 ) -> dict[str, dict[int, tuple[float, float]]]:
    """Train NumPy and each step-for-step TensorFlow trainer on the same 1,000 2016-recipe
    batches (generated once, each gathered once and fed to all four) from the same start;
    return, per trainer, the relative differences of weights and biases at each checkpoint."""
    dtype = np.dtype(dtype_name)
    X, y = mnist_rows[framing][0].astype(dtype), mnist_rows[framing][1]
    ours = (random_model(X.shape[1], dtype) if init == "random"
            else SoftmaxRegression(X.shape[1], dtype=dtype))
    theirs = {name: tf_models.TRAINERS[name](ours.weights.copy(), ours.bias.copy(), 0.5)
              for name in STEP_FOR_STEP}
    Y = onehot(y, dtype=dtype)
    differences = {name: {} for name in STEP_FOR_STEP}
    for step, idx in enumerate(batch_indices(len(X), CHECKPOINTS[-1], 1000, seed=0), start=1):
        batch, targets = X[idx], Y[idx]
        ours.sgd_step(batch, y[idx], 0.5)
        for trainer in theirs.values():
            trainer.step(batch, targets)
        if step in CHECKPOINTS:
            for name, trainer in theirs.items():
                tf_weights, tf_bias = trainer.parameters()
                differences[name][step] = (max_relative_difference(ours.weights, tf_weights),
                                           max_relative_difference(ours.bias, tf_bias))
    if ours.weights.dtype != dtype or ours.bias.dtype != dtype:  # float32 must stay float32
        raise TypeError(f"training turned {dtype} parameters into {ours.weights.dtype}")
    return differences


def full_recipe_predictions(ours: SoftmaxRegression, X, y, X_test, tf_models
                            ) -> tuple[np.ndarray, np.ndarray]:
    """The whole 2016 recipe (float32, zeros, 10,000 batches of 1,000, learning rate 0.5)
    in the 2016 original's TF1 graph, on the batches `train(model, X, y, seed=0)` draws;
    `ours`' predictions (trained so) and TensorFlow's for X_test."""
    theirs = tf_models.OriginalGraph(np.zeros_like(ours.weights), np.zeros_like(ours.bias), 0.5)
    Y = onehot(y)
    for idx in batch_indices(len(X), 10_000, 1000, seed=0):
        theirs.step(X[idx], Y[idx])
    return ours.predict(X_test), theirs.probs(X_test).argmax(axis=1)


# ----- the network ------------------------------------------------------------------------

# Keras keeps the learning rate and the momentum in float32 variables whatever the model's
# dtype: 0.1 would be 0.100000001 there, and float64 weights 3e-10 apart after one step.
# 1/8 and 7/8 are exact in every float.
HIDDEN, BATCH, RATE, MOMENTUM = 64, 200, 0.125, 0.875
NETWORK_CHECKPOINTS = (1, 10, 100)


def network(n_inputs: int, dtype: str) -> Network:
    """The network both sides start from: seeded He-initialised weights, and biases made
    non-zero so that their gradients are tested too."""
    model = Network(n_inputs, HIDDEN, dtype=dtype, seed=7)
    model.b1[:] = np.linspace(-0.1, 0.1, HIDDEN)
    model.b2[:] = np.linspace(-0.5, 0.5, 10)
    return model


def network_side_by_side(dtype: str, X: np.ndarray, y: np.ndarray, tf_models
                         ) -> dict[str, dict[int, list[float]]]:
    """NumPy's `train` (with momentum) and each TensorFlow network trainer on the same
    batches from the same start: {trainer: {checkpoint: [the relative difference of each
    parameter]}}. NumPy's side is `train` itself, run to each checkpoint."""
    X = X.astype(dtype)
    start = network(X.shape[1], dtype)
    theirs = {name: trainer(start.parameters, RATE, MOMENTUM)
              for name, trainer in tf_models.NETWORK_TRAINERS.items()}
    Y = onehot(y, dtype=dtype)
    differences: dict[str, dict[int, list[float]]] = {name: {} for name in theirs}
    batches = batch_indices(len(X), NETWORK_CHECKPOINTS[-1], BATCH, seed=0)
    for step, idx in enumerate(batches, start=1):
        for trainer in theirs.values():
            trainer.step(X[idx], Y[idx])
        if step in NETWORK_CHECKPOINTS:
            ours = network(X.shape[1], dtype)
            train(ours, X, y, steps=step, batch_size=BATCH, learning_rate=RATE,
                  momentum=MOMENTUM, seed=0, progress=False)
            for name, trainer in theirs.items():
                differences[name][step] = [
                    max_relative_difference(a, b)
                    for a, b in zip(ours.parameters, trainer.parameters(), strict=True)]
    return differences
