"""Specification of mini-batch SGD and the 2016 original's recipe."""

import os
import signal
import threading

import numpy as np
import pytest

from softmax_from_scratch import SoftmaxRegression, accuracy, batch_indices, train
from softmax_from_scratch.sgd import FAST_BATCH, FAST_EPOCHS, FAST_RATE, fast
from softmax_from_scratch.training import History, rate_at


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


def test_accuracy_is_also_measured_after_the_steps_asked_for(mnist):
    (X, y), test = mnist
    history = train(SoftmaxRegression(784), X[:500], y[:500], steps=30, batch_size=10,
                    seed=0, progress=False, test=test, eval_every=20, eval_at=(1, 2, 5))
    assert history.checkpoints == [1, 2, 5, 20, 30]
    assert len(history.test_accuracy) == 5


def test_training_refuses_nan_data_before_touching_the_model():
    X = np.ones((10, 3), dtype=np.float32)
    X[4, 1] = np.nan
    model = SoftmaxRegression(3)
    with pytest.raises(ValueError, match=r"^X contains NaN or infinite values$"):
        train(model, X, np.zeros(10, dtype=int), steps=5, batch_size=2, progress=False)
    assert not model.weights.any()


def test_the_original_recipe_reaches_92_percent_on_mnist(original_recipe):
    """Zero init, learning rate 0.5, 10,000 random batches of 1,000: the 2016 recipe."""
    _, history = original_recipe
    assert history.checkpoints[-1] == 10_000 and history.test_accuracy[-1] >= 0.92


def test_training_keeps_the_models_dtype():
    model = SoftmaxRegression(3, dtype=np.float32)
    X = np.random.default_rng(0).random((20, 3))  # float64 data
    train(model, X, np.arange(20) % 10, steps=3, batch_size=5, progress=False)
    assert model.weights.dtype == np.float32 and model.bias.dtype == np.float32


@pytest.mark.parametrize("batch_size", [0, 101])
def test_a_batch_must_hold_one_to_all_of_the_examples(batch_size):
    with pytest.raises(ValueError, match=rf"^batch_size must be in 1\.\.100, got {batch_size}$"):
        next(batch_indices(100, 1, batch_size))


@pytest.mark.parametrize("batch_size", [1, 100])
def test_batches_of_one_example_or_of_all_of_them_are_allowed(batch_size):
    assert len(next(batch_indices(100, 1, batch_size, seed=0))) == batch_size


def test_accuracy_is_the_share_of_rows_predicted_right():
    model = SoftmaxRegression(2, 3, dtype=np.float64)
    model.weights[:] = np.eye(2, 3)  # a row's larger feature is its class
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    assert accuracy(model, X, np.array([0, 1, 0, 2])) == 0.75


def test_the_defaults_are_the_2016_originals_recipe():
    """10,000 steps of 1,000 random rows at rate 0.5, accuracy every 1,000 steps."""
    X, y = small_data(n=1000)
    model, by_hand = SoftmaxRegression(6, 3), SoftmaxRegression(6, 3)
    history = train(model, X, y, seed=0, progress=False)
    for idx in batch_indices(1000, 10_000, 1000, "random", seed=0):
        by_hand.sgd_step(X[idx].astype(np.float32), y[idx], 0.5)
    np.testing.assert_array_equal(model.weights, by_hand.weights)
    assert history.checkpoints == list(range(1000, 10_001, 1000))


def small_data(n=100, d=6, k=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, d)), rng.integers(0, k, n)


def test_train_is_the_loop_of_sgd_steps_on_the_seeded_batches():
    X, y = small_data()
    model, by_hand = SoftmaxRegression(6, 3), SoftmaxRegression(6, 3)
    train(model, X, y, steps=30, batch_size=10, learning_rate=0.3, seed=3, progress=False)
    for idx in batch_indices(100, 30, 10, seed=3):
        by_hand.sgd_step(X[idx].astype(np.float32), y[idx], 0.3)
    np.testing.assert_array_equal(model.weights, by_hand.weights)
    np.testing.assert_array_equal(model.bias, by_hand.bias)


def test_labels_beyond_the_models_classes_fail_before_the_first_step():
    X, y = small_data()
    y[-1] = 5  # a 3-class model; the one bad row is unlikely to be in the one batch
    with pytest.raises(ValueError, match="labels"):
        train(SoftmaxRegression(6, 3), X, y, steps=1, batch_size=1, seed=0, progress=False)


def test_the_history_holds_the_accuracies_measured_at_each_checkpoint():
    X, y = small_data()
    model = SoftmaxRegression(6, 3)
    history = train(model, X, y, steps=10, batch_size=10, seed=0, progress=False,
                    test=(X[:50], y[:50]), eval_every=5)
    assert history.checkpoints == [5, 10]
    assert history.train_accuracy[-1] == accuracy(model, X.astype(np.float32), y)
    assert history.test_accuracy[-1] == accuracy(model, X[:50], y[:50])


def test_a_progress_bar_counts_steps_only_when_asked(capfd):
    X, y = small_data()
    train(SoftmaxRegression(6, 3), X, y, steps=10, batch_size=10, seed=0)
    assert "10/10" in capfd.readouterr().err
    train(SoftmaxRegression(6, 3), X, y, steps=10, batch_size=10, seed=0, progress=False)
    assert "%|" not in capfd.readouterr().err  # no progress bar


def test_the_bar_counts_in_steps(capfd):
    X, y = small_data()
    train(SoftmaxRegression(6, 3), X, y, steps=10, batch_size=10, seed=0)
    assert "step/s" in capfd.readouterr().err


def test_train_passes_weight_decay_to_every_step():
    X, y = small_data()
    model, by_hand = SoftmaxRegression(6, 3), SoftmaxRegression(6, 3)
    train(model, X, y, steps=5, batch_size=10, learning_rate=0.3, seed=1, progress=False,
          weight_decay=0.2)
    for idx in batch_indices(100, 5, 10, seed=1):
        by_hand.sgd_step(X[idx].astype(np.float32), y[idx], 0.3, weight_decay=0.2)
    np.testing.assert_array_equal(model.weights, by_hand.weights)
    assert np.abs(model.weights).sum() > 0


def test_a_constant_schedule_is_the_same_rate_at_every_step():
    assert [rate_at(step, 4, 0.5) for step in range(4)] == [0.5] * 4


def test_a_linear_schedule_falls_in_equal_steps_towards_zero():
    assert [rate_at(step, 4, 0.5, "linear") for step in range(4)] == [0.5, 0.375, 0.25, 0.125]


def test_an_unknown_schedule_is_refused_before_the_first_step():
    model = SoftmaxRegression(3)
    with pytest.raises(ValueError, match="schedule must be one of"):
        train(model, np.ones((4, 3)), np.zeros(4, int), steps=2, batch_size=2, progress=False,
              schedule="cosine")
    assert not model.weights.any()


def test_train_with_a_linear_schedule_is_the_loop_of_sgd_steps_at_falling_rates():
    rng = np.random.default_rng(0)
    X, y = rng.random((50, 6)), rng.integers(0, 3, 50)
    model, by_hand = SoftmaxRegression(6, 3, np.float64), SoftmaxRegression(6, 3, np.float64)
    train(model, X, y, steps=5, batch_size=10, seed=1, progress=False, schedule="linear")
    for step, idx in enumerate(batch_indices(50, 5, 10, seed=1)):
        by_hand.sgd_step(X[idx], y[idx], 0.5 * (1 - step / 5))
    np.testing.assert_allclose(model.weights, by_hand.weights, rtol=1e-12)


def train_pressing_ctrl_c_at_step(press_at: int) -> tuple[SoftmaxRegression, History]:
    """Train 100 steps on 20 random rows; a real SIGINT reaches this process during step
    `press_at` (1-based), as Ctrl-C in a terminal would."""
    model = SoftmaxRegression(6, 3)
    original, calls = model.sgd_step, []

    def step_and_press(*args, **kwargs):
        calls.append(1)
        if len(calls) == press_at:
            os.kill(os.getpid(), signal.SIGINT)
        return original(*args, **kwargs)

    model.sgd_step = step_and_press
    rng = np.random.default_rng(0)
    try:
        history = train(model, rng.random((20, 6)), rng.integers(0, 3, 20), steps=100,
                        batch_size=5, progress=False, seed=0)
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C escaped training as a KeyboardInterrupt")
    return model, history


@pytest.mark.usefixtures("ctrl_c_interrupts")
def test_ctrl_c_stops_training_after_the_step_under_way_and_keeps_what_was_learnt():
    model, history = train_pressing_ctrl_c_at_step(3)
    by_hand = SoftmaxRegression(6, 3)
    rng = np.random.default_rng(0)
    train(by_hand, rng.random((20, 6)), rng.integers(0, 3, 20), steps=3, batch_size=5,
          progress=False, seed=0)
    assert history.interrupted and len(history.loss) == 3
    np.testing.assert_array_equal(model.weights, by_hand.weights)


@pytest.mark.usefixtures("ctrl_c_interrupts")
def test_after_training_ctrl_c_is_a_keyboard_interrupt_again():
    train_pressing_ctrl_c_at_step(3)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_training_leaves_an_ignored_ctrl_c_ignored():
    inherited = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _, history = train_pressing_ctrl_c_at_step(3)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, inherited)
    assert not history.interrupted and len(history.loss) == 100


def test_training_runs_in_a_thread_other_than_the_main_one():
    """Signal handlers can only be set from the main thread; the game teaches on its own."""
    model, rng, errors = SoftmaxRegression(6, 3), np.random.default_rng(0), []

    def run():
        try:
            train(model, rng.random((20, 6)), rng.integers(0, 3, 20), steps=5, batch_size=5,
                  progress=False)
        except Exception as error:  # reported by the assert below
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not errors and model.weights.any()


# ----- the fast recipe ------------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_fast_recipe_reaches_92_5_percent_on_mnist_test(mnist, seed):
    (X, y), test = mnist
    assert accuracy(fast(X, y, seed=seed), *test) >= 0.925


def test_the_fast_recipe_is_train_with_its_settings_walking_shuffled_epochs():
    X, y = small_data(n=1000)
    model = fast(X, y, seed=3)
    by_hand = SoftmaxRegression(6, 10)
    steps = FAST_EPOCHS * (1000 // FAST_BATCH)
    for step, idx in enumerate(batch_indices(1000, steps, FAST_BATCH, "epochs", seed=3)):
        by_hand.sgd_step(X[idx].astype(np.float32), y[idx], FAST_RATE * (1 - step / steps))
    np.testing.assert_array_equal(model.weights, by_hand.weights)
    assert model.metadata["recipe"]["name"] == "fast"
