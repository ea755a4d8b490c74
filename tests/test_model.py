"""Specification of SoftmaxRegression: forward pass, gradient, update, files, bad input."""

import json

import numpy as np
import pytest

from softmax_from_scratch import (
    ModelFileError,
    SoftmaxRegression,
    cross_entropy,
    loss_and_gradients,
    loss_and_gradients_loop,
    numerical_gradient,
    onehot,
)
from softmax_from_scratch.model import FORMAT_VERSION


def small_problem(dtype=np.float64, n=20, d=7, k=4, seed=0):
    rng = np.random.default_rng(seed)
    model = SoftmaxRegression(d, k, dtype=dtype, init="random", seed=seed, init_scale=0.5)
    model.bias[:] = rng.standard_normal(k)
    return model, rng.standard_normal((n, d)).astype(dtype), rng.integers(0, k, n)


def test_the_evidence_of_each_input_adds_up_to_the_logit_and_blank_inputs_cast_none():
    model = SoftmaxRegression(6, 3, init="random", seed=0)
    x = np.array([0.0, 0.5, 1.0, 0.0, 0.25, 0.75], dtype=np.float32)
    for digit in range(3):
        votes = model.evidence(x, digit)
        assert votes.sum() + model.bias[digit] == pytest.approx(model.logits(x[None])[0, digit])
        assert (votes[x == 0] == 0).all()


def test_a_new_model_starts_at_zero_like_the_seed():
    model = SoftmaxRegression(400)
    assert model.weights.shape == (400, 10) and model.bias.shape == (10,)
    assert not model.weights.any() and not model.bias.any()
    assert model.weights.dtype == np.float32


def test_a_zero_model_gives_every_digit_probability_one_tenth():
    probs = SoftmaxRegression(784).predict_proba(np.ones((3, 784), dtype=np.float32))
    np.testing.assert_allclose(probs, 0.1)


def test_random_init_is_reproducible_from_its_seed():
    a = SoftmaxRegression(50, init="random", seed=3)
    b = SoftmaxRegression(50, init="random", seed=3)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert a.weights.any()


def test_gradient_matches_finite_differences_in_float64():
    model, X, y = small_problem()
    dW, db = model.gradients(X, y)
    for params, grad in ((model.weights, dW), (model.bias, db)):
        numeric = numerical_gradient(lambda: model.loss(X, y), params)
        relative_error = np.abs(numeric - grad).max() / np.abs(numeric).max()
        assert relative_error < 1e-6


def test_numerical_gradient_of_a_known_function_and_the_array_is_restored():
    a = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(numerical_gradient(lambda: float((a**3).sum()), a), 3 * a**2,
                               rtol=1e-8)
    np.testing.assert_array_equal(a, [1.0, -2.0, 3.0])


@pytest.mark.parametrize("weight_decay", [0.0, 0.3])
def test_the_loop_version_equals_the_vectorized_one(weight_decay):
    model, X, y = small_problem()
    args = (model.weights, model.bias, X, onehot(y, 4, np.float64), weight_decay)
    loop, vectorized = loss_and_gradients_loop(*args), loss_and_gradients(*args)
    assert loop[0] == pytest.approx(vectorized[0], rel=1e-12)
    for a, b in zip(loop[1:], vectorized[1:], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_both_versions_leave_out_weight_decay_unless_asked():
    model, X, y = small_problem()
    args = (model.weights, model.bias, X, onehot(y, 4, np.float64))
    loop, vectorized = loss_and_gradients_loop(*args), loss_and_gradients(*args)
    assert loop[0] == pytest.approx(vectorized[0], rel=1e-12)
    assert vectorized[0] == pytest.approx(cross_entropy(X @ model.weights + model.bias,
                                                        args[3]), rel=1e-12)


def test_the_model_method_is_the_pure_function_on_its_parameters():
    model, X, y = small_problem()
    method = model.loss_and_gradients(X, y)
    pure = loss_and_gradients(model.weights, model.bias, X, onehot(y, 4, np.float64))
    assert method[0] == pure[0]
    for a, b in zip(method[1:], pure[1:], strict=True):
        np.testing.assert_array_equal(a, b)


def test_one_hot_targets_give_the_same_gradient_as_integer_labels():
    model, X, y = small_problem()
    onehot = np.eye(4)[y]
    for a, b in zip(model.gradients(X, y), model.gradients(X, onehot), strict=True):
        np.testing.assert_array_equal(a, b)


def test_sgd_step_moves_against_the_gradient():
    model, X, y = small_problem()
    dW, db = model.gradients(X, y)
    W0, b0 = model.weights.copy(), model.bias.copy()
    model.sgd_step(X, y, learning_rate=0.1)
    np.testing.assert_allclose(model.weights, W0 - 0.1 * dW)
    np.testing.assert_allclose(model.bias, b0 - 0.1 * db)


def test_sgd_step_keeps_float32_weights_float32_even_on_float64_batches():
    model, X, y = small_problem(dtype=np.float32)
    model.sgd_step(X.astype(np.float64), y, learning_rate=0.1)
    assert model.weights.dtype == np.float32 and model.bias.dtype == np.float32


def test_sgd_step_returns_the_loss_before_the_update_and_lowers_it():
    model, X, y = small_problem()
    before = model.loss(X, y)
    assert model.sgd_step(X, y, learning_rate=0.1) == before
    assert model.loss(X, y) < before


def test_predict_is_the_argmax_of_the_probabilities():
    model, X, _ = small_problem()
    np.testing.assert_array_equal(model.predict(X), model.predict_proba(X).argmax(axis=1))


def test_save_then_load_gives_an_identical_model(tmp_path):
    model, X, _ = small_problem(np.float32)
    model.metadata = {"recipe": {"steps": 3}, "accuracy": {"test": 0.9}}
    model.save(tmp_path / "m.npz")
    loaded = SoftmaxRegression.load(tmp_path / "m.npz")
    np.testing.assert_array_equal(loaded.weights, model.weights)
    np.testing.assert_array_equal(loaded.bias, model.bias)
    assert loaded.weights.dtype == np.float32 and loaded.dtype == np.float32
    assert loaded.metadata["accuracy"] == {"test": 0.9}
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))


def assert_unchanged_after(model, action, error):
    W0, b0 = model.weights.copy(), model.bias.copy()
    with pytest.raises(error):
        action()
    np.testing.assert_array_equal(model.weights, W0)
    np.testing.assert_array_equal(model.bias, b0)


def test_wrong_feature_count_is_refused_with_the_expected_shape():
    model, X, y = small_problem()
    with pytest.raises(ValueError, match=r"expected X of shape \(n, 7\)"):
        model.predict(X[:, :5])
    assert_unchanged_after(model, lambda: model.sgd_step(X[:, :5], y, 0.5), ValueError)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_infinite_input_is_refused_and_changes_nothing(bad):
    model, X, y = small_problem()
    X[3, 2] = bad
    assert_unchanged_after(model, lambda: model.sgd_step(X, y, 0.5), ValueError)
    with pytest.raises(ValueError, match="NaN or infinite"):
        model.predict_proba(X)


def test_labels_out_of_range_are_refused_and_change_nothing():
    model, X, y = small_problem()
    y[0] = 4
    assert_unchanged_after(model, lambda: model.sgd_step(X, y, 0.5), ValueError)


def test_mismatched_label_count_is_refused():
    model, X, y = small_problem()
    assert_unchanged_after(model, lambda: model.sgd_step(X, y[:-1], 0.5), ValueError)


def test_a_model_file_with_a_pickle_inside_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, weights=np.zeros((3, 2)), bias=np.zeros(2),
             metadata=np.array([{"x": 1}], dtype=object))
    with pytest.raises(ModelFileError, match="refusing"):
        SoftmaxRegression.load(path)


def test_a_model_file_with_mismatched_shapes_is_refused(tmp_path):
    path = tmp_path / "bad.npz"
    np.savez(path, weights=np.zeros((784, 10), np.float32), bias=np.zeros(9, np.float32),
             metadata=np.array("{}"))
    with pytest.raises(ModelFileError, match="do not make a model"):
        SoftmaxRegression.load(path)


def test_the_smallest_model_one_input_two_classes_loads_as_saved(tmp_path):
    model = SoftmaxRegression(1, 2, init="random", seed=0)
    model.save(tmp_path / "tiny.npz")
    loaded = SoftmaxRegression.load(tmp_path / "tiny.npz")
    assert (loaded.n_inputs, loaded.n_classes) == (1, 2)
    np.testing.assert_array_equal(loaded.weights, model.weights)


@pytest.mark.parametrize("shape", [(0, 2), (3, 1)])
def test_a_model_file_of_no_inputs_or_one_class_is_refused(tmp_path, shape):
    path = tmp_path / "degenerate.npz"
    np.savez(path, weights=np.zeros(shape), bias=np.zeros(shape[1]), metadata=np.array("{}"))
    with pytest.raises(ModelFileError, match=r"degenerate\.npz: weights .* do not make a "
                                             r"model \(weights \(d, K\), d >= 1, K >= 2"):
        SoftmaxRegression.load(path)


def test_a_model_file_without_weights_is_refused(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, something=np.zeros(3))
    said = (r"other\.npz: not a model file \(no weights or bias or metadata in it; "
            r"SoftmaxRegression\.save writes weights, bias and metadata\)")
    with pytest.raises(ModelFileError, match=said):
        SoftmaxRegression.load(path)


def test_a_model_file_with_nan_weights_is_refused(tmp_path):
    path = tmp_path / "nan.npz"
    np.savez(path, weights=np.full((4, 3), np.nan), bias=np.zeros(3), metadata=np.array("{}"))
    with pytest.raises(ModelFileError, match="NaN"):
        SoftmaxRegression.load(path)


def test_an_interrupted_save_keeps_the_previous_file(tmp_path, monkeypatch):
    model, _, _ = small_problem()
    path = tmp_path / "m.npz"
    model.save(path)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", fail)
    with pytest.raises(OSError):
        model.save(path)
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


def test_random_weights_have_the_asked_scale_around_zero():
    weights = SoftmaxRegression(784, init="random", seed=0).weights
    assert abs(weights.mean()) < 0.001 and weights.std() == pytest.approx(0.01, rel=0.02)


@pytest.mark.parametrize("n_inputs, n_classes", [(0, 10), (5, 1)])
def test_a_model_needs_a_feature_and_two_classes(n_inputs, n_classes):
    with pytest.raises(ValueError, match=rf"^need n_inputs >= 1 and n_classes >= 2, "
                                         rf"got {n_inputs}, {n_classes}$"):
        SoftmaxRegression(n_inputs, n_classes)


def test_the_smallest_model_is_one_feature_and_two_classes():
    assert SoftmaxRegression(1, 2).weights.shape == (1, 2)


def test_an_integer_dtype_is_refused_by_name():
    with pytest.raises(ValueError, match=r"^dtype must be float32 or float64, got int64$"):
        SoftmaxRegression(3, dtype=np.int64)


def test_an_unknown_init_is_refused_by_name():
    with pytest.raises(ValueError, match=r"^init must be 'zeros' or 'random', got 'ones'$"):
        SoftmaxRegression(3, init="ones")


@pytest.mark.filterwarnings("error")
def test_a_diverged_model_says_so_without_a_numpy_warning():
    model = SoftmaxRegression(2, 3)
    model.weights[:, 0] = 3e38
    with pytest.raises(FloatingPointError, match=r"^logits overflowed: the weights have diverged$"):
        model.predict(np.array([[10.0, 10.0]], dtype=np.float32))
    with pytest.raises(FloatingPointError, match=r"^logits overflowed"):
        model.sgd_step(np.array([[10.0, 10.0]], dtype=np.float32), [0], 0.5)


@pytest.mark.filterwarnings("error")
def test_infinite_input_is_refused_without_a_numpy_warning():
    """inf * 0 is NaN: numpy would warn "invalid value" before our clear error."""
    X = np.array([[np.inf, 0.0]])
    with pytest.raises(ValueError, match=r"^X contains NaN or infinite values$"):
        SoftmaxRegression(2, 3, dtype=np.float64).predict(X)
    with pytest.raises(ValueError, match=r"^X contains NaN or infinite values$"):
        SoftmaxRegression(2, 3, dtype=np.float64).sgd_step(X, [0], 0.5)


def test_text_input_is_refused_by_its_dtype():
    with pytest.raises(TypeError, match=r"^X must be numeric, got dtype <U1$"):
        SoftmaxRegression(2).predict(np.array([["a", "b"]]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_loss_and_gradients_are_computed_in_the_models_dtype(dtype):
    model, X, y = small_problem(dtype)
    logits = model.logits(X)
    assert model.loss(X, y) == cross_entropy(logits, onehot(y, 4, dtype=dtype))
    assert all(g.dtype == dtype for g in model.gradients(X, y))


def test_a_saved_file_records_its_format_version(tmp_path):
    model, _, _ = small_problem()
    model.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as npz:
        assert json.loads(str(npz["metadata"]))["format_version"] == FORMAT_VERSION


def test_a_file_that_is_not_a_zip_is_refused_as_not_a_model(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("my notes")
    with pytest.raises(ModelFileError, match=r"notes.npz: not a model file \(expected an .npz "
                                             r"written by `digits train` or "
                                             r"SoftmaxRegression.save\)$"):
        SoftmaxRegression.load(path)


def test_a_model_file_with_integer_weights_is_refused(tmp_path):
    path = tmp_path / "int.npz"
    np.savez(path, weights=np.zeros((4, 3), np.int64), bias=np.zeros(3, np.int64),
             metadata=np.array("{}"))
    with pytest.raises(ModelFileError, match=r"int.npz: weights and bias must share a float"):
        SoftmaxRegression.load(path)


def test_a_loaded_float64_model_stays_float64(tmp_path):
    model, X, y = small_problem(np.float64)
    model.save(tmp_path / "m.npz")
    loaded = SoftmaxRegression.load(tmp_path / "m.npz")
    assert loaded.dtype == np.float64
    loaded.sgd_step(X.astype(np.float32), y, 0.5)
    assert loaded.weights.dtype == np.float64


def test_weight_decay_adds_half_lambda_w_squared_and_its_gradient_lambda_w():
    model, X, y = small_problem()
    Y = onehot(y, 4, np.float64)
    plain_loss, plain_dW, plain_db = loss_and_gradients(model.weights, model.bias, X, Y)
    loss, dW, db = loss_and_gradients(model.weights, model.bias, X, Y, weight_decay=0.3)
    assert loss == pytest.approx(plain_loss + 0.15 * (model.weights**2).sum())
    np.testing.assert_allclose(dW, plain_dW + 0.3 * model.weights)
    np.testing.assert_array_equal(db, plain_db)  # the bias is not decayed


def test_the_weight_decay_gradient_matches_finite_differences():
    model, X, y = small_problem()
    Y = onehot(y, 4, np.float64)
    _, dW, _ = loss_and_gradients(model.weights, model.bias, X, Y, weight_decay=0.3)
    numeric = numerical_gradient(
        lambda: loss_and_gradients(model.weights, model.bias, X, Y, weight_decay=0.3)[0],
        model.weights)
    assert np.abs(numeric - dW).max() / np.abs(dW).max() < 1e-6


def test_an_sgd_step_with_weight_decay_shrinks_the_weights_towards_zero():
    model, X, y = small_problem()
    plain, _, _ = small_problem()  # the same model again
    before = model.weights.copy()
    model.sgd_step(X, y, 0.1, weight_decay=0.5)
    plain.sgd_step(X, y, 0.1)
    np.testing.assert_allclose(model.weights, plain.weights - 0.1 * 0.5 * before)
