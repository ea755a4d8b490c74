"""Specification of the `digits` command, run as users run it."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from softmax_from_scratch import SoftmaxRegression, train
from softmax_from_scratch.cli import main
from softmax_from_scratch.datasets import PLAYER_FRACTIONS
from softmax_from_scratch.sgd import FAST_BATCH, FAST_RATE, FINE_TUNE_BATCH, FINE_TUNE_STEPS
from tests.groups import LONGEST_CHAIN

DIGITS = str(Path(sys.executable).with_name("digits"))  # the console script, as installed


def digits(*args: str) -> subprocess.CompletedProcess:
    """The command in a subprocess. The first fine-tune of the shipped model on a machine
    draws and caches its recipe's rows (minutes on 2 cores), hence the generous timeout."""
    return subprocess.run([sys.executable, "-m", "softmax_from_scratch.cli", *args],
                          capture_output=True, text=True, timeout=1200)


@pytest.fixture
def data_args():
    from tests.local_data import mnist_dir, pendigits_dir

    return ([*(["--data-dir", str(mnist_dir())] if mnist_dir() else []),
             *(["--pen-dir", str(pendigits_dir())] if pendigits_dir() else [])])


def test_data_says_where_mnist_is(data_args):
    result = digits("data", *data_args)
    assert result.returncode == 0, result.stderr
    assert "checksums verified" in result.stdout


def test_train_saves_a_model_with_its_recipe_and_accuracies(tmp_path, data_args):
    out = tmp_path / "m.npz"
    result = digits("train", *data_args, "--steps", "200", "--seed", "1", "--quiet",
                    "--framing", "original20", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "test accuracy" in result.stdout
    model = SoftmaxRegression.load(out)
    assert model.n_inputs == 400
    assert model.metadata["framing"] == "original20"
    assert model.metadata["recipe"]["steps"] == 200
    assert model.metadata["recipe"]["weight_decay"] == 0.0
    assert model.metadata["accuracy"]["test"] > 0.85


def test_train_recipe_fast_is_seeded_reaches_92_5_percent_and_records_its_settings(
        tmp_path, data_args):
    out = tmp_path / "fast.npz"
    result = digits("train", *data_args, "--recipe", "fast", "--quiet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    model = SoftmaxRegression.load(out)
    assert model.metadata["accuracy"]["test"] >= 0.925
    assert model.metadata["recipe"]["seed"] == 0
    assert {k: model.metadata["recipe"][k] for k in ("name", "batch_size", "sampling")} == {
        "name": "fast", "batch_size": FAST_BATCH, "sampling": "epochs"}


def test_an_option_overrides_only_its_own_setting_of_the_recipe(tmp_path, data_args):
    out = tmp_path / "m.npz"
    result = digits("train", *data_args, "--recipe", "fast", "--steps", "30", "--quiet",
                    "--out", str(out))
    assert result.returncode == 0, result.stderr
    recipe = SoftmaxRegression.load(out).metadata["recipe"]
    assert (recipe["steps"], recipe["learning_rate"], recipe["schedule"]) == (
        30, FAST_RATE, "linear")


def test_train_init_from_continues_where_the_model_left_off(tmp_path, data_args):
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    main(["train", *data_args, "--steps", "20", "--seed", "1", "--quiet", "--out", str(first)])
    main(["train", *data_args, "--steps", "20", "--seed", "2", "--quiet",
          "--init-from", str(first), "--out", str(second)])
    a, b = SoftmaxRegression.load(first), SoftmaxRegression.load(second)
    assert b.metadata["recipe"]["init"] == f"from {first}"
    assert not np.array_equal(a.weights, b.weights)
    assert b.metadata["accuracy"]["test"] >= a.metadata["accuracy"]["test"] - 0.01


def test_train_init_from_continues_from_exactly_the_loaded_weights(tmp_path, data_args, mnist):
    """Continuing on the command line = loading the model and training on in the library
    with the same seeded batches of FINE_TUNE_BATCH rows, at a rate falling to 0
    (--init-from's defaults)."""
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    main(["train", *data_args, "--steps", "20", "--seed", "1", "--quiet", "--out", str(first)])
    main(["train", *data_args, "--steps", "20", "--seed", "2", "--quiet",
          "--init-from", str(first), "--out", str(second)])
    (X, y), _ = mnist
    continued = SoftmaxRegression.load(first)
    train(continued, X, y, steps=20, batch_size=FINE_TUNE_BATCH, seed=2, progress=False,
          schedule="linear")
    np.testing.assert_allclose(SoftmaxRegression.load(second).weights, continued.weights,
                               rtol=1e-5, atol=1e-7)


def test_train_init_from_a_model_of_another_input_length_is_refused(tmp_path, data_args):
    model = SoftmaxRegression(400)
    model.save(tmp_path / "m400.npz")
    result = digits("train", *data_args, "--steps", "5", "--init-from", str(tmp_path / "m400.npz"),
                    "--out", str(tmp_path / "x.npz"))
    assert result.returncode == 1
    assert "has 400 weights per digit, but framing 'mnist' reads 784 inputs" in result.stderr
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

    shipped = resources.files("softmax_from_scratch") / "models" / "linear.npz"
    main(["train", *data_args, "--steps", "50", "--quiet", "--out", str(tmp_path / "m.npz")])
    result = digits("evaluate", str(shipped), str(tmp_path / "m.npz"), *data_args,
                    "--completion", "0.5", "1.0", "--limit", "100",
                    "--plot", str(tmp_path / "curves.png"))
    assert result.returncode == 0, result.stderr
    assert "linear.npz" in result.stdout and "m.npz" in result.stdout
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
            drawing.begin_stroke(*points[0])
            for x, y in points[1:]:
                drawing.extend_stroke(x, y)
        collector.save(int(y_test[i]), drawing.ink, drawing.strokes, i, "final")
    return tmp_path / "collected"


@pytest.fixture(scope="module")
def canvas_model(tmp_path_factory):
    """A small model of a drawing framing (the canvas view alone: its rows build fast),
    trained by the command, with its recipe in its metadata. Its tests share a worker
    (tests/groups.py's ONE_WORKER)."""
    from tests.local_data import mnist_dir, pendigits_dir

    path = tmp_path_factory.mktemp("canvas") / "canvas.npz"
    main(["train", *(["--data-dir", str(mnist_dir())] if mnist_dir() else []),
          *(["--pen-dir", str(pendigits_dir())] if pendigits_dir() else []),
          "--framing", "canvas", "--steps", "300", "--seed", "0", "--quiet", "--out", str(path)])
    return path


def test_fine_tuning_trains_on_the_models_own_recipe_plus_the_collected_drawings(
        tmp_path, data_args, collected, canvas_model):
    result = digits("train", *data_args, "--quiet", "--init-from", str(canvas_model),
                    "--collected", str(collected), "--out", str(tmp_path / "mine.npz"))
    assert result.returncode == 0, result.stderr
    assert "read 120,000 rows from the cache" in result.stdout  # built once, by the first
    assert f"collected: {10 * len(PLAYER_FRACTIONS)} snapshots" in result.stdout
    base = SoftmaxRegression.load(canvas_model)
    tuned = SoftmaxRegression.load(tmp_path / "mine.npz")
    assert tuned.metadata["rows"] == {**base.metadata["rows"],
                                      "collected": [str(collected.resolve())]}
    assert tuned.metadata["recipe"]["steps"] == FINE_TUNE_STEPS
    assert tuned.metadata["recipe"]["batch_size"] == FINE_TUNE_BATCH


@pytest.fixture(params=["sqlite", "postgresql"])
def class_store(request, tmp_path, mnist):
    """A class's store (`digits serve`'s), SQLite or PostgreSQL, holding ten drawings of
    MNIST test digits, sent as the served page sends them: points with times, in a
    280-pixel canvas."""
    from game.serve.store import open_store
    from softmax_from_scratch import digit_strokes
    from tools.servers import new_database, timed

    url = (f"sqlite:///{tmp_path / 'class.sqlite3'}" if request.param == "sqlite"
           else new_database(request.getfixturevalue("postgres")))
    store = open_store(url)
    _, (X_test, y_test) = mnist
    for i in range(10):
        strokes = timed((stroke + 0.5) * 10
                        for stroke in digit_strokes(X_test[i].reshape(28, 28))[0])
        store.add_drawing(int(y_test[i]), f"player-{i % 3}", 280, strokes)
    store.close()
    return url


def test_fine_tuning_reads_a_class_store_as_it_reads_a_collected_folder(
        tmp_path, data_args, class_store, canvas_model):
    result = digits("train", *data_args, "--quiet", "--steps", "50", "--init-from",
                    str(canvas_model), "--collected", class_store,
                    "--out", str(tmp_path / "class.npz"))
    assert result.returncode == 0, result.stderr
    assert f"collected: {10 * len(PLAYER_FRACTIONS)} snapshots" in result.stdout
    tuned = SoftmaxRegression.load(tmp_path / "class.npz")
    assert tuned.metadata["rows"]["collected"] == [class_store]
    assert "collected, complete" in result.stdout


def test_fine_tuning_from_a_store_that_cannot_be_reached_is_one_line(tmp_path, data_args,
                                                                      canvas_model):
    result = digits("train", *data_args, "--quiet", "--steps", "5", "--init-from",
                    str(canvas_model), "--collected", "postgresql://nobody@127.0.0.1:1/x",
                    "--out", str(tmp_path / "x.npz"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: postgresql://127.0.0.1:1/x: cannot connect (Connection refused)"]


def test_fine_tuning_prints_what_was_gained_and_what_it_cost(tmp_path, data_args, collected,
                                                             canvas_model):
    result = digits("train", *data_args, "--quiet", "--steps", "50", "--init-from",
                    str(canvas_model), "--collected", str(collected),
                    "--out", str(tmp_path / "mine.npz"))
    table = result.stdout.splitlines()[-6:-1]
    assert table[0].split() == ["before", "after", "change"]
    assert [re.split(r"\s{2,}", line.strip())[0] for line in table[1:]] == [
        "MNIST test", "pen 50%", "pen 100%", "collected, complete"]
    assert all(line.endswith(" pt") for line in table[1:])


# The two fine-tunings of the shipped model run on one worker, one after the other: the
# first draws the shipped model's 335,856 rows into the row cache, the second reads them.
# The root conftest.py starts this chain first.
SHIPPED_ROWS = pytest.mark.xdist_group(LONGEST_CHAIN)


@SHIPPED_ROWS
def test_fine_tuning_the_shipped_model_keeps_its_pen_and_shapes(tmp_path, data_args, collected):
    """The player's path: the game's own model, continued on the game's own drawings, with
    everything the shipped recipe trained on (the pen trajectories, the common shapes)."""
    from importlib import resources

    shipped = resources.files("softmax_from_scratch") / "models" / "linear.npz"
    result = digits("train", *data_args, "--steps", "30", "--quiet", "--init-from",
                    str(shipped), "--collected", str(collected), "--out", str(tmp_path / "m.npz"))
    assert result.returncode == 0, result.stderr
    assert "pen: 5,994 trajectories" in result.stdout or "rows from the cache" in result.stdout
    tuned, original = SoftmaxRegression.load(tmp_path / "m.npz"), SoftmaxRegression.load(shipped)
    assert tuned.metadata["rows"]["pen"] and tuned.metadata["rows"]["shapes"]
    assert tuned.metadata["framing"] == original.metadata["framing"]


def test_a_model_whose_recipe_is_unknown_is_not_fine_tuned_silently(tmp_path, data_args,
                                                                    collected):
    model = SoftmaxRegression(1968)
    model.metadata = {"framing": "three"}
    model.save(tmp_path / "bare.npz")
    result = digits("train", *data_args, "--init-from", str(tmp_path / "bare.npz"),
                    "--collected", str(collected), "--out", str(tmp_path / "x.npz"))
    assert result.returncode == 1 and "does not say what it was trained on" in result.stderr
    assert not (tmp_path / "x.npz").exists()


def test_a_model_fine_tuned_on_a_folder_that_is_gone_is_refused(tmp_path, data_args):
    model = SoftmaxRegression(784)
    model.metadata = {"framing": "canvas", "rows": {"framing": "canvas",
                                                   "collected": [str(tmp_path / "gone")]}}
    model.save(tmp_path / "m.npz")
    result = digits("train", *data_args, "--init-from", str(tmp_path / "m.npz"),
                    "--out", str(tmp_path / "x.npz"))
    assert result.returncode == 1 and "which are not there now" in result.stderr


def test_train_collected_from_an_empty_folder_is_refused(tmp_path, data_args):
    result = digits("train", *data_args, "--collected", str(tmp_path), "--steps", "5",
                    "--out", str(tmp_path / "x.npz"))
    assert result.returncode != 0 and "no collected drawings" in result.stderr
    assert not (tmp_path / "x.npz").exists()


def test_evaluate_pen_prints_accuracy_on_held_out_trajectories_and_plots_curves(tmp_path,
                                                                              data_args):
    from importlib import resources

    shipped = resources.files("softmax_from_scratch") / "models" / "linear.npz"
    main(["train", *data_args, "--steps", "50", "--quiet", "--out", str(tmp_path / "m.npz")])
    result = digits("evaluate", str(shipped), str(tmp_path / "m.npz"), *data_args, "--pen",
                    "--fractions", "0.5", "1", "--limit", "200", "--plot",
                    str(tmp_path / "pen.png"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("200 held-out trajectories") == 2
    assert result.stdout.count("polyline, filling the guide box: 50%:") == 2
    assert (tmp_path / "pen.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.blas_threads
def test_the_shipped_models_pen_accuracy_is_what_its_metadata_says(pendigits):
    """The numbers the docs and README quote come from the metadata; re-measure them."""
    from softmax_from_scratch import load_default_model
    from softmax_from_scratch.measures import pen_accuracy
    from softmax_from_scratch.pendigits import split_pendigits

    model = load_default_model()
    _, validation = split_pendigits(*pendigits)
    measured = pen_accuracy(model, *validation, fractions=(0.5, 1.0))
    for fraction in (0.5, 1.0):
        assert measured[fraction] == pytest.approx(
            model.metadata["accuracy"]["pen"][str(fraction)], abs=1e-9)


@pytest.mark.parametrize("command", ["data", "train", "evaluate", "play"])
def test_every_subcommand_explains_itself(command):
    result = subprocess.run([DIGITS, command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "usage: digits " + command in result.stdout


@pytest.mark.parametrize(("options", "complaint"), [
    (["--steps", "-5"], "--steps: must be a whole number >= 1"),
    (["--learning-rate", "nan"], "--learning-rate: must be a finite number > 0"),
    (["--batch-size", "0"], "--batch-size: must be a whole number >= 1"),
    (["--weight-decay", "-1"], "--weight-decay: must be a finite number >= 0"),
    (["--data-dir", "{missing}"], "--data-dir: {missing} is not a directory"),
])
def test_a_bad_training_option_gets_one_line_and_nothing_is_written(tmp_path, options,
                                                                    complaint):
    missing = tmp_path / "no-such-folder"  # made by the test: it cannot be on the machine
    options = [option.format(missing=missing) for option in options]
    complaint = complaint.format(missing=missing)
    result = subprocess.run([DIGITS, "train", *options, "--out", str(tmp_path / "m.npz")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and complaint in result.stderr
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_a_text_file_given_as_a_model_is_called_not_a_model_file(tmp_path, data_args):
    (tmp_path / "notes.txt").write_text("my notes\n")
    result = digits("evaluate", str(tmp_path / "notes.txt"), *data_args)
    assert result.returncode == 1 and "not a model file" in result.stderr
    assert "pickle" not in result.stderr


def test_play_takes_its_documented_options(tmp_path):
    """`digits play --model mine.npz` as the README shows it; with no screen it says so."""
    import os

    SoftmaxRegression(784).save(tmp_path / "mine.npz")
    env = {k: v for k, v in os.environ.items()
           if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([DIGITS, "play", "--model", str(tmp_path / "mine.npz")],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1 and "needs a display" in result.stderr


def test_a_directory_given_as_out_is_refused_before_any_work(tmp_path):
    result = subprocess.run([DIGITS, "train", "--out", str(tmp_path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (f"error: --out {tmp_path} is a directory: give a file name, "
                             f"e.g. {tmp_path / 'model.npz'}\n")


@pytest.mark.parametrize("command", [["evaluate", "{dir}"], ["play", "--model", "{dir}"],
                                     ["train", "--init-from", "{dir}", "--out", "{dir}/m.npz"]])
def test_a_directory_given_as_a_model_gets_one_line(tmp_path, command):
    args = [part.format(dir=tmp_path) for part in command]
    result = subprocess.run([DIGITS, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path} is a directory: give a model file (.npz) in it\n"


def test_a_model_whose_weights_do_not_fit_its_framing_is_refused(tmp_path):
    model = SoftmaxRegression(700)
    model.metadata = {"framing": "mnist"}
    model.save(tmp_path / "odd.npz")
    result = subprocess.run([DIGITS, "play", "--model", str(tmp_path / "odd.npz")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "has 700 weights per digit" in result.stderr
    assert "reads 784 inputs" in result.stderr and "Traceback" not in result.stderr


def test_a_model_file_without_metadata_is_called_not_a_model_file(tmp_path):
    np.savez(tmp_path / "bare.npz", weights=np.zeros((784, 10), np.float32))
    result = subprocess.run([DIGITS, "evaluate", str(tmp_path / "bare.npz")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "not a model file (no bias or metadata in it" in result.stderr


def test_a_file_given_as_collect_dir_is_refused(tmp_path):
    (tmp_path / "f").write_text("a file")
    result = subprocess.run([DIGITS, "play", "--collect-dir", str(tmp_path / "f")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "is a file: give a folder" in result.stderr


def interrupted_training(out: Path, data_args: list[str]) -> tuple[int, str]:
    """`digits train --out OUT` stopped by Ctrl-C once training is under way: its exit
    code and the last line it said."""
    import signal

    process = subprocess.Popen([DIGITS, "train", *data_args, "--steps", "1000000",
                                "--out", str(out)], stderr=subprocess.PIPE, text=True)
    seen = ""
    while not re.search(r"[1-9]\d*/1000000", seen) and (char := process.stderr.read(1)):
        seen += char  # until tqdm's bar has counted a step: training is under way
    assert "/1000000" in seen, seen
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=120)
    return process.returncode, rest.splitlines()[-1]


@pytest.mark.usefixtures("ctrl_c_interrupts")  # digits train inherits Ctrl-C's meaning
def test_ctrl_c_during_training_saves_the_model_so_far_and_exits_130(tmp_path, data_args):
    out = tmp_path / "m.npz"
    code, said = interrupted_training(out, data_args)
    assert code == 130
    assert f"saved the model reached so far to {out}" in said
    model = SoftmaxRegression.load(out)
    assert 0 < model.metadata["stopped_at_step"] < 1_000_000
    assert model.metadata["accuracy"]["test"] > 0.5


@SHIPPED_ROWS
def test_fine_tuning_the_shipped_model_on_a_players_hand_costs_others_little(
        tmp_path, data_args):
    """Measured as the command prints it: a made-up player's 100 drawings (tools/players.py)
    learnt, MNIST and held-out pen within a point and a half (measured: -0.3, -0.9 to -1.1
    on half-drawn trajectories depending on the batches, and +-0.4 finished)."""
    from importlib import resources

    from tools.players import player_drawings, write_collected

    folder = write_collected(tmp_path / "collected", player_drawings(100, seed=0))
    shipped = resources.files("softmax_from_scratch") / "models" / "linear.npz"
    result = digits("train", *data_args, "--quiet", "--seed", "0", "--init-from", str(shipped),
                    "--collected", str(folder), "--out", str(tmp_path / "mine.npz"))
    assert result.returncode == 0, result.stderr
    changes = {re.split(r"\s{2,}", line.strip())[0]: float(line.split()[-2])
               for line in result.stdout.splitlines()[-5:-1]}
    assert min(changes[k] for k in ("MNIST test", "pen 50%", "pen 100%")) >= -1.5
    assert changes["collected, complete"] >= 30


def test_evaluate_shapes_prints_every_style_half_drawn_and_complete(data_args):
    from importlib import resources

    from softmax_from_scratch.shapes import all_styles

    shipped = resources.files("softmax_from_scratch") / "models" / "linear.npz"
    result = digits("evaluate", str(shipped), *data_args, "--shapes", "--limit", "100")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()
            if line.startswith("    ") and line.endswith("%")]
    assert len(rows) == len(all_styles())
    assert all(row[-1].endswith("%") and row[-2].endswith("%") for row in rows)


@pytest.mark.usefixtures("ctrl_c_interrupts")
def test_ctrl_c_over_an_existing_model_keeps_it_byte_for_byte(tmp_path, data_args):
    out = tmp_path / "good.npz"
    SoftmaxRegression(784, init="random", seed=3).save(out)
    before = out.read_bytes()
    code, said = interrupted_training(out, data_args)
    assert code == 130 and out.read_bytes() == before
    partial = tmp_path / "good.partial.npz"
    assert said.endswith(f"saved the model reached so far to {partial} ({out} is untouched)")
    assert SoftmaxRegression.load(partial).metadata["stopped_at_step"] > 0


def test_a_finished_run_over_an_existing_model_keeps_the_one_it_replaced(tmp_path, data_args):
    out = tmp_path / "m.npz"
    SoftmaxRegression(784, init="random", seed=3).save(out)
    before = out.read_bytes()
    result = digits("train", *data_args, "--steps", "5", "--quiet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    kept = tmp_path / "m.previous.npz"
    assert result.stdout.rstrip().endswith(f"saved {out} (the model it replaced is kept as "
                                           f"{kept})")
    assert kept.read_bytes() == before and SoftmaxRegression.load(out).metadata["recipe"]


def test_a_training_run_that_fails_before_training_makes_no_folder(tmp_path):
    data = tmp_path / "broken-mnist"
    data.mkdir()
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (data / name).write_bytes(b"not gzip")
    result = subprocess.run([DIGITS, "train", "--data-dir", str(data), "--out",
                             str(tmp_path / "new" / "deeper" / "m.npz")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.startswith("error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken-mnist"]


def test_a_missing_model_file_is_said_in_plain_words(tmp_path):
    result = subprocess.run([DIGITS, "evaluate", str(tmp_path / "gone.npz")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path / 'gone.npz'} does not exist\n"


def test_a_model_file_cut_short_is_called_damaged_in_plain_words(tmp_path):
    from importlib import resources

    shipped = resources.files("softmax_from_scratch") / "models" / "linear.npz"
    cut = tmp_path / "cut.npz"
    cut.write_bytes(shipped.read_bytes()[:5000])
    result = subprocess.run([DIGITS, "evaluate", str(cut)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert result.stderr == (f"error: {cut}: damaged or cut short (not a whole .npz archive): "
                             "save or train it again\n")


def test_plot_without_matplotlib_says_which_extra_to_install_in_one_line(tmp_path):
    SoftmaxRegression(784).save(tmp_path / "m.npz")
    blocked = ("import sys; sys.modules['matplotlib'] = None; "  # as if not installed
               "from softmax_from_scratch.cli import main; main(sys.argv[1:])")
    result = subprocess.run([sys.executable, "-c", blocked, "evaluate", str(tmp_path / "m.npz"),
                             "--plot", str(tmp_path / "c.png")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == ("error: --plot needs matplotlib, which is not installed: "
                             "pip install -e '.[plot]' (or drop --plot)\n")


@pytest.mark.parametrize("command", ["data", "train", "evaluate", "play"])
def test_an_unknown_option_shows_its_subcommands_usage(command):
    given = ["model.npz"] if command == "evaluate" else []  # its one required argument
    result = subprocess.run([DIGITS, command, *given, "--no-such-option"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"usage: digits {command} ")
    assert result.stderr.endswith(f"digits {command}: error: unrecognized arguments: "
                                  "--no-such-option\n")


def parser_actions():
    """(subcommand, option or argument) for every one the command takes."""
    from softmax_from_scratch.cli import build_parser

    subcommands = next(a for a in build_parser()._actions if a.choices and a.dest == "command")
    return [(name, action) for name, sub in subcommands.choices.items()
            for action in sub._actions if action.dest != "help"]


@pytest.mark.parametrize(("command", "action"), parser_actions(),
                         ids=[f"{c}-{a.dest}" for c, a in parser_actions()])
def test_every_option_and_argument_has_help_that_names_its_default(command, action):
    assert action.help, f"digits {command} {action.dest} has no help"
    if action.option_strings and action.required is False:
        assert "default" in action.help, f"digits {command} {action.dest}: no default named"


def test_train_model_network_saves_a_network_with_its_recipe(tmp_path, data_args):
    from softmax_from_scratch import Network

    out = tmp_path / "net.npz"
    result = digits("train", *data_args, "--model", "network", "--hidden", "16", "--steps",
                    "300", "--quiet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    net = Network.load(out)
    assert (net.n_hidden, net.metadata["kind"], net.metadata["recipe"]["momentum"]) == (
        16, "network", 0.9)
    assert net.metadata["recipe"]["init"] == "he" and net.metadata["accuracy"]["test"] > 0.85


def test_train_init_from_a_network_continues_the_network(tmp_path, data_args):
    from softmax_from_scratch import Network

    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    main(["train", *data_args, "--model", "network", "--hidden", "8", "--steps", "20",
          "--quiet", "--out", str(first)])
    main(["train", *data_args, "--steps", "20", "--quiet", "--init-from", str(first),
          "--out", str(second)])
    continued = Network.load(second)
    assert continued.n_hidden == 8 and continued.metadata["recipe"]["name"] == "network fine-tune"


@pytest.mark.parametrize(("options", "complaint"), [
    (["--hidden", "16"], "--hidden is the network's: add --model network"),
    (["--model", "network", "--recipe", "fast"], "--recipe and --init are the linear model's"),
])
def test_an_option_of_the_other_kind_of_model_is_refused_before_any_work(tmp_path, options,
                                                                        complaint):
    result = subprocess.run([DIGITS, "train", *options, "--out", str(tmp_path / "m.npz")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and complaint in result.stderr
    assert not list(tmp_path.iterdir())


def test_evaluate_reads_the_shipped_network(data_args):
    from importlib import resources

    shipped = resources.files("softmax_from_scratch") / "models" / "network.npz"
    result = digits("evaluate", str(shipped), *data_args)
    assert result.returncode == 0, result.stderr
    accuracy = float(re.search(r"test accuracy ([\d.]+)%", result.stdout).group(1))
    assert accuracy >= 97.0


def test_cache_says_where_the_rows_are_what_they_are_and_their_size_and_clears_them(
        tmp_path):
    import os

    from softmax_from_scratch.rowcache import cached_rows

    root = tmp_path / "softmax-from-scratch" / "rows"  # where XDG_CACHE_HOME puts it
    grey = np.full((30, 4), 7, np.uint8)
    cached_rows({"framing": "canvas", "pen": True}, lambda: (grey, np.zeros(30)), root=root)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    shown = subprocess.run([DIGITS, "cache"], capture_output=True, text=True, env=env,
                           timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"row cache: {root} (1 set, 0 MB)")
    assert '30 rows of 4 inputs  {"framing": "canvas", "pen": true}' in shown.stdout
    cleared = subprocess.run([DIGITS, "cache", "--clear"], capture_output=True, text=True,
                             env=env, timeout=60)
    assert cleared.stdout.startswith(f"cleared the row cache in {root}: 1 set")
    assert not root.exists()
