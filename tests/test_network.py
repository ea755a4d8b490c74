"""Specification of the one-hidden-layer network: forward pass, backpropagation,
initialisation, momentum, evidence, files."""

import numpy as np
import pytest

from softmax_from_scratch import (
    ModelFileError,
    Network,
    SoftmaxRegression,
    load_model,
    network_loss_and_gradients,
    network_loss_and_gradients_loop,
    numerical_gradient,
    onehot,
    train,
)
from softmax_from_scratch.training import Momentum


def small_network(dtype=np.float64, n=12, d=6, h=5, k=4, seed=0):
    """A network with non-zero biases (so their gradients count), a batch and its labels."""
    rng = np.random.default_rng(seed)
    net = Network(d, h, k, dtype=dtype, seed=seed)
    net.b1[:] = rng.normal(0, 0.3, h)
    net.b2[:] = rng.normal(0, 0.3, k)
    return net, rng.standard_normal((n, d)).astype(dtype), rng.integers(0, k, n)


def test_the_vectorized_gradient_equals_the_loop_term_by_term():
    net, X, y = small_network()
    Y = onehot(y, 4, np.float64)
    fast = network_loss_and_gradients(*net.parameters, X, Y, weight_decay=0.2)
    slow = network_loss_and_gradients_loop(*net.parameters, X, Y, weight_decay=0.2)
    assert fast[0] == pytest.approx(slow[0], rel=1e-12)
    for a, b in zip(fast[1:], slow[1:], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("weight_decay", [0.0, 0.3])
def test_backpropagation_matches_finite_differences_for_every_parameter(weight_decay):
    net, X, y = small_network()
    Y = onehot(y, 4, np.float64)
    gradients = network_loss_and_gradients(*net.parameters, X, Y, weight_decay)[1:]
    for name, parameter, gradient in zip(Network.PARAMETERS, net.parameters, gradients,
                                         strict=True):
        numeric = numerical_gradient(
            lambda: network_loss_and_gradients(*net.parameters, X, Y, weight_decay)[0],
            parameter)
        assert np.abs(numeric - gradient).max() / np.abs(numeric).max() < 1e-6, name


def test_a_hidden_unit_that_is_off_for_every_example_passes_no_gradient():
    net, X, y = small_network()
    net.b1[2] = -1e3  # unit 2's sum is negative whatever the input: relu gives 0
    _, dW1, db1, dW2, _ = network_loss_and_gradients(*net.parameters, X, onehot(y, 4))
    assert not dW1[:, 2].any() and db1[2] == 0 and not dW2[2].any()
    assert dW1[:, 1].any()


def test_weight_decay_adds_half_lambda_times_both_squared_weight_norms():
    net, X, y = small_network()
    Y = onehot(y, 4, np.float64)
    plain = network_loss_and_gradients(*net.parameters, X, Y)
    decayed = network_loss_and_gradients(*net.parameters, X, Y, weight_decay=0.4)
    assert decayed[0] == pytest.approx(plain[0] + 0.2 * ((net.W1**2).sum() + (net.W2**2).sum()))
    np.testing.assert_allclose(decayed[1], plain[1] + 0.4 * net.W1)
    np.testing.assert_allclose(decayed[3], plain[3] + 0.4 * net.W2)
    np.testing.assert_array_equal(decayed[2], plain[2])  # the biases are not decayed
    np.testing.assert_array_equal(decayed[4], plain[4])


def test_the_start_is_seeded_he_initialised_and_never_zero():
    a, b, other = Network(784, 128, seed=1), Network(784, 128, seed=1), Network(784, 128, seed=2)
    np.testing.assert_array_equal(a.W1, b.W1)
    assert not np.array_equal(a.W1, other.W1)
    assert a.W1.std() == pytest.approx(np.sqrt(2 / 784), rel=0.02)
    assert a.W2.std() == pytest.approx(np.sqrt(1 / 128), rel=0.1)
    assert not a.b1.any() and not a.b2.any() and a.W1.dtype == np.float32


def test_an_sgd_step_moves_every_parameter_against_its_gradient():
    net, X, y = small_network()
    before = [p.copy() for p in net.parameters]
    gradients = net.gradients(X, y)
    net.sgd_step(X, y, 0.1)
    for start, after, gradient in zip(before, net.parameters, gradients, strict=True):
        np.testing.assert_allclose(after, start - 0.1 * gradient)


def test_momentum_steps_by_a_velocity_that_remembers_the_last_step():
    net, X, y = small_network()
    start = [p.copy() for p in net.parameters]
    first = net.gradients(X, y)
    optimizer = Momentum(net, 0.5)
    optimizer.step(X, y, 0.1)
    second = net.gradients(X, y)
    optimizer.step(X, y, 0.1)
    for p0, p2, g1, g2 in zip(start, net.parameters, first, second, strict=True):
        v1 = -0.1 * g1
        v2 = 0.5 * v1 - 0.1 * g2
        np.testing.assert_allclose(p2, p0 + v1 + v2, rtol=1e-12)


def test_a_momentum_outside_zero_to_one_is_refused():
    net, X, y = small_network()
    with pytest.raises(ValueError, match="momentum must be in"):
        train(net, X, y, steps=1, batch_size=4, momentum=1.0, progress=False)


def test_the_network_learns_mnist_far_better_than_chance_in_a_few_hundred_steps(mnist):
    (X, y), (X_test, y_test) = mnist
    net = Network(784, 64, seed=0)
    train(net, X[:10_000], y[:10_000], steps=300, batch_size=100, learning_rate=0.1,
          momentum=0.9, seed=0, progress=False)
    assert (net.predict(X_test[:2000]) == y_test[:2000]).mean() >= 0.9


@pytest.mark.parametrize("model", [Network(6, 5, 4, seed=3),
                                   SoftmaxRegression(6, 4, init="random", seed=3)],
                         ids=["network", "softmax"])
def test_the_evidence_and_the_bias_terms_add_up_to_the_logit_exactly(model):
    x = np.array([0.0, 0.5, 1.0, 0.0, 0.25, 0.75], dtype=np.float32)
    for digit in range(4):
        votes = model.evidence(x, digit)
        assert votes.sum() + model.bias_terms(x, digit) == pytest.approx(
            model.logits(x[None])[0, digit], rel=1e-5)
        assert (votes[x == 0] == 0).all()  # blank pixels cast no vote


def test_the_networks_evidence_is_the_input_times_the_gradient_of_the_logit():
    net, X, _ = small_network()
    x = np.abs(X[0])
    for digit in range(4):
        gradient = numerical_gradient(lambda k=digit: float(net.logits(x[None])[0, k]), x)
        np.testing.assert_allclose(net.evidence(x, digit), x * gradient, rtol=1e-6, atol=1e-9)


def test_a_saved_network_loads_as_it_was_with_its_kind(tmp_path):
    net, _, _ = small_network(np.float32)
    net.metadata = {"framing": "mnist"} if net.n_inputs == 784 else {"note": "small"}
    net.save(tmp_path / "net.npz")
    loaded = Network.load(tmp_path / "net.npz")
    for a, b in zip(net.parameters, loaded.parameters, strict=True):
        np.testing.assert_array_equal(a, b)
    assert loaded.metadata["kind"] == "network" and loaded.metadata["note"] == "small"
    assert isinstance(load_model(tmp_path / "net.npz"), Network)


def test_a_network_file_never_loads_as_softmax_regression_nor_the_reverse(tmp_path):
    small_network(np.float32)[0].save(tmp_path / "net.npz")
    SoftmaxRegression(6, 4).save(tmp_path / "linear.npz")
    with pytest.raises(ModelFileError, match="holds a model of kind 'network', not 'softmax'"):
        SoftmaxRegression.load(tmp_path / "net.npz")
    with pytest.raises(ModelFileError, match="holds a model of kind 'softmax', not 'network'"):
        Network.load(tmp_path / "linear.npz")
    assert isinstance(load_model(tmp_path / "linear.npz"), SoftmaxRegression)


def test_a_network_file_whose_layers_do_not_fit_is_refused(tmp_path):
    net, _, _ = small_network(np.float32)
    net.b1 = net.b1[:-1]
    net.save(tmp_path / "bad.npz")
    with pytest.raises(ModelFileError, match=r"do not make a network \(W1 \(d, h\)"):
        Network.load(tmp_path / "bad.npz")
