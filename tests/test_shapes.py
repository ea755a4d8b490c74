"""Specification of the common shapes, and of how the shipped model reads them: ordinary
digits, drawn through the game's own pen at any size and place in the guide box."""

import numpy as np
import pytest

from softmax_from_scratch import load_default_model
from softmax_from_scratch.measures import shapes_accuracy
from softmax_from_scratch.shapes import (
    GRID_HEIGHTS,
    SHAPE_ASPECT,
    SHAPE_JITTER,
    STYLES,
    UPRIGHT_JITTER,
    UPRIGHT_SHARE,
    all_styles,
    place_shape,
    random_shape,
    shape_grid,
    shapes_dataset,
)
from softmax_from_scratch.strokes import CANVAS, GUIDE, Placement
from softmax_from_scratch.views import snapshot_inputs


def test_every_style_is_drawn_in_its_unit_box():
    for digit, style in all_styles():
        points = np.vstack([np.asarray(s, dtype=float) for s in STYLES[digit][style]])
        assert points.min() >= 0 and points.max() <= 1, (digit, style)


def test_the_styles_the_issue_names_are_there():
    assert set(STYLES[1]) == {"straight", "flag", "base"}
    assert set(STYLES[4]) == {"open", "closed"} and set(STYLES[7]) == {"plain", "bar"}
    assert set(STYLES[9]) == {"straight stem", "curved stem"} and sorted(STYLES) == list(range(10))


def test_a_curved_style_is_drawn_through_a_smooth_curve_and_a_polyline_is_kept():
    placement = Placement(0.8, (CANVAS / 2, CANVAS / 2), SHAPE_ASPECT)
    (oval,) = place_shape(STYLES[0]["oval"], placement, curved=True)
    (corners,) = place_shape(STYLES[0]["oval"], placement)
    assert len(corners) == len(STYLES[0]["oval"][0]) and len(oval) > 4 * len(corners)


def test_a_straight_one_stays_a_straight_line_when_curves_are_smoothed():
    (line,) = place_shape(STYLES[1]["straight"], Placement(1.0, (280.0, 280.0)), curved=True)
    assert np.ptp(line[:, 0]) == 0


def test_random_shapes_keep_to_the_training_heights():
    rng = np.random.default_rng(0)
    heights = [np.ptp(np.vstack(random_shape(1, rng))[:, 1]) / GUIDE for _ in range(300)]
    low, high = SHAPE_JITTER.heights
    assert low - 0.1 < min(heights) < low + 0.1
    assert high - 0.1 < max(heights) < high + 0.15  # wobble adds a little


def test_shapes_dataset_starts_with_upright_ones_then_cycles_through_the_digits():
    X, y, completion = shapes_dataset(25, (0.5, 1.0), "three", size=140, seed=3)
    assert X.shape == (50, 1968) and completion.tolist() == [0.5, 1.0] * 25
    upright = round(25 * UPRIGHT_SHARE)
    assert y.tolist() == [1] * 2 * upright + [d % 10 for d in range(25 - upright) for _ in (0, 1)]


def test_shapes_dataset_is_seeded():
    X, _, _ = shapes_dataset(20, (1.0,), "three", size=140, seed=3)
    np.testing.assert_array_equal(X, shapes_dataset(20, (1.0,), "three", size=140, seed=3)[0])
    assert not np.array_equal(X, shapes_dataset(20, (1.0,), "three", size=140, seed=4)[0])


def test_an_upright_one_is_a_straight_stroke_within_the_upright_slant():
    """Its lean is the slant (at most UPRIGHT_JITTER's) plus the wobble of its two ends."""
    rng = np.random.default_rng(0)
    leans = []
    for _ in range(200):
        (line,) = random_shape(1, rng, upright=True)
        assert len(line) == 2
        leans.append(abs(line[1, 0] - line[0, 0]) / np.ptp(line[:, 1]))
    upright = UPRIGHT_JITTER.slant
    assert np.median(leans) < upright and max(leans) < upright + 0.15


def test_the_grid_spans_every_height_and_nine_places():
    grid = shape_grid(1, "straight")
    assert len(grid) == len(GRID_HEIGHTS) * 9
    heights = sorted({round(float(np.ptp(d[0][:, 1])) / GUIDE, 2) for d in grid})
    assert heights == list(GRID_HEIGHTS)


# ----- the shipped model on ordinary digits ----------------------------------------------------


@pytest.fixture(scope="module")
def model():
    return load_default_model()


def guess(model, strokes) -> int:
    (x,) = snapshot_inputs(strokes, (1.0,), model.metadata["framing"])
    return int(model.predict(x[None])[0])


@pytest.fixture(scope="module")
def scores(model):
    return shapes_accuracy(model)


def test_the_shipped_model_reads_98_percent_of_complete_common_shapes(scores):
    assert np.mean([s[1.0] for s in scores.values()]) >= 0.98


def test_every_style_is_read_right_mostly_when_complete(scores):
    assert min(s[1.0] for s in scores.values()) >= 0.9


@pytest.mark.parametrize("height", range(150, 441, 29))
def test_a_straight_one_stroke_one_reads_1_at_every_height_and_place_in_the_box(model, height):
    free = max(GUIDE - height, 0) / 2
    for dx in (-free, 0, free):
        for dy in (-free, 0, free):
            x, y = CANVAS / 2 + dx, CANVAS / 2 + dy
            stroke = np.array([[x, y - height / 2], [x, y + height / 2]])
            assert guess(model, [stroke]) == 1, (height, dx, dy)


@pytest.mark.parametrize(("digit", "style"), all_styles())
def test_scaling_or_moving_a_drawing_keeps_its_guess(model, digit, style):
    """Metamorphic: the same drawing scaled by 0.6-1.1 about its centre, or moved by up to
    15 % of the box, is read as the same digit as the drawing itself."""
    drawn = place_shape(STYLES[digit][style],
                        Placement(0.8, (CANVAS / 2, CANVAS / 2), SHAPE_ASPECT))
    expected = guess(model, drawn)
    centre = np.array([CANVAS / 2, CANVAS / 2])
    for scale in (0.6, 0.75, 0.9, 1.1):
        assert guess(model, [(s - centre) * scale + centre for s in drawn]) == expected, scale
    for move in [(0.15, 0), (-0.15, 0), (0, 0.15), (0, -0.15), (0.1, 0.1), (-0.1, -0.1)]:
        assert guess(model, [s + np.array(move) * GUIDE for s in drawn]) == expected, move
