"""Running NumPy and TensorFlow side by side, and measuring how far apart they are."""

import functools

import numpy as np

from softmax_from_scratch import SoftmaxRegression, batch_indices, onehot

CHECKPOINTS = (1, 10, 100, 1000)


def max_relative_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    """max |ours - theirs| / max |theirs|: one number for how far two arrays are apart,
    scaled by the size of the values (a 1e-6 difference means ~20 bits agree)."""
    return float(np.abs(ours - theirs).max() / max(np.abs(theirs).max(), np.finfo(float).tiny))


def random_model(n_features: int, dtype) -> SoftmaxRegression:
    model = SoftmaxRegression(n_features, dtype=dtype, init="random", seed=1, init_scale=0.05)
    model.bias[:] = np.linspace(-0.5, 0.5, 10)
    return model


@functools.cache
def side_by_side(trainer: str, framing: str, dtype_name: str, init: str, mnist_rows, tf_models):
    """Train NumPy and one TensorFlow trainer on the same 1,000 2016-recipe batches
    (generated once, fed to both) from the same start; return the relative
    differences of weights and biases at each checkpoint."""
    dtype = np.dtype(dtype_name)
    X, y = mnist_rows[framing][0].astype(dtype), mnist_rows[framing][1]
    ours = (random_model(X.shape[1], dtype) if init == "random"
            else SoftmaxRegression(X.shape[1], dtype=dtype))
    theirs = tf_models.TRAINERS[trainer](ours.weights.copy(), ours.bias.copy(), 0.5)
    Y = onehot(y, dtype=dtype)
    differences = {}
    for step, idx in enumerate(batch_indices(len(X), CHECKPOINTS[-1], 1000, seed=0), start=1):
        ours.sgd_step(X[idx], y[idx], 0.5)
        theirs.step(X[idx], Y[idx])
        if step in CHECKPOINTS:
            tf_weights, tf_bias = theirs.parameters()
            differences[step] = (max_relative_difference(ours.weights, tf_weights),
                                 max_relative_difference(ours.bias, tf_bias))
    if ours.weights.dtype != dtype or ours.bias.dtype != dtype:  # float32 must stay float32
        raise TypeError(f"training turned {dtype} parameters into {ours.weights.dtype}")
    return differences


def full_recipe_predictions(X, y, X_test, tf_models) -> tuple[np.ndarray, np.ndarray]:
    """The whole 2016 recipe (float32, zeros, 10,000 batches of 1,000, learning rate 0.5)
    in NumPy and in the 2016 original's TF1 graph, on the same batches; both models' predictions
    for X_test."""
    ours = SoftmaxRegression(X.shape[1])
    theirs = tf_models.OriginalGraph(ours.weights.copy(), ours.bias.copy(), 0.5)
    Y = onehot(y)
    for idx in batch_indices(len(X), 10_000, 1000, seed=0):
        ours.sgd_step(X[idx], y[idx], 0.5)
        theirs.step(X[idx], Y[idx])
    return ours.predict(X_test), theirs.probs(X_test).argmax(axis=1)
