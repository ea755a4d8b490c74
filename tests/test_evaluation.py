"""Specification of the confusion matrix and its reading."""

import numpy as np

from softmax_from_scratch.evaluation import confusion_matrix, format_confusion, per_class_accuracy

LABELS = np.array([0, 0, 0, 1, 2, 2])
PREDICTIONS = np.array([0, 0, 1, 1, 0, 2])


def test_entry_t_p_counts_true_t_predicted_p():
    np.testing.assert_array_equal(confusion_matrix(LABELS, PREDICTIONS, 3),
                                  [[2, 1, 0],
                                   [0, 1, 0],
                                   [1, 0, 1]])


def test_per_class_accuracy_is_the_diagonal_over_the_row_sums():
    np.testing.assert_allclose(per_class_accuracy(confusion_matrix(LABELS, PREDICTIONS, 3)),
                               [2 / 3, 1, 1 / 2])


def test_a_class_that_never_occurs_has_accuracy_0_not_nan():
    confusion = confusion_matrix(np.array([0, 0]), np.array([0, 1]), 3)
    assert per_class_accuracy(confusion).tolist() == [0.5, 0.0, 0.0]


def test_the_text_table_has_true_classes_down_and_predictions_across():
    lines = format_confusion(confusion_matrix(LABELS, PREDICTIONS, 3)).splitlines()
    assert lines[0].split() == ["true\\pred", "0", "1", "2"]
    assert lines[3].split() == ["2", "1", "0", "1"]
