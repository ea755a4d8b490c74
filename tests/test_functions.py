"""Specification of softmax, log-softmax and cross-entropy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from softmax_from_scratch import cross_entropy, log_softmax, onehot, softmax
from softmax_from_scratch.functions import as_onehot

finite_logits = arrays(
    np.float64, st.tuples(st.integers(1, 8), st.integers(2, 12)),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


@given(finite_logits)
def test_softmax_rows_are_probability_distributions(logits):
    probs = softmax(logits)
    assert np.all(probs >= 0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-12)


@given(finite_logits, st.floats(-1e3, 1e3))
def test_softmax_ignores_a_constant_added_to_a_row(logits, constant):
    np.testing.assert_allclose(softmax(logits + constant), softmax(logits), atol=1e-12)


@given(finite_logits)
def test_log_softmax_is_the_log_of_softmax_where_that_is_finite(logits):
    probs = softmax(logits)
    visible = probs > 1e-300
    np.testing.assert_allclose(log_softmax(logits)[visible], np.log(probs[visible]),
                               rtol=1e-9, atol=1e-9)


def test_softmax_of_huge_logits_is_finite_and_exact():
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]])
    probs = softmax(logits)
    np.testing.assert_array_equal(probs[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(probs[1], [1 / 3] * 3)


def test_log_softmax_of_huge_logits_keeps_the_exact_gap():
    logits = np.array([[1e4, 0.0, -1e4]])
    np.testing.assert_array_equal(log_softmax(logits), [[0.0, -1e4, -2e4]])


def test_cross_entropy_of_a_confidently_wrong_model_is_large_but_finite():
    logits = np.array([[1e4, -1e4]], dtype=np.float32)
    loss = cross_entropy(logits, np.array([[0.0, 1.0]], dtype=np.float32))
    assert loss == 2e4


def test_cross_entropy_of_uniform_guesses_is_log_k():
    logits = np.zeros((5, 10))
    labels = onehot(np.arange(5))
    assert np.isclose(cross_entropy(logits, labels), np.log(10))


def test_cross_entropy_is_the_mean_negative_log_probability_of_the_label():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    labels = np.array([0, 1])
    expected = -np.mean(np.log(softmax(logits)[[0, 1], labels]))
    assert np.isclose(cross_entropy(logits, onehot(labels, 3)), expected)


def test_onehot_marks_the_label_column():
    np.testing.assert_array_equal(onehot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])


def test_onehot_rows_are_float32_unless_asked_otherwise():
    assert onehot(np.array([1, 0])).dtype == np.float32
    assert onehot(np.array([1, 0]), dtype=np.float64).dtype == np.float64


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_targets_come_back_in_the_asked_dtype_from_labels_or_onehot_rows(dtype):
    labels = np.array([2, 0, 1])
    assert as_onehot(labels, 3, 3, dtype).dtype == dtype
    assert as_onehot(np.eye(3)[labels], 3, 3, dtype).dtype == dtype
    np.testing.assert_array_equal(as_onehot(labels, 3, 3, dtype), np.eye(3)[labels])


@pytest.mark.parametrize(("y", "message"), [
    (np.array([0, 1]), "got 3 examples but 2 labels"),
    (np.array([0, 1, 10]), r"labels must lie in 0\.\.9$"),
    (np.array([0, 1, -1]), r"labels must lie in 0\.\.9$"),
    (np.array([0.0, 1.0, 2.0]), r"y must be integer labels of shape \(3,\) or one-hot rows "
                                r"of shape \(3, 10\), got float64 \(3,\)"),
])
def test_bad_targets_are_refused_saying_what_was_expected(y, message):
    with pytest.raises(ValueError, match=message):
        as_onehot(y, 3, 10)


def test_targets_have_ten_classes_unless_told_otherwise():
    assert as_onehot(np.array([9, 0]), 2).shape == (2, 10)
