"""Measuring how far apart two results are."""

import numpy as np


def max_relative_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    """max |ours - theirs| / max |theirs|: one number for how far two arrays are apart,
    scaled by the size of the values (a 1e-6 difference means ~20 bits agree)."""
    return float(np.abs(ours - theirs).max() / max(np.abs(theirs).max(), np.finfo(float).tiny))
