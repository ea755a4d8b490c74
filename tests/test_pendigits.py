"""Specification of pendigits loading: the real file, a real download, and damaged files."""

import shutil

import numpy as np
import pytest

from softmax_from_scratch import DataError, load_pendigits
from softmax_from_scratch.pendigits import FILE, VALIDATION_ROWS, parse_pendigits, split_pendigits

LABEL_COUNTS = [780, 779, 780, 719, 780, 720, 720, 778, 719, 719]


def test_pendigits_has_7494_trajectories_of_8_points_in_0_100(pendigits):
    points, labels = pendigits
    assert points.shape == (7494, 8, 2) and points.dtype == np.float32
    assert points.min() == 0 and points.max() == 100
    assert labels.dtype == np.int64 and np.bincount(labels).tolist() == LABEL_COUNTS


def test_the_first_trajectory_is_the_files_first_line(pendigits):
    points, labels = pendigits
    # " 47,100, 27, 81, 57, 37, 26,  0,  0, 23, 56, 53,100, 90, 40, 98, 8"
    assert points[0, 0].tolist() == [47, 100] and points[0, 7].tolist() == [40, 98]
    assert labels[0] == 8


def test_the_last_1500_rows_are_held_out_for_validation(pendigits):
    (train_points, _), (val_points, val_labels) = split_pendigits(*pendigits)
    assert len(val_points) == len(val_labels) == VALIDATION_ROWS == 1500
    assert len(train_points) == 7494 - 1500
    np.testing.assert_array_equal(val_points, pendigits[0][-1500:])


def local_file():
    from tests.local_data import local_copy, pendigits_dir

    return local_copy(pendigits_dir(), "DIGITS_PENDIGITS_DIR") / FILE


@pytest.fixture
def good_mirror(serve):
    return serve(local_file().parent)


def damaged_copy(tmp_path, damage) -> str:
    directory = tmp_path / "damaged"
    directory.mkdir()
    shutil.copy(local_file(), directory / FILE)
    target = directory / FILE
    target.chmod(0o644)
    target.write_text(damage(target.read_text()))
    return directory


def change_a_label(text: str) -> str:
    lines = text.splitlines(keepends=True)
    lines[10] = lines[10][:-2] + str((int(lines[10][-2]) + 1) % 10) + "\n"
    return "".join(lines)


def drop_the_last_lines(text: str) -> str:
    return "".join(text.splitlines(keepends=True)[:-3])


def test_a_missing_file_is_downloaded_verified_and_cached_quietly_if_asked(tmp_path, capfd,
                                                                         good_mirror):
    points, _ = load_pendigits(tmp_path / "cache", urls=(good_mirror,), progress=False)
    assert "%|" not in capfd.readouterr().err  # no progress bar
    assert points.shape == (7494, 8, 2)
    again, _ = load_pendigits(tmp_path / "cache", urls=("http://127.0.0.1:9/",), progress=False)
    np.testing.assert_array_equal(points, again)


def test_windows_line_endings_are_the_same_content(tmp_path):
    directory = tmp_path / "crlf"
    directory.mkdir()
    text = local_file().read_text()
    (directory / FILE).write_bytes(text.replace("\n", "\r\n").encode())
    points, _ = load_pendigits(directory, progress=False)
    assert points.shape == (7494, 8, 2)


@pytest.mark.parametrize(("damage", "reason"), [(change_a_label, "SHA-256"),
                                                (drop_the_last_lines, "7491 digits")])
def test_a_damaged_download_is_refused_and_never_cached(tmp_path, serve, good_mirror, damage,
                                                        reason):
    bad = serve(damaged_copy(tmp_path, damage))
    cache = tmp_path / "cache"
    with pytest.raises(DataError, match=reason):
        load_pendigits(cache, urls=(bad,), progress=False)
    assert not (cache / FILE).exists()
    points, _ = load_pendigits(cache, urls=(bad, good_mirror), progress=False)  # next mirror
    assert points.shape == (7494, 8, 2)


def test_a_line_that_is_not_17_integers_is_named(tmp_path):
    (tmp_path / FILE).write_text(" 1, 2, 3\n")
    with pytest.raises(DataError, match="line 1: 3 values, expected 17"):
        load_pendigits(tmp_path, progress=False)


def test_coordinates_outside_0_100_are_refused(tmp_path):
    (tmp_path / FILE).write_text(",".join(["101"] + ["0"] * 15 + ["3"]) + "\n")
    with pytest.raises(DataError, match=r"0\.\.100"):
        load_pendigits(tmp_path, progress=False)


def test_a_blank_line_is_skipped_and_the_lines_after_it_read():
    table = parse_pendigits(" 1" + ",0" * 15 + ",3\n\n 2" + ",0" * 15 + ",4\n")
    assert table.dtype == np.uint8 and table[:, 16].tolist() == [3, 4]


def test_a_line_of_text_is_named_with_its_first_60_characters():
    line = "x" * 80
    with pytest.raises(DataError, match=rf"^pendigits.tra, line 1: not 17 integers: '{'x' * 60}'$"):
        parse_pendigits(line)


def test_a_label_above_9_is_refused():
    with pytest.raises(DataError, match=r"label 0\.\.9"):
        parse_pendigits(",".join(["5"] * 16 + ["10"]))


def test_a_file_that_is_not_ascii_text_is_refused_by_its_path(tmp_path):
    (tmp_path / FILE).write_text("é, 1, 2\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{tmp_path / FILE}: not a text file$"):
        load_pendigits(tmp_path, progress=False)


def test_a_bad_line_is_reported_with_the_files_path(tmp_path):
    (tmp_path / FILE).write_text(" 1, 2, 3\n")
    with pytest.raises(DataError, match=rf"^{tmp_path / FILE}, line 1: 3 values"):
        load_pendigits(tmp_path, progress=False)


def test_the_environment_variable_names_the_data_directory(monkeypatch):
    monkeypatch.setenv("DIGITS_PENDIGITS_DIR", str(local_file().parent))
    points, labels = load_pendigits(urls=("http://127.0.0.1:9/",), progress=False)
    assert points.dtype == np.float32 and labels.dtype == np.int64 and len(points) == 7494


def test_without_a_directory_the_file_downloads_into_the_user_cache_with_a_progress_bar(
        tmp_path, monkeypatch, capfd, good_mirror):
    monkeypatch.delenv("DIGITS_PENDIGITS_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_pendigits(urls=(good_mirror,))
    assert (tmp_path / "softmax-from-scratch" / "pendigits" / FILE).exists()
    assert "100%" in capfd.readouterr().err
