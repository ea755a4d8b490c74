"""Specification of mini-batch SGD and the 2016 original's recipe."""

import numpy as np
import pytest

from softmax_from_scratch import SoftmaxRegression, batch_indices, train


def test_random_batches_are_the_originals_np_random_randint_draws():
    np.random.seed(7)  # noqa: NPY002 -- the legacy global generator is what the 2016 original used
    expected = [np.random.randint(0, 60_000, 1000) for _ in range(3)]  # noqa: NPY002
    for got, want in zip(batch_indices(60_000, 3, 1000, seed=7), expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_epoch_batches_show_every_example_once_per_epoch():
    batches = list(batch_indices(100, steps=20, batch_size=10, sampling="epochs", seed=0))
    for epoch in (batches[:10], batches[10:]):
        assert sorted(np.concatenate(epoch)) == list(range(100))
    assert not np.array_equal(batches[0], batches[10])  # reshuffled


def test_unknown_sampling_is_refused():
    with pytest.raises(ValueError, match="sampling"):
        next(batch_indices(10, 1, 5, sampling="sequential"))


def test_training_records_one_loss_per_step_and_accuracy_at_checkpoints(mnist):
    (X, y), test = mnist
    model = SoftmaxRegression(784)
    history = train(model, X, y, steps=250, batch_size=100, seed=0, progress=False,
                    test=test, eval_every=100)
    assert len(history.loss) == 250
    assert history.checkpoints == [100, 200, 250]
    assert len(history.train_accuracy) == len(history.test_accuracy) == 3
    assert history.loss[0] == pytest.approx(np.log(10))  # zero weights: uniform guesses
    assert np.mean(history.loss[-20:]) < 0.5


def test_training_refuses_nan_data_before_touching_the_model():
    X = np.ones((10, 3), dtype=np.float32)
    X[4, 1] = np.nan
    model = SoftmaxRegression(3)
    with pytest.raises(ValueError, match="NaN"):
        train(model, X, np.zeros(10, dtype=int), steps=5, batch_size=2, progress=False)
    assert not model.weights.any()


def test_the_original_recipe_reaches_92_percent_on_mnist(mnist):
    """Zero init, learning rate 0.5, 10,000 random batches of 1,000: the 2016 recipe."""
    (X, y), test = mnist
    model = SoftmaxRegression(784)
    history = train(model, X, y, seed=0, progress=False, test=test)
    assert history.test_accuracy[-1] >= 0.92


def test_training_keeps_the_models_dtype():
    model = SoftmaxRegression(3, dtype=np.float32)
    X = np.random.default_rng(0).random((20, 3))  # float64 data
    train(model, X, np.arange(20) % 10, steps=3, batch_size=5, progress=False)
    assert model.weights.dtype == np.float32 and model.bias.dtype == np.float32
