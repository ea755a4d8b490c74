"""Drawings recorded by the game's collect mode, as training data."""

import json
from pathlib import Path

import numpy as np
from skimage import io

from softmax_from_scratch.canvas import INPUTS, canvas_to_input


def load_collected(root: str | Path, framing: str = "mnist") -> tuple[np.ndarray, np.ndarray]:
    """data/collected (index.jsonl + PNGs) -> X (n, inputs) float32, y (n,) labels,
    inputs = 784, or 1568 for framing "both".

    Every snapshot, partial or final, goes through `canvas_to_input(.., framing)`
    as the game's canvas does. A line whose PNG is missing (a crash mid-write) is skipped.
    """
    root = Path(root)
    index = root / "index.jsonl"
    if not index.exists():
        raise FileNotFoundError(f"no collected drawings: {index} does not exist")
    rows, labels = [], []
    for line in index.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:  # a line cut short by a crash
            continue
        path = root / record["path"]
        if not path.exists():
            continue
        drawn = canvas_to_input(io.imread(path), framing)
        if drawn is not None:
            rows.append(drawn)
            labels.append(int(record["digit"]))
    return (np.array(rows, dtype=np.float32).reshape(-1, INPUTS[framing]),
            np.array(labels, dtype=int))
