"""Specification of MNIST loading: the real files, a real download, and damaged files."""

import gzip
import logging
import shutil
from pathlib import Path

import numpy as np
import pooch
import pytest

from softmax_from_scratch import DataError, load_mnist
from softmax_from_scratch.mnist import FILES, mnist_files, parse_idx, read_idx_gz

LABEL_COUNTS_TRAIN = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
LABEL_COUNTS_TEST = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_mnist_has_60000_training_and_10000_test_digits_in_0_1(mnist):
    (X, y), (X_test, y_test) = mnist
    assert X.shape == (60_000, 784) and X_test.shape == (10_000, 784)
    assert X.dtype == np.float32 and X.min() == 0.0 and X.max() == 1.0
    assert np.bincount(y).tolist() == LABEL_COUNTS_TRAIN
    assert np.bincount(y_test).tolist() == LABEL_COUNTS_TEST


def idx_bytes(magic=2049, dims=(3,), payload=b"\x01\x02\x03"):
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims)
    return header + payload


def test_parse_idx_reads_labels():
    np.testing.assert_array_equal(parse_idx(idx_bytes(), 2049, 3), [1, 2, 3])


def test_parse_idx_refuses_a_wrong_magic_number():
    with pytest.raises(DataError, match="magic number 2051, expected 2049"):
        parse_idx(idx_bytes(magic=2051, dims=(3, 1, 1)), 2049, 3)


def test_parse_idx_refuses_a_truncated_payload():
    with pytest.raises(DataError, match="truncated"):
        parse_idx(idx_bytes(payload=b"\x01\x02"), 2049, 3)


def test_parse_idx_refuses_a_wrong_item_count():
    with pytest.raises(DataError, match="header says 3 items, expected 5"):
        parse_idx(idx_bytes(), 2049, 5)


def test_parse_idx_refuses_a_file_shorter_than_its_header():
    with pytest.raises(DataError, match="too short"):
        parse_idx(b"\x00\x00", 2049, 3)


# ----- a real download from an HTTP server on 127.0.0.1 -------------------------------------


@pytest.fixture
def good_mirror(serve):
    from tests.local_data import local_copy, mnist_dir

    return serve(local_copy(mnist_dir(), "DIGITS_MNIST_DIR"))


def damaged_copy(tmp_path: Path, damage) -> Path:
    """A directory holding the real files, with the test-labels file damaged by `damage`."""
    from tests.local_data import local_copy, mnist_dir

    directory = tmp_path / "damaged"
    shutil.copytree(local_copy(mnist_dir(), "DIGITS_MNIST_DIR"), directory)
    target = directory / "t10k-labels-idx1-ubyte.gz"
    target.chmod(0o644)
    raw = gzip.decompress(target.read_bytes())
    target.write_bytes(gzip.compress(damage(raw)))
    return directory


def flip_a_label(raw: bytes) -> bytes:
    return raw[:100] + bytes([(raw[100] + 1) % 10]) + raw[101:]


def cut_short(raw: bytes) -> bytes:
    return raw[:-10]


def test_missing_files_are_downloaded_verified_and_cached_quietly_if_asked(tmp_path, capfd,
                                                                          good_mirror):
    cache = tmp_path / "cache"
    (X, _), (_, y_test) = load_mnist(cache, mirrors=(good_mirror,), progress=False)
    assert capfd.readouterr().err == ""  # no progress bar
    assert X.shape == (60_000, 784) and X.dtype == np.float32 and X.max() == 1.0
    assert len(y_test) == 10_000 and y_test.dtype == np.int64
    assert sorted(p.name for p in cache.iterdir()) == sorted(FILES)


def test_a_second_load_uses_the_cache_without_a_server(tmp_path, good_mirror):
    cache = tmp_path / "cache"
    load_mnist(cache, mirrors=(good_mirror,), progress=False)
    (_, y), _ = load_mnist(cache, mirrors=("http://127.0.0.1:9/",), progress=False)
    assert len(y) == 60_000


@pytest.mark.parametrize("damage", [flip_a_label, cut_short])
def test_a_damaged_download_is_deleted_and_the_next_mirror_used(tmp_path, serve, good_mirror,
                                                                 damage):
    bad_mirror = serve(damaged_copy(tmp_path, damage))
    cache = tmp_path / "cache"
    _, (_, y_test) = load_mnist(cache, mirrors=(bad_mirror, good_mirror), progress=False)
    assert np.bincount(y_test).tolist() == LABEL_COUNTS_TEST


@pytest.mark.parametrize("damage", [flip_a_label, cut_short])
def test_when_every_mirror_is_damaged_the_error_says_why_and_the_cache_stays_clean(
        tmp_path, serve, good_mirror, damage):
    bad_mirror = serve(damaged_copy(tmp_path, damage))
    cache = tmp_path / "cache"
    with pytest.raises(DataError, match=r"t10k-labels.*(SHA-256|truncated)"):
        load_mnist(cache, mirrors=(bad_mirror,), progress=False)
    assert "t10k-labels-idx1-ubyte.gz" not in [p.name for p in cache.iterdir()]


def test_an_unreachable_mirror_gives_one_line_saying_where_else_the_data_can_come_from(
        tmp_path):
    with pytest.raises(DataError) as error:
        load_mnist(tmp_path, mirrors=("http://127.0.0.1:9/",), progress=False)
    assert str(error.value) == (
        "could not get train-images-idx3-ubyte.gz (127.0.0.1:9: ConnectionError): offline? "
        "give --data-dir DIR, or set DIGITS_MNIST_DIR to a folder holding the four MNIST "
        ".gz files")


def test_a_damaged_local_file_is_reported_and_left_in_place(tmp_path):
    directory = damaged_copy(tmp_path, flip_a_label)
    before = (directory / "t10k-labels-idx1-ubyte.gz").read_bytes()
    with pytest.raises(DataError, match="SHA-256"):
        read_idx_gz(directory / "t10k-labels-idx1-ubyte.gz")
    assert (directory / "t10k-labels-idx1-ubyte.gz").read_bytes() == before


def test_a_file_that_is_not_gzip_is_refused(tmp_path):
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(b"<html>404 not found</html>")
    with pytest.raises(DataError, match="cannot decompress"):
        read_idx_gz(path)


def test_parse_idx_names_the_file_in_its_errors_and_says_idx_by_default():
    with pytest.raises(DataError, match=r"^t10k-labels\.gz: 2 bytes is too short"):
        parse_idx(b"\x00\x00", 2049, 3, name="t10k-labels.gz")
    with pytest.raises(DataError, match=r"^IDX: 2 bytes is too short"):
        parse_idx(b"\x00\x00", 2049, 3)


def test_a_file_of_zero_labels_is_a_bare_eight_byte_header():
    assert parse_idx(idx_bytes(dims=(0,), payload=b""), 2049, 0).shape == (0,)


def test_parse_idx_says_how_many_bytes_came_and_how_many_the_header_promises():
    with pytest.raises(DataError, match=r"^IDX: 2 bytes of data, the header promises 3 "
                                        r"\(truncated or padded file\)$"):
        parse_idx(idx_bytes(payload=b"\x01\x02"), 2049, 3)


def test_a_header_cut_inside_its_dimensions_is_refused():
    with pytest.raises(DataError, match=r"^IDX: truncated header$"):
        parse_idx(idx_bytes(magic=2051, dims=(3,)), 2051, 3)


def test_counts_beyond_three_bytes_are_read_whole():
    with pytest.raises(DataError, match="0 bytes of data, the header promises 16777217"):
        parse_idx(idx_bytes(dims=(2**24 + 1,), payload=b""), 2049, 2**24 + 1)


@pytest.mark.parametrize("rows, cols", [(27, 28), (28, 65_564)])
def test_images_other_than_28x28_are_refused_with_their_size(rows, cols):
    with pytest.raises(DataError, match=f"images are {rows}x{cols}, expected 28x28"):
        parse_idx(idx_bytes(magic=2051, dims=(1, rows, cols), payload=b""), 2051, 1)


def test_a_structural_fault_names_the_file(tmp_path):
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(dims=(10_000,), payload=b"\x00" * 9_990)))
    with pytest.raises(DataError, match=rf"^{path}: 9990 bytes of data"):
        read_idx_gz(path)


def test_the_environment_variable_names_the_data_directory(monkeypatch):
    from tests.local_data import local_copy, mnist_dir

    directory = local_copy(mnist_dir(), "DIGITS_MNIST_DIR")
    monkeypatch.setenv("DIGITS_MNIST_DIR", str(directory))
    assert mnist_files(mirrors=("http://127.0.0.1:9/",)) == directory


def test_without_a_directory_files_download_into_the_user_cache_with_a_progress_bar(
        tmp_path, monkeypatch, capfd, good_mirror):
    monkeypatch.delenv("DIGITS_MNIST_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    directory = mnist_files(mirrors=(good_mirror,))
    assert directory == tmp_path / "softmax-from-scratch" / "mnist"
    assert sorted(p.name for p in directory.iterdir()) == sorted(FILES)
    assert "100%" in capfd.readouterr().err


def test_loading_shows_a_progress_bar_while_it_downloads_unless_told_not_to(tmp_path, capfd,
                                                                            good_mirror):
    load_mnist(tmp_path / "cache", mirrors=(good_mirror,))
    err = capfd.readouterr().err
    assert "100%" in err
    assert "downloading train-images-idx3-ubyte.gz from 127.0.0.1" in err


def test_downloading_logs_none_of_poochs_lines_about_hashes(tmp_path, good_mirror):
    heard: list[logging.LogRecord] = []
    listener = logging.Handler()
    listener.emit = heard.append  # pooch's logger is its own, outside logging's tree
    pooch.get_logger().addHandler(listener)
    try:
        load_mnist(tmp_path / "cache", mirrors=(good_mirror,))
    finally:
        pooch.get_logger().removeHandler(listener)
    assert [record.getMessage() for record in heard] == []
