"""NumPy's one-hidden-layer network == TensorFlow's, on real MNIST.

The same initial weights (the NumPy network's seeded ones, handed to TensorFlow), the
same batches, and the same SGD with momentum: GradientTape with the update written
out, and Keras's Dense(relu) + Dense(softmax) with keras.optimizers.SGD. "Relative
difference" is max |numpy - tensorflow| / max |tensorflow| over a whole array.
"""

import pytest

from parity_tests.helpers import (
    MOMENTUM,
    NETWORK_CHECKPOINTS,
    RATE,
    max_relative_difference,
    network,
    network_side_by_side,
)
from softmax_from_scratch import Network, onehot

CHECKPOINTS = NETWORK_CHECKPOINTS
FORWARD_TOLERANCE = {"float32": 1e-6, "float64": 1e-12}
GRADIENT_TOLERANCE = {"float32": 1e-5, "float64": 1e-12}
# The largest difference measured over 100 steps, every parameter, both trainers (on an
# AMD EPYC, 2026-12-07): float32 4.7e-7, float64 8.8e-16. The bounds leave 10x and 1,000x.
TRAINING_TOLERANCE = {"float32": 5e-6, "float64": 1e-12}
DTYPES = list(FORWARD_TOLERANCE)


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
    """(dtype, `network_side_by_side`'s differences) on MNIST's first 20,000 digits."""
    X, y = mnist_rows["mnist"][0][:20_000], mnist_rows["mnist"][1][:20_000]
    return request.param, network_side_by_side(request.param, X, y, tf_models)


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
