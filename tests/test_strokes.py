"""Specification of strokes.py: one convention for placing, rescaling and cutting strokes."""

import numpy as np
import pytest

from softmax_from_scratch.strokes import (
    CANVAS,
    FILLED,
    GUIDE,
    Jitter,
    Placement,
    box_centre,
    jittered,
    place,
    rescale,
)
from softmax_from_scratch.trajectories import PEN_JITTER, place_trajectory

SEVEN = np.array([[0, 100], [50, 100], [100, 100], [80, 66], [60, 33], [45, 10], [40, 5],
                  [38, 0]], dtype=np.float32)  # pendigits: x, y up: a top bar, then the stem


def test_the_default_placement_fills_the_guide_box():
    (square,) = place([np.array([[0.0, 0.0], [1.0, 1.0]])], FILLED)
    margin = (CANVAS - GUIDE) / 2
    np.testing.assert_array_equal(square, [[margin, margin], [margin + GUIDE, margin + GUIDE]])


def test_place_scales_narrows_moves_and_slants_as_asked():
    """Worked by hand: a box 0.5 x 400 = 200 px tall, 100 px wide, centred on (300, 250),
    slanted 0.2 px right per px above the centre."""
    (placed,) = place([np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])],
                      Placement(height=0.5, centre=(300.0, 250.0), width=0.5, slant=0.2))
    np.testing.assert_allclose(placed, [[370.0, 150.0], [230.0, 350.0], [300.0, 250.0]])


def test_place_measures_the_height_in_the_box_it_is_given():
    (placed,) = place([np.array([[0.0, 0.0], [1.0, 1.0]])], Placement(0.5, (14.0, 14.0)), box=28)
    np.testing.assert_allclose(placed, [[7.0, 7.0], [21.0, 21.0]])


def test_a_trajectory_is_flipped_to_y_down_and_fills_the_box():
    path = place_trajectory(SEVEN)
    margin = (CANVAS - GUIDE) / 2
    assert path[:, 0].min() == margin and path[:, 0].max() == margin + GUIDE
    assert path[0, 1] == margin and path[-1, 1] == margin + GUIDE  # the top bar on top


@pytest.mark.parametrize("height", [0.4, 0.8])
def test_box_centre_puts_a_drawing_against_the_boxs_edges_or_in_its_middle(height):
    top_left = box_centre(height, (-1, -1))
    margin = (CANVAS - GUIDE) / 2
    assert top_left[0] - height * GUIDE / 2 == pytest.approx(margin)
    assert top_left[1] - height * GUIDE / 2 == pytest.approx(margin)
    assert box_centre(height, (0, 0)) == (CANVAS / 2, CANVAS / 2)


def test_a_drawing_taller_than_the_box_stays_centred():
    assert box_centre(1.2, (1, -1)) == (CANVAS / 2, CANVAS / 2)


def test_a_jittered_placement_is_seeded():
    a, b = (jittered(PEN_JITTER, np.random.default_rng(3)) for _ in range(2))
    assert a == b and a != FILLED


def measured_placements(jitter: Jitter, n: int = 300) -> np.ndarray:
    """Height, width / height, centre (x, y) in shares of the box off its centre, and
    slant of n jittered placements, measured from where they put a plus sign."""
    plus = np.array([[0.5, 1.0], [0.5, 0.0], [0.0, 0.5], [1.0, 0.5], [0.5, 0.5]])  # unit box
    rng = np.random.default_rng(0)
    rows = []
    for _ in range(n):
        bottom, top, left, right, centre = place([plus], jittered(jitter, rng))[0]
        height = (bottom[1] - top[1]) / GUIDE
        rows.append([height, (right[0] - left[0]) / GUIDE / height,
                     *(centre - CANVAS / 2) / GUIDE, (top[0] - bottom[0]) / (bottom[1] - top[1])])
    return np.array(rows)


@pytest.mark.parametrize("column, low, high", [(0, 0.75, 1.05), (1, 0.6, 1.0), (2, -0.08, 0.08),
                                               (3, -0.08, 0.08), (4, -0.2, 0.2)])
def test_jittered_placements_spread_over_the_whole_range_of_each_knob(column, low, high):
    values = measured_placements(PEN_JITTER)[:, column]
    assert low <= values.min() < low + 0.1 * (high - low)
    assert high - 0.1 * (high - low) < values.max() <= high


def test_a_jitter_anywhere_moves_the_centre_as_far_as_the_drawing_still_fits():
    """A drawing half the box's height may move a quarter of the box each way."""
    anywhere = Jitter(heights=(0.5, 0.5), widths=(1, 1), shift=0.0, slant=0.0, anywhere=True)
    centres = measured_placements(anywhere)[:, 2:4]
    assert -0.25 <= centres.min() < -0.23 and 0.23 < centres.max() <= 0.25


def test_rescaling_puts_pixel_centres_on_pixel_centres():
    """Pixel 0 of a 28-pixel grid is pixels 0..19 of the 560 canvas: its centre is 9.5;
    the last, 27, is 540..559: 549.5."""
    (scaled,) = rescale([np.array([[0.0, 27.0]])], 560 / 28)
    np.testing.assert_allclose(scaled, [[9.5, 549.5]])


def test_rescaling_there_and_back_is_the_strokes_again():
    strokes = [np.random.default_rng(0).uniform(0, 560, (9, 2))]
    np.testing.assert_allclose(rescale(rescale(strokes, 0.25), 4)[0], strokes[0])


def test_rescaling_by_one_keeps_every_bit():
    """0.1 + 1/2 - 1/2 is not 0.1 in floating point: scale 1 must not touch the points."""
    strokes = [np.array([[0.1, 0.2], [0.3, 559.7]])]
    assert np.array_equal(rescale(strokes, 1.0)[0], strokes[0])


def test_rescaled_strokes_are_floats_whatever_they_were_given_as():
    (scaled,) = rescale([np.array([[1, 2], [3, 4]])], 1.0)
    assert scaled.dtype == np.float64
