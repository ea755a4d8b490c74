"""Specification of reading the game's recordings as training data in the player's pen order."""

import json

import numpy as np
import pytest

from softmax_from_scratch import canvas_to_input, load_collected
from softmax_from_scratch.collected import collected_drawings, parse_record
from softmax_from_scratch.drawing import snapshots

SEVEN = [[[150.0, 100.0], [400.0, 100.0]], [[400.0, 100.0], [250.0, 460.0]]]  # two strokes
ONE = [[[280.0, 90.0], [280.0, 470.0]]]


def record(digit, strokes, session="s1", round_index=0, completion="final"):
    return json.dumps({"path": f"{digit}/x.png", "digit": digit, "session": session,
                       "round": round_index, "completion": completion, "strokes": strokes})


@pytest.fixture
def folder(tmp_path):
    lines = [record(7, SEVEN[:1], completion="partial"),   # the 7's first stroke, then
             record(7, SEVEN),                             # the finished 7
             record(1, ONE, round_index=1),
             '{"path": "1/y.png", "digit": 1, "sess']       # a line cut short by a crash
    (tmp_path / "index.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_each_round_is_read_once_as_its_last_snapshot(folder):
    drawings = collected_drawings(folder)
    assert [digit for digit, _ in drawings] == [7, 1]
    assert len(drawings[0][1]) == 2  # the finished 7, both strokes


def test_a_round_is_redrawn_at_each_fraction_in_the_players_stroke_order(folder):
    X, y = load_collected(folder, "three", fractions=(0.5, 1.0))
    assert X.shape == (4, 1968) and y.tolist() == [7, 7, 1, 1]
    strokes = [np.array(s) for s in SEVEN]
    expected = [canvas_to_input(ink, "three") for ink in snapshots(strokes, (0.5, 1.0))]
    np.testing.assert_allclose(X[:2], expected, atol=1e-6)


def test_half_a_seven_drawn_bar_first_is_its_top_bar_only(folder):
    X, _ = load_collected(folder, "canvas", fractions=(0.4,))
    rows = np.flatnonzero(X[0].reshape(28, 28).max(axis=1) > 0.5)
    assert rows.max() <= 6  # the bar runs along y = 100 of 560, row 5 of 28


def test_a_folder_without_an_index_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="no collected drawings"):
        load_collected(tmp_path)


def test_a_line_cut_short_by_a_crash_is_skipped_and_later_sessions_still_read(folder):
    with (folder / "index.jsonl").open("a") as index:
        index.write(record(4, ONE, session="s2") + "\n")
    assert [digit for digit, _ in collected_drawings(folder)] == [7, 1, 4]


def test_strokes_saved_as_whole_pixels_come_back_as_float_points(tmp_path):
    (tmp_path / "index.jsonl").write_text(record(1, [[[280, 90], [280, 470]]]) + "\n")
    (_, strokes), = collected_drawings(tmp_path)
    assert strokes[0].dtype == np.float64 and strokes[0].shape == (2, 2)


def test_by_default_drawings_are_framed_as_mnist_with_int64_labels(folder):
    X, y = load_collected(folder)
    assert X.shape == (2, 784) and y.dtype == np.int64


def test_bad_lines_are_reported_with_file_line_numbers_and_a_count(folder):
    said = []
    collected_drawings(folder, say=said.append)
    assert said == [f"{folder / 'index.jsonl'}: skipped 1 bad line (line 4: not a JSON line "
                    "(Unterminated string starting at))"]


@pytest.mark.parametrize(("line", "reason"), [
    (b'{"digit": 3, "session": "s", "round": 5, "strokes": [[["a", 1]]]}',
     "a stroke is not a list of (x, y) numbers"),
    (b'{"digit": 12, "session": "s", "round": 5, "strokes": []}', "digit 12 is not 0-9"),
    (b'{"digit": 3, "session": "s", "strokes": []}', "no 'round' field"),
    (b'[1, 2]', "not a JSON object"),
    (b'{"digit": 3, "session": "s", "round": 5, "strokes": [[[1, NaN]]]}',
     "a stroke is empty or holds a non-finite number"),
    (b'{"digit": 3, "session": "\xff", "round": 5, "strokes": []}', "not UTF-8 text"),
    (b'{"digit": -1, "session": "s", "round": 5, "strokes": []}', "digit -1 is not 0-9"),
    (b'{"digit": 10, "session": "s", "round": 5, "strokes": []}', "digit 10 is not 0-9"),
    (b'{"digit": 3, "session": "s", "round": 5, "strokes": "x"}', "strokes is not a list"),
    (b'{"digit": 3, "session": "s", "round": 5, "strokes": [[1, 2, 3, 4]]}',
     "a stroke is not a list of (x, y) numbers"),
    (b'{"digit": 3, "session": "s", "round": 5, "strokes": [[]]}',
     "a stroke is empty or holds a non-finite number"),
])
def test_each_kind_of_bad_line_is_named_and_the_rest_is_read(folder, line, reason):
    with (folder / "index.jsonl").open("ab") as index:
        index.write(line + b"\n" + record(4, ONE, session="s2").encode() + b"\n")
    said = []
    assert [digit for digit, _ in collected_drawings(folder, say=said.append)] == [7, 1, 4]
    assert "skipped 2 bad lines (line 4: " in said[0] and f"line 5: {reason}" in said[0]


@pytest.mark.parametrize("digit", [0, 9])
def test_the_digits_at_either_end_are_read(digit):
    assert parse_record(record(digit, ONE).encode())[1] == digit


def test_a_tap_is_a_stroke_of_one_point():
    (_, _, strokes) = parse_record(record(1, [[[280.0, 90.0]]]).encode())
    assert [stroke.tolist() for stroke in strokes] == [[[280.0, 90.0]]]


def test_a_snapshot_with_no_strokes_has_none():
    assert parse_record(record(3, []).encode())[2] is None


def test_a_lesson_is_a_drawing_of_its_own_keyed_by_its_path_and_a_snapshot_is_not():
    assert parse_record(record(3, ONE, completion="taught").encode())[0] == ("s1", 0, "3/x.png")
    assert parse_record(record(3, ONE).encode())[0] == ("s1", 0, "")
    no_path = {"digit": 3, "session": "s1", "round": 0, "completion": "taught", "strokes": ONE}
    assert parse_record(json.dumps(no_path).encode())[0] == ("s1", 0, "")


def test_a_withdrawn_lesson_is_skipped_and_the_rest_is_read(folder):
    with (folder / "index.jsonl").open("a") as index:
        index.write(record(4, ONE, session="s2", completion="taught") + "\n")
        index.write(record(9, ONE, session="s2", round_index=1, completion="taught") + "\n")
        index.write(json.dumps({"withdrawn": "4/x.png"}) + "\n")
    assert [digit for digit, _ in collected_drawings(folder)] == [7, 1, 9]


def test_a_withdrawal_naming_no_drawing_is_a_bad_line_and_withdraws_nothing(folder):
    with (folder / "index.jsonl").open("a") as index:
        index.write(json.dumps({"withdrawn": ""}) + "\n")
    said = []
    assert [digit for digit, _ in collected_drawings(folder, say=said.append)] == [7, 1]
    assert "line 5: withdrawn is not a drawing's path" in said[0]
