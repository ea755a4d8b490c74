"""Every loader, fed random and mutated bytes: it loads valid data or raises the
project's own error, with a message; never anything else (no IndexError, zlib.error,
KeyError, UnicodeDecodeError from deep inside).

The mutations start from a valid file and flip, cut or insert bytes, so they reach the
checks past the first few bytes that random bytes never get by.
"""

import gzip
import io
import json
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from softmax_from_scratch.collected import collected_drawings
from softmax_from_scratch.downloads import DataError
from softmax_from_scratch.mnist import parse_idx, read_idx_gz
from softmax_from_scratch.model import ModelFileError, SoftmaxRegression
from softmax_from_scratch.pendigits import parse_pendigits, read_pendigits

fuzz = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn, valid: bytes) -> bytes:
    """`valid` with a few bytes flipped, a slice cut out or random bytes put in."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 16))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at:]
    return bytes(data)


def some_bytes(valid: bytes) -> st.SearchStrategy[bytes]:
    """Random bytes, or `valid` mutated."""
    return st.one_of(st.binary(max_size=300), mutated(valid))


def raises_only_its_own(error: type[Exception], load, *args) -> None:
    """Call the loader: a result, or `error` with a message; any other exception fails."""
    try:
        load(*args)
    except error as err:
        assert str(err)


def written(name: str, data: bytes) -> Path:
    """`data` in a fresh temporary file called `name` (hypothesis runs many examples per
    test, so pytest's per-test tmp_path would be shared)."""
    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(data)
    return path


# --- IDX (MNIST) ---

LABELS = (2049).to_bytes(4, "big") + (3).to_bytes(4, "big") + bytes([7, 2, 1])
IMAGES = ((2051).to_bytes(4, "big") + (2).to_bytes(4, "big")
          + (28).to_bytes(4, "big") * 2 + bytes(2 * 28 * 28))


@fuzz
@given(some_bytes(LABELS))
def test_idx_labels_parse_or_raise_data_error(raw):
    raises_only_its_own(DataError, parse_idx, raw, 2049, 3)


@fuzz
@given(some_bytes(IMAGES))
def test_idx_images_parse_or_raise_data_error(raw):
    raises_only_its_own(DataError, parse_idx, raw, 2051, 2)


@fuzz
@given(some_bytes(gzip.compress(LABELS, mtime=0)))
def test_a_damaged_mnist_file_raises_data_error(raw):
    with pytest.raises(DataError):  # never the real file's bytes, so always refused
        read_idx_gz(written("t10k-labels-idx1-ubyte.gz", raw))


# --- pendigits ---

PEN_LINES = b"47,100,27,81,57,37,26,0,0,23,56,53,100,90,40,98,8\n" * 3


@fuzz
@given(some_bytes(PEN_LINES))
def test_pendigits_text_parses_or_raises_data_error(raw):
    raises_only_its_own(DataError, parse_pendigits, raw.decode("latin-1"))


@fuzz
@given(some_bytes(PEN_LINES))
def test_a_damaged_pendigits_file_raises_data_error(raw):
    with pytest.raises(DataError):  # 3 lines, never the 7,494 the real file has
        read_pendigits(written("pendigits.tra", raw))


# --- model files ---

def model_bytes() -> bytes:
    model = SoftmaxRegression(4, 3, init="random", seed=0)
    model.metadata = {"framing": "mnist"}
    path = written("model.npz", b"")
    model.save(path)
    return path.read_bytes()


@fuzz
@given(some_bytes(model_bytes()))
def test_a_model_file_loads_or_raises_model_file_error(raw):
    raises_only_its_own(ModelFileError, SoftmaxRegression.load, written("model.npz", raw))


def npz_bytes(**arrays: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@fuzz
@given(st.sampled_from([np.zeros((4, 3), np.float32), np.zeros(3, np.float32),
                        np.zeros((4, 1), np.float32),
                        np.array("x"), np.array(["a", "b"]), np.zeros((0, 3), np.float32),
                        np.array(json.dumps([1, 2]))]),
       st.sampled_from([np.zeros(3, np.float32), np.zeros((3, 3), np.float32),
                        np.zeros(3, np.int64), np.zeros(1, np.float32)]),
       st.sampled_from(["{", "[]", "1", json.dumps({"framing": 3}), "{}"]))
def test_a_model_file_with_wrong_arrays_raises_model_file_error(weights, bias, metadata):
    raw = npz_bytes(weights=weights, bias=bias, metadata=np.array(metadata))
    raises_only_its_own(ModelFileError, SoftmaxRegression.load, written("model.npz", raw))


# --- the collected index ---

RECORD = json.dumps({"digit": 3, "session": "s", "round": 1,
                     "strokes": [[[10.0, 20.0], [30.5, 40.0]]]}).encode() + b"\n"


@fuzz
@given(some_bytes(RECORD * 3))
def test_a_damaged_collected_index_loses_only_its_bad_lines(raw):
    folder = written("index.jsonl", raw).parent
    said: list[str] = []
    drawings = collected_drawings(folder, said.append)
    good = sum(line.strip() == RECORD.strip() for line in raw.splitlines())
    assert len(drawings) >= min(good, 1)  # the three records share one round
    assert all(digit in range(10) and all(s.ndim == 2 and s.shape[1] == 2 for s in strokes)
               for digit, strokes in drawings)
