"""Specification of framings: which views a model reads, checked against its weights."""

import numpy as np
import pytest

from softmax_from_scratch import SoftmaxRegression, canvas_to_input, mnist_to_original20
from softmax_from_scratch.classifier import ModelFileError
from softmax_from_scratch.datasets import Recipe, RecipeError, mnist_inputs
from softmax_from_scratch.framings import framing_of, load_framed


def test_mnist_digits_are_read_as_they_are_or_at_the_2016_originals_20x20():
    X = np.random.default_rng(4).random((3, 784)).astype(np.float32)
    assert mnist_inputs(X, "mnist") is X
    np.testing.assert_array_equal(mnist_inputs(X, "original20"), mnist_to_original20(X))


def test_a_drawing_read_at_20x20_is_its_mnist_view_averaged_as_mnist_digits_are():
    canvas = np.zeros((280, 280), dtype=np.float32)
    canvas[60:220, 120:150] = 1
    canvas[60:90, 90:200] = 1
    mnist_view = canvas_to_input(canvas, "mnist")
    np.testing.assert_allclose(canvas_to_input(canvas, "original20"),
                               mnist_to_original20(mnist_view[None])[0], atol=1e-6)


CORE = ("functions", "classifier", "model", "network", "training")
INPUT_SIDE = {"framings", "views", "strokes", "drawing", "features", "rowcache", "datasets",
              "measures", "trajectories", "shapes", "skeletons", "collected", "teaching"}


@pytest.mark.parametrize("module", CORE)
def test_the_core_modules_import_nothing_of_the_games_inputs(module):
    """A model is its parameters, its passes and its file; training walks any rows it is
    given. Framings, canvases, drawings and the row cache are the input side's, which
    reads the framing from the model's metadata."""
    import ast
    from pathlib import Path

    import softmax_from_scratch

    tree = ast.parse((Path(softmax_from_scratch.__file__).parent / f"{module}.py").read_text())
    imported = {node.module.rsplit(".", 1)[-1] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module
                and node.module.startswith("softmax_from_scratch.")}
    assert not imported & INPUT_SIDE, imported & INPUT_SIDE


def test_a_model_reads_the_framing_its_metadata_names_and_mnist_when_none():
    model = SoftmaxRegression(1968)
    model.metadata = {"framing": "three"}
    assert framing_of(model) == "three"
    assert framing_of(SoftmaxRegression(784)) == "mnist"


def test_a_model_refuses_a_framing_its_weights_do_not_fit():
    model = SoftmaxRegression(400)
    with pytest.raises(ValueError, match="has 400 weights per digit, but framing 'mnist'"):
        framing_of(model)


def test_loading_a_file_whose_weights_do_not_fit_its_framing_is_refused(tmp_path):
    model = SoftmaxRegression(784)
    model.metadata = {"framing": "three"}
    model.save(tmp_path / "m.npz")
    with pytest.raises(ModelFileError, match=r"m\.npz: has 784 weights per digit"):
        load_framed(tmp_path / "m.npz")


def test_a_file_that_named_the_2016_originals_pixels_as_features_loads_as_its_framing(
        tmp_path):
    model = SoftmaxRegression(400)
    model.metadata = {"framing": "mnist", "features": "original20",
                      "rows": {"framing": "mnist", "features": "original20"}}
    model.save(tmp_path / "old.npz")
    loaded = SoftmaxRegression.load(tmp_path / "old.npz")
    assert framing_of(loaded) == "original20" and "features" not in loaded.metadata
    assert loaded.metadata["rows"] == {"framing": "original20"}


def test_a_recipe_of_drawings_on_mnists_pixels_alone_is_refused():
    with pytest.raises(RecipeError, match="framing 'mnist' is MNIST's pixels alone"):
        Recipe(framing="mnist", pen=True)
    assert Recipe(framing="three", pen=True).draws and not Recipe(framing="original20").draws


def test_load_framed_gives_the_model_of_a_file_whose_weights_fit_its_framing(tmp_path):
    three, plain = SoftmaxRegression(1968), SoftmaxRegression(784)
    three.metadata = {"framing": "three"}
    three.save(tmp_path / "three.npz")
    plain.save(tmp_path / "plain.npz")  # no framing named: MNIST's pixels
    assert framing_of(load_framed(tmp_path / "three.npz")) == "three"
    assert framing_of(load_framed(tmp_path / "plain.npz")) == "mnist"


def test_load_framed_refuses_a_file_naming_no_framing_whose_weights_are_not_mnists(tmp_path):
    SoftmaxRegression(400).save(tmp_path / "odd.npz")
    with pytest.raises(ModelFileError, match=r"odd\.npz: has 400 weights per digit, but "
                                             r"framing 'mnist' reads 784 inputs: not a model"):
        load_framed(tmp_path / "odd.npz")
