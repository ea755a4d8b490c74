"""Specification of the scikit-learn estimators: scikit-learn's own checks, a place in a
Pipeline and a grid search, and their defaults' accuracy on MNIST."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.estimator_checks import parametrize_with_checks

from softmax_from_scratch.estimators import NetworkClassifier, SoftmaxClassifier


def sklearn_checks() -> pytest.MarkDecorator:
    """scikit-learn's checks of both estimators, one test each, but the Array API's: the
    estimators compute in NumPy and do not claim to take other array libraries' arrays."""
    checks = parametrize_with_checks([SoftmaxClassifier(), NetworkClassifier()])
    names, cases = checks.args
    kept = [case for case in cases
            if getattr(case, "values", case)[1].func.__name__ != "check_array_api_input"]
    return pytest.mark.parametrize(names, kept, **checks.kwargs)


@sklearn_checks()
def test_scikit_learns_own_estimator_checks_pass(estimator, check):
    check(estimator)


def test_the_labels_come_back_as_fit_was_given_them():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-2, 1, (50, 4)), rng.normal(2, 1, (50, 4))])
    y = np.array(["cat"] * 50 + ["dog"] * 50)
    predicted = NetworkClassifier(hidden=8, epochs=20, batch_size=10).fit(X, y).predict(X)
    assert set(predicted) == {"cat", "dog"} and (predicted == y).mean() > 0.95


def test_both_fit_in_a_pipeline_and_a_grid_search(mnist):
    (X, y), _ = mnist
    pipeline = make_pipeline(FunctionTransformer(lambda X: X * 2 - 1), SoftmaxClassifier())
    search = GridSearchCV(pipeline, {"softmaxclassifier__learning_rate": [0.5, 2.0]}, cv=2)
    search.fit(X[:2000], y[:2000])
    assert search.best_score_ > 0.8


@pytest.mark.slow
@pytest.mark.parametrize(("estimator", "floor"), [(SoftmaxClassifier(), 0.92),
                                                  (NetworkClassifier(), 0.97)],
                         ids=["softmax", "network"])
def test_the_defaults_read_mnist_as_well_as_promised(mnist, estimator, floor):
    (X, y), (X_test, y_test) = mnist
    assert estimator.fit(X, y).score(X_test, y_test) >= floor


def test_importing_the_library_does_not_import_scikit_learn():
    code = ("import sys, softmax_from_scratch, softmax_from_scratch.cli;"
            "assert 'sklearn' not in sys.modules, 'sklearn was imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
