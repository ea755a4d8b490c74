"""NumPy softmax regression == TensorFlow, on real MNIST.

Every test states one agreement. "Relative difference" is
max |numpy - tensorflow| / max |tensorflow| over the whole array.
"""

import subprocess
import sys

import numpy as np
import pytest

from parity_tests.helpers import (
    CHECKPOINTS,
    STEP_FOR_STEP,
    full_recipe_predictions,
    max_relative_difference,
    random_model,
    side_by_side,
)
from softmax_from_scratch import SoftmaxRegression, batch_indices, log_softmax, onehot
from softmax_from_scratch.datasets import FROM_PIXELS

DTYPES = [np.float32, np.float64]
FORWARD_TOLERANCE = {np.float32: 1e-6, np.float64: 1e-12}
# Largest difference measured over 1,000 steps, every trainer, both inits and framings
# (docs/parity.md): float32 7.8e-6 (after step 1 from zeros), float64 1.4e-14.
TRAINING_TOLERANCE = {np.float32: 2e-5, np.float64: 1e-12}


# ----- the forward pass and the gradient ------------------------------------------------


@pytest.fixture(params=[(f, d) for f in FROM_PIXELS for d in DTYPES],
                ids=[f"{f}-{np.dtype(d).name}" for f in FROM_PIXELS for d in DTYPES])
def batch(request, mnist_rows):
    """1,000 test digits in one framing and dtype, their labels, a random model
    for them (so probabilities are not uniform), and the dtype's forward tolerance."""
    framing, dtype = request.param
    X, y = mnist_rows[framing][2][:1000].astype(dtype), mnist_rows[framing][3][:1000]
    return X, y, random_model(X.shape[1], dtype), FORWARD_TOLERANCE[dtype]


def test_probabilities_equal_tensorflow_softmax(tf_models, batch):
    X, _, model, tolerance = batch
    tf = tf_models.tf
    theirs = tf.nn.softmax(tf.matmul(X, model.weights) + model.bias).numpy()
    assert max_relative_difference(model.predict_proba(X), theirs) <= tolerance


def test_log_probabilities_equal_tensorflow_log_softmax(tf_models, batch):
    X, _, model, tolerance = batch
    logits = model.logits(X)
    theirs = tf_models.tf.nn.log_softmax(logits).numpy()
    assert max_relative_difference(log_softmax(logits), theirs) <= tolerance


def test_loss_equals_tensorflow_cross_entropy_with_logits(tf_models, batch):
    X, y, model, tolerance = batch
    tape = tf_models.TapeModel(model.weights, model.bias)
    theirs = float(tape.loss(X, onehot(y, dtype=X.dtype)))
    assert abs(model.loss(X, y) - theirs) / theirs <= tolerance


def test_hand_derived_gradient_equals_gradient_tape(tf_models, batch):
    """The gradient sums 1,000 examples, so it may round ten times the forward bound."""
    X, y, model, tolerance = batch
    theirs = tf_models.TapeModel(model.weights, model.bias).gradients(X, onehot(y, dtype=X.dtype))
    for ours, tf_grad in zip(model.gradients(X, y), theirs, strict=True):
        assert max_relative_difference(ours, tf_grad) <= 10 * tolerance


# ----- training, step for step ------------------------------------------------------------


class HashableRows(dict):
    __hash__ = object.__hash__


@pytest.fixture(scope="session")
def hashable(mnist_rows, tf_models):
    return HashableRows(mnist_rows), tf_models


@pytest.mark.parametrize("trainer", STEP_FOR_STEP)
@pytest.mark.parametrize("framing", FROM_PIXELS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("init", ["zeros", "random"])
@pytest.mark.parametrize("steps", CHECKPOINTS)
def test_after_n_original_recipe_steps_weights_and_bias_equal_tensorflow(
        hashable, trainer, framing, dtype, init, steps):
    """After `steps` 2016-recipe steps from the same start on the same batches, NumPy's
    and TensorFlow's weights and bias differ by at most the dtype's bound."""
    mnist_rows, tf_models = hashable
    weights_diff, bias_diff = side_by_side(framing, dtype, init, mnist_rows,
                                           tf_models)[trainer][steps]
    tolerance = TRAINING_TOLERANCE[np.dtype(dtype).type]
    statement = (f"after {steps} 2016-recipe steps ({framing}, {dtype}, {init} start), "
                 f"NumPy and {trainer} weights differ by {weights_diff:.1e} and biases by "
                 f"{bias_diff:.1e}; the bound is {tolerance:.0e}")
    print(statement)
    assert weights_diff <= tolerance and bias_diff <= tolerance, statement


# ----- the whole recipe, continuing, and the 2016 original's NaN -------------------------


def test_after_the_full_original_recipe_predictions_and_accuracy_equal_tf1(
        tf_models, mnist_rows, original_recipe):
    """10,000 steps of 1,000 random examples at learning rate 0.5 from zeros, float32:
    `train`'s defaults in NumPy, the 2016 original's graph in TensorFlow."""
    X, y, X_test, y_test = mnist_rows["mnist"]
    ours, _ = original_recipe
    ours_predicted, theirs_predicted = full_recipe_predictions(ours, X, y, X_test, tf_models)
    print(f"predictions agree on {(ours_predicted == theirs_predicted).mean():.4%}")
    assert (ours_predicted == theirs_predicted).mean() >= 0.999
    ours_accuracy = (ours_predicted == y_test).mean()
    theirs_accuracy = (theirs_predicted == y_test).mean()
    print(f"accuracy: numpy {ours_accuracy:.2%}, tensorflow {theirs_accuracy:.2%}")
    assert abs(ours_accuracy - theirs_accuracy) <= 0.001


def test_continuing_from_a_saved_model_stays_equal_to_tensorflow(tf_models, mnist_rows, tmp_path):
    """Train 100 steps, save, load (what `digits train --init-from` does), train 100 more
    in both from the loaded weights."""
    X, y = mnist_rows["mnist"][0].astype(np.float64), mnist_rows["mnist"][1]
    first = SoftmaxRegression(784, dtype=np.float64)
    for idx in batch_indices(len(X), 100, 1000, seed=0):
        first.sgd_step(X[idx], y[idx], 0.5)
    first.save(tmp_path / "first.npz")
    ours = SoftmaxRegression.load(tmp_path / "first.npz")
    theirs = tf_models.OriginalGraph(ours.weights.copy(), ours.bias.copy(), 0.5)
    Y = onehot(y, dtype=np.float64)
    for idx in batch_indices(len(X), 100, 1000, seed=1):
        ours.sgd_step(X[idx], y[idx], 0.5)
        theirs.step(X[idx], Y[idx])
    tf_weights, tf_bias = theirs.parameters()
    assert max_relative_difference(ours.weights, tf_weights) <= TRAINING_TOLERANCE[np.float64]
    assert max_relative_difference(ours.bias, tf_bias) <= TRAINING_TOLERANCE[np.float64]


@pytest.fixture(scope="session")
def overconfident(mnist_rows):
    """A float32 model after 300 2016-recipe steps, shown 100 digits drawn with 30x the
    ink: the winning logit leads by so much that other probabilities underflow to 0."""
    X, y = mnist_rows["mnist"][0], mnist_rows["mnist"][1]
    model = SoftmaxRegression(784)
    for idx in batch_indices(len(X), 300, 1000, seed=0):
        model.sgd_step(X[idx], y[idx], 0.5)
    return model, 30 * X[:100], y[:100]


def test_the_originals_log_of_softmax_gives_nan_where_ours_stays_finite(tf_models, overconfident):
    """Where a probability is exactly 0 the 2016 original's y_ * log(y) is 0 * -inf = NaN.
    Log-softmax never forms that 0: our loss is finite and equals TensorFlow's
    softmax_cross_entropy_with_logits."""
    model, bright, labels = overconfident
    logits, Y = model.logits(bright), onehot(labels)
    assert (model.predict_proba(bright) == 0).any()
    assert np.isnan(tf_models.original_cross_entropy(logits, Y))
    ours = model.loss(bright, labels)
    theirs = float(tf_models.TapeModel(model.weights, model.bias).loss(bright, Y))
    assert np.isfinite(ours)
    assert abs(ours - theirs) / theirs <= FORWARD_TOLERANCE[np.float32]


def test_the_originals_session_graph_is_nan_only_without_grapplers_log_softmax_rewrite(
        tf_models, overconfident):
    """Today's TensorFlow rewrites log(softmax(x)) into log_softmax(x) when it optimises
    a Session graph, hiding the 2016 original's NaN; with that rewrite off, as in 2016,
    it is back."""
    model, bright, labels = overconfident
    Y = onehot(labels)
    rewritten = tf_models.OriginalGraph(model.weights, model.bias)
    as_in_2016 = tf_models.OriginalGraph(model.weights, model.bias, rewrite_log_softmax=False)
    assert np.isclose(rewritten.original_loss(bright, Y), model.loss(bright, labels), rtol=1e-5)
    assert np.isnan(as_in_2016.original_loss(bright, Y))


def test_importing_the_library_and_the_game_does_not_import_tensorflow():
    code = ("import sys, softmax_from_scratch, softmax_from_scratch.cli, game;"
            "assert 'tensorflow' not in sys.modules, 'tensorflow was imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
