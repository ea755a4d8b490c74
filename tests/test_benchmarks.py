"""The benchmarks' own yardsticks compute what they claim to."""

import numpy as np

from benchmarks.run import leanest_step
from softmax_from_scratch import SoftmaxRegression


def test_the_leanest_step_trains_as_sgd_step_does():
    rng = np.random.default_rng(0)
    X = rng.random((300, 12))
    labels = rng.integers(0, 4, 300)
    model = SoftmaxRegression(12, 4, dtype=np.float64, init="random", seed=1)
    weights, bias = model.weights.copy(), model.bias.copy()
    step = leanest_step(X, labels, weights, bias, learning_rate=0.5)
    for batch in np.split(rng.permutation(300), 3):
        loss = model.sgd_step(X[batch], labels[batch], 0.5)
        assert np.isclose(step(batch), loss, rtol=1e-12)
    np.testing.assert_allclose(weights, model.weights, rtol=1e-12)
    np.testing.assert_allclose(bias, model.bias, rtol=1e-12)
