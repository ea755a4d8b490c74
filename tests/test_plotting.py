"""Figures are made to be read where the docs show them (softmax_from_scratch/plotting.py)."""

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from softmax_from_scratch.plotting import (
    COLUMN_PX,
    VOTE_AGAINST,
    VOTE_FOR,
    pyplot,
    save_figure,
    votes_colormap,
)


def test_a_wide_figure_is_laid_out_for_the_column_and_saved_at_twice_its_pixels(tmp_path):
    fig, ax = pyplot().subplots(figsize=(10, 3))
    ax.set_title("a title at the default size", fontsize=18)
    save_figure(fig, tmp_path / "wide@2x.png")
    assert Image.open(tmp_path / "wide@2x.png").size == (2 * COLUMN_PX, 2 * 206)


def test_a_narrow_figure_keeps_its_size_at_100_css_dpi(tmp_path):
    fig, _ = pyplot().subplots(figsize=(4, 3))
    save_figure(fig, tmp_path / "narrow@2x.png")
    assert Image.open(tmp_path / "narrow@2x.png").size == (800, 600)


def test_text_that_would_show_under_12_px_is_refused_and_nothing_is_written(tmp_path):
    fig, ax = pyplot().subplots(figsize=(10, 3))
    ax.set_title("too small once shrunk to the column", fontsize=12)
    ax.set_xticks([])
    ax.set_yticks([])
    with pytest.raises(ValueError, match=r"smallest text would be 11\.5 px"):
        save_figure(fig, tmp_path / "small@2x.png")
    assert not (tmp_path / "small@2x.png").exists()


def test_the_votes_map_is_blue_against_white_at_zero_and_orange_for():
    colours = votes_colormap()([0.0, 0.5, 1.0])[:, :3]
    np.testing.assert_allclose(colours * 255, [VOTE_AGAINST, (255, 255, 255), VOTE_FOR],
                               atol=1)


def test_the_drawing_page_colours_votes_as_the_figures_and_the_game_do():
    page = (Path(__file__).parents[1] / "game" / "serve" / "static" / "playground.js").read_text()
    shown = {name: tuple(int(c) for c in re.search(
        rf"const {name} = \[(\d+), (\d+), (\d+)\];", page).groups())
        for name in ("VOTE_FOR", "VOTE_AGAINST")}
    assert shown == {"VOTE_FOR": VOTE_FOR, "VOTE_AGAINST": VOTE_AGAINST}
