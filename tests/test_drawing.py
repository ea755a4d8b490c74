"""Specification of the one renderer: the game's canvas and pen (softmax_from_scratch.drawing)."""

import itertools
import math

import numpy as np
import pytest

from softmax_from_scratch.drawing import (
    PEN_WIDTH,
    Drawing,
    capsule_ink,
    capsules,
    lay,
    segment_ink,
    snapshots,
    stamp,
    tiled_stamp,
)
from softmax_from_scratch.strokes import CANVAS, first_fraction, first_fractions, stroke_segments


def ink_by_hand(size: int, segments: list[tuple[tuple, tuple]], radius: float) -> np.ndarray:
    """The slow, obvious pen: for each pixel centre (x, y), its distance to the nearest
    segment by clamped projection, then 1 inside the pen with a one-pixel ramp."""
    ink = np.zeros((size, size))
    for y in range(size):
        for x in range(size):
            nearest = math.inf
            for (x0, y0), (x1, y1) in segments:
                dx, dy = x1 - x0, y1 - y0
                length2 = dx * dx + dy * dy
                t = 0.0 if length2 == 0 else ((x - x0) * dx + (y - y0) * dy) / length2
                t = min(max(t, 0.0), 1.0)
                nearest = min(nearest, math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)))
            ink[y, x] = min(max(radius + 0.5 - nearest, 0.0), 1.0)
    return ink


SEGMENTS = [((3.0, 4.0), (30.0, 9.5)), ((30.0, 9.5), (30.4, 9.8)), ((12.0, 30.0), (12.0, 30.0))]


def test_segment_ink_is_the_distance_to_the_nearest_segment_pixel_by_pixel():
    """Segments of different lengths, one shorter than a pixel, one a dot."""
    ys, xs = np.indices((40, 40)).reshape(2, -1).astype(float)
    starts, ends = np.array([s for s, _ in SEGMENTS]), np.array([e for _, e in SEGMENTS])
    ink = segment_ink(xs, ys, starts, ends, radius=2.5).reshape(40, 40)
    np.testing.assert_allclose(ink, ink_by_hand(40, SEGMENTS, 2.5), atol=1e-12)


def test_the_pens_stamps_are_segment_ink_for_each_segment():
    """capsule_ink, the fast stamps, all segments in one call, each on its own window
    (here the whole grid), against the general version."""
    ys, xs = np.indices((40, 40)).reshape(2, -1).astype(float)
    starts, ends = np.array([s for s, _ in SEGMENTS]), np.array([e for _, e in SEGMENTS])
    grid = np.tile(np.arange(40.0), (len(SEGMENTS), 1))
    stamps = capsule_ink(grid, grid, starts, ends, 2.5)
    for stamp_ink, start, end in zip(stamps, starts, ends, strict=True):
        general = segment_ink(xs, ys, start[None], end[None], 2.5)
        np.testing.assert_allclose(stamp_ink, general.reshape(40, 40), atol=2e-6)


def test_a_batch_too_large_for_one_call_is_split_and_inks_the_same(monkeypatch):
    ink = np.zeros((60, 60), dtype=np.float32)
    starts, ends = np.array([(5.0, 5.0), (6.0, 50.0)]), np.array([(55.0, 8.0), (9.0, 52.0)])
    stamp(ink, starts, ends, 3.0)
    monkeypatch.setattr("softmax_from_scratch.drawing.BATCH_PIXELS", 10)
    split = np.zeros_like(ink)
    stamp(split, starts, ends, 3.0)
    np.testing.assert_array_equal(split, ink)
    assert ink[5, 30] == 1 and ink[51, 7] == 1


def test_a_drawing_inks_exactly_what_the_pen_leaves_anywhere_on_the_canvas():
    """Stamping touches only the pixels near each segment; that window must hold all of
    its ink, at the canvas edges too."""
    strokes = [[(0.0, 0.0), (20.0, 3.0)], [(39.0, 39.0), (25.0, 39.0), (25.3, 20.0)],
               [(5.0, 38.0)], [(5.0, 20.0), (12.0, 26.0)]]
    drawing = Drawing(size=40, pen_width=5.0)
    for stroke in strokes:
        drawing.draw_stroke(np.array(stroke))
    segments = [(s[max(i - 1, 0)], s[i]) for s in strokes for i in range(len(s))]
    np.testing.assert_allclose(drawing.ink, ink_by_hand(40, segments, 2.5), atol=1e-6)


def random_strokes(seed: int, n: int = 20) -> list[np.ndarray]:
    """Strokes of 2 to 80 points, steps of 0 to 60 px, some off the 560 canvas's edges."""
    rng = np.random.default_rng(seed)
    return [np.cumsum(rng.normal(0, 20, (rng.integers(2, 80), 2)), axis=0)
            + rng.uniform(-40, 600, 2) for _ in range(n)]


@pytest.mark.parametrize("radius", [24.0, 7.3, 0.4])
def test_inking_by_tiles_is_pixel_for_pixel_the_pens_ink(radius):
    """tiled_stamp computes only the edge of the ink; every pixel must come out exactly as
    the capsules laid one by one leave it, on a canvas already holding ink too."""
    for stroke in random_strokes(seed=int(radius * 10)):
        starts, ends = stroke_segments(stroke)
        tiled = np.zeros((CANVAS, CANVAS), dtype=np.float32)
        tiled[200:260, 100:400] = 0.3  # earlier ink: kept where the new is fainter
        laid = tiled.copy()
        tiled_stamp(tiled, starts, ends, radius)
        lay(laid, capsules(starts, ends, radius))
        np.testing.assert_array_equal(tiled, laid)


def test_a_whole_stroke_is_inked_by_tiles_on_a_canvas_of_whole_tiles_only():
    stroke = np.array([(3.0, 4.0), (30.0, 9.5), (30.4, 9.8), (12.0, 38.0)] * 3)
    for size in (40, 44):  # 44 is no multiple of 8: the capsules are laid one by one
        drawing = Drawing(size, pen_width=5.0)
        drawing.draw_stroke(stroke)
        segments = [*itertools.pairwise(stroke), (stroke[0], stroke[0])]
        np.testing.assert_allclose(drawing.ink, ink_by_hand(size, segments, 2.5), atol=1e-6)


def test_a_stroke_leaves_one_pen_width_of_ink_across_it():
    drawing = Drawing()
    drawing.draw_stroke(np.array([(100.0, 280.0), (460.0, 280.0)]))
    assert drawing.ink[:, 280].sum() == pytest.approx(PEN_WIDTH, abs=1e-4)


def test_the_canvas_is_float32_and_starts_blank():
    drawing = Drawing()
    assert drawing.ink.shape == (CANVAS, CANVAS) and drawing.ink.dtype == np.float32
    assert drawing.is_empty and drawing.ink_amount() == 0


def test_moving_the_pen_before_putting_it_down_starts_a_stroke_there():
    drawing = Drawing()
    drawing.extend_stroke(200.0, 100.0)
    assert drawing.strokes == [[(200.0, 100.0)]] and drawing.ink[100, 200] == 1.0


def test_drawing_a_whole_stroke_inks_every_point_of_it():
    points = np.array([(100.0, 100.0), (300.0, 100.0), (300.0, 400.0)])
    drawing = Drawing()
    drawing.draw_stroke(points)
    assert drawing.strokes == [[tuple(p) for p in points]]
    assert drawing.ink[250, 300] == 1.0  # on the second segment


def test_strokes_drawn_point_by_point_are_the_strokes_drawn_whole():
    """As the mouse draws them: each point extends the last stroke from its last point."""
    strokes = [[(100.0, 100.0), (300.0, 100.0), (300.0, 400.0), (150.0, 450.0)],
               [(50.0, 500.0), (90.0, 520.0)], [(400.0, 50.0), (450.0, 90.0), (500.0, 60.0)]]
    by_mouse, whole = Drawing(), Drawing()
    for stroke in strokes:
        by_mouse.begin_stroke(*stroke[0])
        for point in stroke[1:]:
            by_mouse.extend_stroke(*point)
        whole.draw_stroke(np.array(stroke))
    assert by_mouse.strokes == whole.strokes == strokes
    np.testing.assert_allclose(by_mouse.ink, whole.ink, atol=1e-6)


def test_undo_leaves_exactly_the_ink_of_the_strokes_before():
    dot = np.array([(50.0, 60.0)])
    first = np.array([(100.0, 100.0), (300.0, 120.0), (320.0, 400.0)])
    before = Drawing()
    before.draw_stroke(dot)
    before.draw_stroke(first)
    drawing = Drawing()
    drawing.draw_stroke(dot)
    drawing.draw_stroke(first)
    drawing.draw_stroke(np.array([(400.0, 50.0), (120.0, 500.0)]))
    drawing.undo()
    np.testing.assert_array_equal(drawing.ink, before.ink)


def test_clear_removes_every_stroke_and_all_ink():
    drawing = Drawing()
    drawing.draw_stroke(np.array([(100.0, 100.0), (300.0, 120.0)]))
    drawing.clear()
    assert drawing.is_empty and not drawing.ink.any()


def test_the_ink_amount_is_the_sum_of_the_ink():
    drawing = Drawing()
    drawing.draw_stroke(np.array([(100.0, 100.0), (300.0, 120.0)]))
    assert drawing.ink_amount() == pytest.approx(float(drawing.ink.sum()))
    assert drawing.ink_amount() > 0


def test_a_stroke_wholly_off_the_canvas_leaves_no_ink():
    drawing = Drawing()
    drawing.draw_stroke(np.array([(700.0, 100.0), (800.0, 120.0)]))
    assert not drawing.ink.any()


def test_a_fraction_reached_between_two_strokes_holds_the_first_stroke_only():
    strokes = [np.array([(100.0, 100.0), (300.0, 100.0)]), np.array([(100.0, 400.0),
                                                                      (300.0, 400.0)])]
    first = Drawing()
    first.draw_stroke(strokes[0])
    half, = snapshots(strokes, (0.5,))
    np.testing.assert_array_equal(half, first.ink)


TWO_STROKES = [np.array([(100.0, 100.0), (250.0, 130.0), (300.0, 380.0)]),
               np.array([(80.0, 420.0), (200.0, 400.0), (420.0, 450.0), (450.0, 300.0)])]


def test_first_fractions_stops_the_pen_where_first_fraction_does_at_each():
    fractions = (0.0, 0.2, 0.37, 0.5, 0.81, 1.0)
    for fraction, stop in zip(fractions, first_fractions(TWO_STROKES, fractions), strict=True):
        expected = first_fraction(TWO_STROKES, fraction)
        assert len(stop) == len(expected)
        for drawn, stroke in zip(stop, expected, strict=True):
            np.testing.assert_array_equal(drawn, stroke)


def test_each_snapshot_is_the_ink_of_the_strokes_where_the_pen_stopped():
    fractions = (0.2, 0.37, 0.5, 0.81, 1.0)
    for fraction, snapshot in zip(fractions, snapshots(TWO_STROKES, fractions), strict=True):
        by_hand = Drawing()
        for stroke in first_fraction(TWO_STROKES, fraction):
            by_hand.draw_stroke(stroke)
        # equal up to float32 rounding: where the pen stopped inside a segment, the part
        # inked then lies under the whole segment inked later, at the edge ~1e-6 apart
        np.testing.assert_allclose(snapshot, by_hand.ink, atol=1e-5)


def test_snapshots_are_float32_like_the_games_ink():
    (snapshot,) = snapshots(TWO_STROKES, (0.5,))
    assert snapshot.dtype == Drawing().ink.dtype == np.float32


def test_a_drawing_asked_at_fraction_zero_alone_is_one_blank_canvas():
    (blank,) = snapshots(TWO_STROKES, (0.0,))
    assert blank.shape == (CANVAS, CANVAS) and not blank.any()


def test_fraction_zero_is_the_blank_canvas():
    blank, whole = snapshots([np.array([(100.0, 100.0), (300.0, 100.0)])], (0.0, 1.0))
    assert not blank.any() and whole.any()


@pytest.mark.parametrize("fractions", [(0.5, 1.5), (-0.1, 0.5), (0.8, 0.3)])
def test_fractions_beyond_0_1_or_decreasing_are_refused(fractions):
    with pytest.raises(ValueError, match=r"fractions must increase within \[0, 1\]"):
        snapshots([np.array([(100.0, 100.0), (300.0, 100.0)])], fractions)


def test_a_fraction_asked_twice_gives_the_same_snapshot_twice():
    """Here at a corner of the path: the pen reaches it and has no step left to take."""
    path = np.array([(100.0, 100.0), (200.0, 100.0), (300.0, 100.0)])
    first, again = snapshots([path], (0.5, 0.5))
    np.testing.assert_array_equal(first, again)
    assert first.any()


def test_a_fraction_inside_a_step_shorter_than_a_pixel_stops_the_pen_inside_it():
    path = np.stack([np.linspace(100, 300, 401), np.full(401, 200.0)], axis=1)  # 0.5 px steps
    (snapshot,) = snapshots([path], (0.3001,))
    by_hand = Drawing()
    by_hand.draw_stroke(np.array([(100.0, 200.0), (100.0 + 0.3001 * 200, 200.0)]))
    np.testing.assert_allclose(snapshot, by_hand.ink, atol=1e-6)
