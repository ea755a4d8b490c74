"""NumPy's one-hidden-layer network == TensorFlow's, on real MNIST.

The same initial weights (the NumPy network's seeded ones, handed to TensorFlow), the
same batches, and the same SGD with momentum: GradientTape with the update written
out, and Keras's Dense(relu) + Dense(softmax) with keras.optimizers.SGD. "Relative
difference" is max |numpy - tensorflow| / max |tensorflow| over a whole array.
"""

import numpy as np
import pytest

from parity_tests.helpers import max_relative_difference
from softmax_from_scratch import Network, batch_indices, onehot, train

# Keras keeps the learning rate and the momentum in float32 variables whatever the model's
# dtype: 0.1 would be 0.100000001 there, and float64 weights 3e-10 apart after one step.
# 1/8 and 7/8 are exact in every float.
HIDDEN, BATCH, RATE, MOMENTUM = 64, 200, 0.125, 0.875
CHECKPOINTS = (1, 10, 100)
FORWARD_TOLERANCE = {"float32": 1e-6, "float64": 1e-12}
GRADIENT_TOLERANCE = {"float32": 1e-5, "float64": 1e-12}
# The largest difference measured over 100 steps, every parameter, both trainers (on an
# AMD EPYC, 2026-12-07): float32 4.7e-7, float64 8.8e-16. The bounds leave 10x and 1,000x.
TRAINING_TOLERANCE = {"float32": 5e-6, "float64": 1e-12}
DTYPES = list(FORWARD_TOLERANCE)


def network(n_features: int, dtype: str) -> Network:
    """The network both sides start from: seeded He-initialised weights, and biases made
    non-zero so that their gradients are tested too."""
    model = Network(n_features, HIDDEN, dtype=dtype, seed=7)
    model.b1[:] = np.linspace(-0.1, 0.1, HIDDEN)
    model.b2[:] = np.linspace(-0.5, 0.5, 10)
    return model


@pytest.fixture(params=DTYPES)
def batch(request, mnist_rows):
    dtype = request.param
    X, y = mnist_rows["mnist"][2][:1000].astype(dtype), mnist_rows["mnist"][3][:1000]
    return X, y, network(X.shape[1], dtype), dtype


def test_network_probabilities_equal_tensorflow(tf_models, batch):
    X, _, model, dtype = batch
    theirs = tf_models.tf.nn.softmax(tf_models.NetworkTape(model.parameters, RATE, MOMENTUM)
                                     .logits(X)).numpy()
    assert max_relative_difference(model.predict_proba(X), theirs) <= FORWARD_TOLERANCE[dtype]


def test_network_loss_equals_tensorflow_cross_entropy_with_logits(tf_models, batch):
    X, y, model, dtype = batch
    theirs = float(tf_models.NetworkTape(model.parameters, RATE, MOMENTUM)
                   .loss(X, onehot(y, dtype=dtype)))
    assert abs(model.loss(X, y) - theirs) / theirs <= FORWARD_TOLERANCE[dtype]


def test_hand_written_backpropagation_equals_gradient_tape(tf_models, batch):
    X, y, model, dtype = batch
    theirs = tf_models.NetworkTape(model.parameters, RATE, MOMENTUM).gradients(
        X, onehot(y, dtype=dtype))
    for name, ours, tf_grad in zip(Network.PARAMETERS, model.gradients(X, y), theirs,
                                   strict=True):
        assert max_relative_difference(ours, tf_grad) <= GRADIENT_TOLERANCE[dtype], name


@pytest.fixture(scope="module", params=DTYPES)
def trained_side_by_side(request, mnist_rows, tf_models) -> tuple[str, dict]:
    """NumPy's `train` (with momentum) and each TensorFlow trainer on the same batches
    from the same start: (dtype, {trainer: {checkpoint: [the relative difference of each
    parameter]}}). NumPy's side is `train` itself, run to each checkpoint."""
    dtype = request.param
    X, y = mnist_rows["mnist"][0][:20_000].astype(dtype), mnist_rows["mnist"][1][:20_000]
    start = network(X.shape[1], dtype)
    theirs = {name: trainer(start.parameters, RATE, MOMENTUM)
              for name, trainer in tf_models.NETWORK_TRAINERS.items()}
    Y = onehot(y, dtype=dtype)
    differences = {name: {} for name in theirs}
    for step, idx in enumerate(batch_indices(len(X), CHECKPOINTS[-1], BATCH, seed=0), start=1):
        for trainer in theirs.values():
            trainer.step(X[idx], Y[idx])
        if step in CHECKPOINTS:
            ours = network(X.shape[1], dtype)
            train(ours, X, y, steps=step, batch_size=BATCH, learning_rate=RATE,
                  momentum=MOMENTUM, seed=0, progress=False)
            for name, trainer in theirs.items():
                differences[name][step] = [
                    max_relative_difference(a, b)
                    for a, b in zip(ours.parameters, trainer.parameters(), strict=True)]
    return dtype, differences


@pytest.mark.parametrize("network_trainer", ["tf2-gradient-tape", "tf2-keras"])
@pytest.mark.parametrize("steps", CHECKPOINTS)
def test_after_n_momentum_steps_every_network_parameter_equals_tensorflow(
        trained_side_by_side, network_trainer, steps):
    dtype, differences = trained_side_by_side
    measured = differences[network_trainer][steps]
    tolerance = TRAINING_TOLERANCE[dtype]
    statement = (f"after {steps} steps of SGD with momentum ({dtype}), NumPy and {network_trainer} "
                 + ", ".join(f"{name} differ by {d:.1e}"
                             for name, d in zip(Network.PARAMETERS, measured, strict=True))
                 + f"; the bound is {tolerance:.0e}")
    print(statement)
    assert max(measured) <= tolerance, statement
