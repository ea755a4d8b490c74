"""Specification of the `digits` command, run as users run it."""

import subprocess
import sys

import numpy as np
import pytest

from softmax_from_scratch import SoftmaxRegression
from softmax_from_scratch.cli import main


def digits(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "softmax_from_scratch.cli", *args],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def data_args():
    from conftest import mnist_dir

    return ["--data-dir", str(mnist_dir())] if mnist_dir() else []


def test_data_says_where_mnist_is(data_args):
    result = digits("data", *data_args)
    assert result.returncode == 0, result.stderr
    assert "checksums verified" in result.stdout


def test_train_saves_a_model_with_its_recipe_and_accuracies(tmp_path, data_args):
    out = tmp_path / "m.npz"
    result = digits("train", *data_args, "--steps", "200", "--seed", "1", "--quiet",
                    "--features", "seed20", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "test accuracy" in result.stdout
    model = SoftmaxRegression.load(out)
    assert model.n_features == 400
    assert model.metadata["features"] == "seed20"
    assert model.metadata["recipe"]["steps"] == 200
    assert model.metadata["accuracy"]["test"] > 0.85


def test_train_init_from_continues_where_the_model_left_off(tmp_path, data_args):
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    main(["train", *data_args, "--steps", "20", "--seed", "1", "--quiet", "--out", str(first)])
    main(["train", *data_args, "--steps", "20", "--seed", "2", "--quiet",
          "--init-from", str(first), "--out", str(second)])
    a, b = SoftmaxRegression.load(first), SoftmaxRegression.load(second)
    assert b.metadata["recipe"]["init"] == f"from {first}"
    assert not np.array_equal(a.weights, b.weights)
    assert b.metadata["accuracy"]["test"] >= a.metadata["accuracy"]["test"] - 0.01


def test_train_init_from_a_model_of_other_features_is_refused(tmp_path, data_args):
    model = SoftmaxRegression(400)
    model.save(tmp_path / "m400.npz")
    result = digits("train", *data_args, "--steps", "5", "--init-from", str(tmp_path / "m400.npz"),
                    "--out", str(tmp_path / "x.npz"))
    assert result.returncode != 0
    assert "expects 400 features" in result.stderr
    assert not (tmp_path / "x.npz").exists()


def test_evaluate_prints_accuracy_per_class_and_confusion_and_plots(tmp_path, data_args):
    main(["train", *data_args, "--steps", "50", "--quiet", "--out", str(tmp_path / "m.npz")])
    result = digits("evaluate", str(tmp_path / "m.npz"), *data_args,
                    "--plot", str(tmp_path / "confusion.png"))
    assert result.returncode == 0, result.stderr
    assert "test accuracy" in result.stdout and "per class: 0:" in result.stdout
    assert "true\\pred" in result.stdout
    assert (tmp_path / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_refuses_a_file_that_is_not_a_model(tmp_path, data_args):
    (tmp_path / "notes.npz").write_bytes(b"not a zip file")
    result = digits("evaluate", str(tmp_path / "notes.npz"), *data_args)
    assert result.returncode != 0
    assert result.stderr.startswith("error:")
    assert "Traceback" not in result.stderr


def test_evaluate_completion_prints_accuracy_per_fraction_and_plots_one_curve_per_model(
        tmp_path, data_args):
    from importlib import resources

    shipped = resources.files("softmax_from_scratch") / "models" / "default.npz"
    main(["train", *data_args, "--steps", "50", "--quiet", "--out", str(tmp_path / "m.npz")])
    result = digits("evaluate", str(shipped), str(tmp_path / "m.npz"), *data_args,
                    "--completion", "0.5", "1.0", "--limit", "100",
                    "--plot", str(tmp_path / "curves.png"))
    assert result.returncode == 0, result.stderr
    assert "default.npz" in result.stdout and "m.npz" in result.stdout
    assert result.stdout.count("50%:") == 2 and result.stdout.count("100%:") == 2
    assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"


@pytest.fixture
def collected(tmp_path, mnist):
    """A collect-mode folder holding ten drawings of MNIST test digits, as the game saves them."""
    from game.collect import Collector
    from game.drawing import Drawing
    from softmax_from_scratch import digit_strokes

    _, (X_test, y_test) = mnist
    collector = Collector(tmp_path / "collected")
    for i in range(10):
        drawing = Drawing(560, pen_width=48)
        for stroke in digit_strokes(X_test[i].reshape(28, 28))[0]:
            points = (stroke + 0.5) * 20
            drawing.begin_stroke(points[0, 1], points[0, 0])
            for row, col in points[1:]:
                drawing.extend_stroke(col, row)
        collector.save(int(y_test[i]), drawing.ink, drawing.strokes, i, "final")
    return tmp_path / "collected"


def test_train_collected_fine_tunes_on_the_games_drawings(tmp_path, data_args, collected):
    main(["train", *data_args, "--steps", "30", "--quiet", "--out", str(tmp_path / "a.npz")])
    result = digits("train", *data_args, "--steps", "30", "--quiet",
                    "--init-from", str(tmp_path / "a.npz"),
                    "--collected", str(collected), "--out", str(tmp_path / "b.npz"))
    assert result.returncode == 0, result.stderr
    assert "10 collected drawings" in result.stdout
    assert SoftmaxRegression.load(tmp_path / "b.npz").metadata["recipe"]["collected"]


def test_train_collected_fine_tunes_the_shipped_two_view_model(tmp_path, data_args, collected):
    """The player's path: the game's own model, continued on the game's own drawings."""
    from importlib import resources

    shipped = resources.files("softmax_from_scratch") / "models" / "default.npz"
    result = digits("train", *data_args, "--steps", "30", "--quiet", "--init-from",
                    str(shipped), "--collected", str(collected), "--out", str(tmp_path / "m.npz"))
    assert result.returncode == 0, result.stderr
    tuned = SoftmaxRegression.load(tmp_path / "m.npz")
    assert tuned.n_features == 1568 and tuned.metadata["framing"] == "both"


def test_train_collected_from_an_empty_folder_is_refused(tmp_path, data_args):
    result = digits("train", *data_args, "--collected", str(tmp_path), "--steps", "5",
                    "--out", str(tmp_path / "x.npz"))
    assert result.returncode != 0 and "no collected drawings" in result.stderr
    assert not (tmp_path / "x.npz").exists()
