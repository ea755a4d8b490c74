"""Drawings recorded by the game's collect mode, as training data in real pen order.

Collect mode writes, per snapshot, a PNG and a line of data/collected/index.jsonl
holding the digit asked for and every stroke drawn so far as (x, y) canvas points
in drawing order. A player's pen order is what pendigits gives for 30 writers,
so each round's drawing is re-drawn stroke by stroke with the game's pen and
snapshot at the training fractions, exactly like a pendigits trajectory (but with
the real pen-up moves: strokes are drawn apart).
"""

import json
from pathlib import Path

import numpy as np

from softmax_from_scratch.canvas import INPUTS
from softmax_from_scratch.pen import snapshot_inputs, stack_snapshots


def collected_drawings(root: str | Path) -> list[tuple[int, list[np.ndarray]]]:
    """index.jsonl -> [(digit, strokes)], one per round: the round's last snapshot (its
    final drawing, or the last stroke saved before a crash). Strokes are (m, 2) (x, y)."""
    index = Path(root) / "index.jsonl"
    if not index.exists():
        raise FileNotFoundError(f"no collected drawings: {index} does not exist")
    rounds: dict[tuple[str, int], dict] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:  # a line cut short by a crash
            continue
        if record.get("strokes"):
            rounds[(record["session"], record["round"])] = record  # later lines win
    return [(int(r["digit"]), [np.array(s, dtype=float).reshape(-1, 2) for s in r["strokes"]])
            for r in rounds.values()]


def load_collected(root: str | Path, framing: str = "mnist",
                   fractions: tuple[float, ...] = (1.0,)) -> tuple[np.ndarray, np.ndarray]:
    """data/collected -> X (m, INPUTS[framing]) float32, y (m,) labels: every round's
    drawing re-drawn in the player's own stroke order, framed at each fraction of its
    ink path as the game frames its canvas."""
    drawings = collected_drawings(root)
    inputs = [snapshot_inputs(strokes, fractions, framing) for _, strokes in drawings]
    X, y, _ = stack_snapshots(inputs, np.array([d for d, _ in drawings], dtype=np.int64),
                              fractions, INPUTS[framing])
    return X, y
