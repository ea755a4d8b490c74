"""Specification of the row cache: built once, read back, never trusted when it does not match."""

import json

import numpy as np
import pytest

from softmax_from_scratch import rowcache
from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.rowcache import GreyRows, cached_rows, folder_for, grey_levels, unit_rows
from softmax_from_scratch.training import train


class Builder:
    """A build function that counts its calls and returns fixed rows: MNIST-like k/255
    pixels in the first column, drawn ink elsewhere."""

    def __init__(self) -> None:
        self.calls = 0
        rng = np.random.default_rng(0)
        self.X = rng.random((50, 7)).astype(np.float32)
        self.X[:, 0] = rng.integers(0, 256, 50) / 255
        self.y = rng.integers(0, 10, 50)

    def __call__(self) -> tuple[np.ndarray, np.ndarray]:
        self.calls += 1
        return grey_levels(self.X), self.y


RECIPE = {"framing": "three", "pen": True, "seed": 0}


def test_rows_are_built_once_then_read_from_the_cache(tmp_path):
    build = Builder()
    first = cached_rows(RECIPE, build, root=tmp_path)
    second = cached_rows(RECIPE, build, root=tmp_path)
    assert build.calls == 1
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


def test_rows_come_back_within_half_a_grey_level_and_mnist_pixels_exactly(tmp_path):
    build = Builder()
    grey, y = cached_rows(RECIPE, build, root=tmp_path)
    X = unit_rows(grey)
    assert grey.dtype == np.uint8 and X.dtype == np.float32 and y.dtype == np.int64
    np.testing.assert_allclose(X, build.X, atol=0.5 / 255 + 1e-7)
    np.testing.assert_array_equal(X[:, 0], build.X[:, 0])
    np.testing.assert_array_equal(y, build.y)


def test_the_first_build_returns_what_later_reads_return(tmp_path):
    """Training gives the same model whether the cache was warm or not."""
    fresh = cached_rows(RECIPE, Builder(), root=tmp_path)
    again = cached_rows(RECIPE, Builder(), root=tmp_path)
    np.testing.assert_array_equal(fresh[0], again[0])


def test_another_recipe_is_built_apart(tmp_path):
    build = Builder()
    cached_rows(RECIPE, build, root=tmp_path)
    cached_rows({**RECIPE, "seed": 1}, build, root=tmp_path)
    assert build.calls == 2


def test_rows_drawn_by_other_code_are_rebuilt(tmp_path, monkeypatch):
    build = Builder()
    cached_rows(RECIPE, build, root=tmp_path)
    monkeypatch.setattr(rowcache, "ROWS_VERSION", rowcache.ROWS_VERSION + 1)
    cached_rows(RECIPE, build, root=tmp_path)
    assert build.calls == 2


@pytest.mark.parametrize("damage", ["flip a byte of X", "cut X short", "garble the manifest",
                                    "delete y", "change the manifest's key"])
def test_a_damaged_cache_is_rebuilt_and_said(tmp_path, damage):
    build = Builder()
    cached_rows(RECIPE, build, root=tmp_path)
    folder = folder_for(rowcache.cache_key(RECIPE), tmp_path)
    x_file, manifest = folder / "X.npy", folder / "manifest.json"
    if damage == "flip a byte of X":
        data = bytearray(x_file.read_bytes())
        data[-1] ^= 0xFF
        x_file.write_bytes(bytes(data))
    elif damage == "cut X short":
        x_file.write_bytes(x_file.read_bytes()[:100])
    elif damage == "garble the manifest":
        manifest.write_text("{not json")
    elif damage == "delete y":
        (folder / "y.npy").unlink()
    else:
        record = json.loads(manifest.read_text())
        record["key"]["recipe"]["seed"] = 7
        manifest.write_text(json.dumps(record))
    said = []
    grey, _ = cached_rows(RECIPE, build, say=said.append, root=tmp_path)
    assert build.calls == 2
    assert any("rebuilding" in line for line in said)
    np.testing.assert_allclose(unit_rows(grey), build.X, atol=0.5 / 255 + 1e-7)
    assert cached_rows(RECIPE, build, root=tmp_path) is not None and build.calls == 2


def test_a_cache_that_cannot_be_written_still_gives_the_rows(tmp_path):
    (tmp_path / "not a folder").write_text("a file where the cache would go")
    build = Builder()
    said = []
    X, _ = cached_rows(RECIPE, build, say=said.append, root=tmp_path / "not a folder")
    np.testing.assert_array_equal(X, cached_rows(RECIPE, Builder(), root=tmp_path)[0])
    assert any("could not keep the rows" in line for line in said)


# Every row's sum of grey levels, for the rows `drawn_rows` makes of 3 MNIST digits, 2 pen
# trajectories and 2 common shapes (Recipe("three", pen=True, shapes=2), seed 0), as drawn
# for ROWS_VERSION 3.
FINGERPRINT = [
    82575, 98777, 58329, 82575, 98777, 58329, 71897, 64564, 66306, 81013, 87086, 101421,
    90602, 78823, 66060, 64515, 66449, 69867, 71897, 64564, 66306, 81013, 87086, 101421,
    90602, 78823, 66060, 64515, 66449, 69867, 77753, 68776, 66327, 82085, 83088, 94846,
    95492, 86404, 73341, 68403, 76396, 72661, 77753, 68776, 66327, 82085, 83088, 94846,
    95492, 86404, 73341, 68403, 76396, 72661, 88942, 70317, 74074, 80039, 95728, 110159,
    107697, 106224, 86741, 78000, 79188, 76374]


@pytest.mark.blas_threads
def test_the_rows_drawn_are_those_of_the_caches_rows_version(mnist, pendigits):
    """If this fails, a change drew other rows than ROWS_VERSION's: bump ROWS_VERSION in
    rowcache.py (so that no cache serves the old rows) and write the new sums here. A few
    grey levels a row may round the other way on another CPU; a change to the pen or the
    views moves a row's sum by hundreds."""
    from softmax_from_scratch.datasets import Recipe, drawn_rows

    (X, y), _ = mnist
    points, labels = pendigits
    grey, _ = drawn_rows(X[:3], y[:3], Recipe("three", pen=True, shapes=2),
                         (points[:2], labels[:2]), False, lambda _: None)
    sums = grey.astype(np.int64).sum(axis=1)
    assert rowcache.ROWS_VERSION == 3 and len(sums) == len(FINGERPRINT)
    assert np.abs(sums - FINGERPRINT).max() <= 8


def test_rows_of_the_same_recipe_drawn_by_older_code_are_deleted(tmp_path, monkeypatch):
    cached_rows(RECIPE, Builder(), root=tmp_path)
    cached_rows({**RECIPE, "seed": 1}, Builder(), root=tmp_path)  # another recipe: kept
    monkeypatch.setattr(rowcache, "ROWS_VERSION", rowcache.ROWS_VERSION + 1)
    cached_rows(RECIPE, Builder(), root=tmp_path)
    recipes = sorted(json.loads((f / "manifest.json").read_text())["key"]["recipe"]["seed"]
                     for f in tmp_path.iterdir())
    assert recipes == [0, 1]


def test_a_build_that_returns_float_rows_is_refused_not_stored(tmp_path):
    """The cache stores what the build returns: grey levels, not rows to be rounded here."""
    with pytest.raises(TypeError, match="grey levels"):
        cached_rows(RECIPE, lambda: (Builder().X, Builder().y), root=tmp_path)
    assert not any(tmp_path.iterdir())


def test_unit_rows_are_grey_over_255_in_float32():
    X = unit_rows(np.array([[0, 255, 51]], dtype=np.uint8))
    assert X.dtype == np.float32
    np.testing.assert_array_equal(X[0], np.float32([0, 255, 51]) / 255)


def test_grey_levels_round_255_x_clipped_to_0_1_in_every_block_of_rows():
    rows = 2 * rowcache.GREY_BLOCK + 3  # two whole blocks and part of a third
    X = np.random.default_rng(0).uniform(-0.2, 1.2, (rows, 5)).astype(np.float32)
    grey = grey_levels(X)
    assert grey.dtype == np.uint8
    np.testing.assert_array_equal(grey, np.rint(np.clip(X, 0, 1) * 255).astype(np.uint8))


# ----- training on grey levels ---------------------------------------------------------


def test_grey_rows_give_each_asked_for_row_in_unit_scale_as_float32():
    grey = grey_levels(Builder().X)
    rows = GreyRows(grey)
    picked = np.array([3, 0, 3, 49])
    assert len(rows) == 50 and rows[picked].dtype == np.float32
    np.testing.assert_array_equal(rows[picked], unit_rows(grey)[picked])
    np.testing.assert_array_equal(rows[:10], unit_rows(grey)[:10])


def test_grey_rows_refuse_anything_but_uint8_grey_levels():
    with pytest.raises(TypeError, match="uint8"):
        GreyRows(Builder().X)


def test_training_on_grey_rows_equals_training_on_their_float32_copy():
    grey, y = Builder()()
    on_grey, on_copy = SoftmaxRegression(7), SoftmaxRegression(7)
    train(on_grey, GreyRows(grey), y, steps=20, batch_size=8, seed=0, progress=False)
    train(on_copy, unit_rows(grey), y, steps=20, batch_size=8, seed=0, progress=False)
    np.testing.assert_array_equal(on_grey.weights, on_copy.weights)
    np.testing.assert_array_equal(on_grey.bias, on_copy.bias)
