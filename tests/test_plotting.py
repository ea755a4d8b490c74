"""Figures are made to be read where the docs show them (softmax_from_scratch/plotting.py)."""

import pytest
from PIL import Image

from softmax_from_scratch.plotting import COLUMN_PX, pyplot, save_figure


def test_a_wide_figure_is_saved_at_the_columns_width(tmp_path):
    fig, ax = pyplot().subplots(figsize=(10, 3))
    ax.set_title("a title at the default size")
    save_figure(fig, tmp_path / "wide.png")
    assert Image.open(tmp_path / "wide.png").size == (COLUMN_PX, 206)


def test_a_narrow_figure_keeps_its_size_at_100_dpi(tmp_path):
    fig, _ = pyplot().subplots(figsize=(4, 3))
    save_figure(fig, tmp_path / "narrow.png")
    assert Image.open(tmp_path / "narrow.png").size == (400, 300)


def test_text_that_would_be_under_9_px_is_refused_and_nothing_is_written(tmp_path):
    fig, ax = pyplot().subplots(figsize=(10, 3))
    ax.set_title("too small once shrunk to the column", fontsize=9)
    with pytest.raises(ValueError, match=r"smallest text would be 8\.6 px"):
        save_figure(fig, tmp_path / "small.png")
    assert not (tmp_path / "small.png").exists()
