"""Drawings recorded by the game, as training data in real pen order.

Collect mode (and every lesson taught in the game) writes, per snapshot, a PNG and a
line of <folder>/index.jsonl holding the digit and every stroke drawn so far as (x, y)
canvas points in drawing order. A player's pen order is what pendigits gives for 30
writers, so each round's drawing is re-drawn stroke by stroke with the game's pen and
snapshot at the training fractions, exactly like a pendigits trajectory (but with the
real pen-up moves: strokes are drawn apart).

A lesson taken back in the game (U) is not deleted: a line {"withdrawn": <its path>}
is appended, and from then on the lesson's drawing is skipped, so the index only ever
grows and a player's drawing is never lost, only set aside.

The index is read line by line: a line cut short by a crash, garbled, or holding a
byte that is not UTF-8 is skipped and reported with its line number, and the rest is
read as usual.

A source may also be a class's store, by its URL (sqlite:///..., postgresql://...):
the drawings `digits serve` collected, read through the serve package's store.
"""

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from softmax_from_scratch.strokes import CANVAS
from softmax_from_scratch.views import snapshot_inputs, stack_snapshots

Say = Callable[[str], object]


STORE_SCHEMES = ("sqlite://", "postgresql://", "postgres://")  # a source that is a store
WITHDRAWN = ("", -1, "withdrawn")  # the key parse_record gives a lesson's withdrawal


def parse_record(line: bytes) -> tuple[tuple[str, int, str], int, list | None]:
    """One index line -> (drawing key, digit, strokes (m, 2) (x, y), or None for a snapshot
    with no strokes). The key is (session, round, ""): a round's snapshots are one
    drawing; a lesson ("taught") is a drawing of its own, keyed by its path too.
    A withdrawal gives (WITHDRAWN, 0, [the withdrawn lesson's path]).
    Raises ValueError saying what is wrong with the line."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"not a JSON line ({err.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if "withdrawn" in record:
        if not (isinstance(record["withdrawn"], str) and record["withdrawn"]):
            raise ValueError("withdrawn is not a drawing's path")
        return WITHDRAWN, 0, [record["withdrawn"]]
    try:
        digit, key, strokes = record["digit"], (record["session"], record["round"]), \
            record["strokes"]
    except KeyError as err:
        raise ValueError(f"no {err} field") from None
    if not (isinstance(digit, int) and 0 <= digit <= 9):
        raise ValueError(f"digit {digit!r} is not 0-9")
    if not isinstance(strokes, list):
        raise ValueError("strokes is not a list")
    try:
        arrays = [np.array(s, dtype=float).reshape(len(s), 2) for s in strokes]
    except (TypeError, ValueError):
        raise ValueError("a stroke is not a list of (x, y) numbers") from None
    if any(len(a) == 0 or not np.isfinite(a).all() for a in arrays):
        raise ValueError("a stroke is empty or holds a non-finite number")
    lesson = str(record.get("path", "")) if record.get("completion") == "taught" else ""
    return (str(key[0]), int(key[1]), lesson), digit, arrays if arrays else None


def is_store(source: str | Path) -> bool:
    """Whether a collected source names a class's store rather than a folder."""
    return str(source).startswith(STORE_SCHEMES)


def store_drawings(url: str) -> list[tuple[int, list[np.ndarray]]]:
    """Every drawing in a class's store -> [(digit, strokes)], strokes (m, 2) (x, y) in the
    game's canvas (each drawing's own canvas scaled to it)."""
    from game.serve.classroom import game_strokes
    from game.serve.store import open_store

    store = open_store(url)
    try:
        return [(d.digit, game_strokes(d.strokes, d.canvas)) for d in store.every_drawing()]
    finally:
        store.close()


def collected_drawings(root: str | Path, say: Say = print
                       ) -> list[tuple[int, list[np.ndarray]]]:
    """<root>/index.jsonl -> [(digit, strokes)], one per round: the round's last snapshot
    (its final drawing, or the last stroke saved before a crash), and one per lesson that
    was not withdrawn. Strokes are (m, 2) (x, y). Bad lines are skipped, and said: file,
    line numbers, and how many. A store's URL gives its drawings (`store_drawings`)."""
    if is_store(root):
        return store_drawings(str(root))
    index = Path(root) / "index.jsonl"
    if not index.is_file():
        raise FileNotFoundError(f"no collected drawings: {index} does not exist")
    rounds: dict[tuple[str, int, str], tuple[int, list[np.ndarray]]] = {}
    withdrawn: set[str] = set()
    bad = []
    with open(index, "rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = parse_record(line.strip())
            except ValueError as err:
                bad.append(f"line {number}: {err}")
                continue
            if record[0] == WITHDRAWN:
                withdrawn.update(record[2])
            elif record[2] is not None:
                rounds[record[0]] = (record[1], record[2])  # later lines win
    if bad:
        shown = "; ".join(bad[:3]) + ("; ..." if len(bad) > 3 else "")
        say(f"{index}: skipped {len(bad)} bad line{'s' * (len(bad) > 1)} ({shown})")
    return [drawing for (_, _, lesson), drawing in rounds.items() if lesson not in withdrawn]


def load_collected(root: str | Path, framing: str = "mnist",
                   fractions: tuple[float, ...] = (1.0,), size: int = CANVAS,
                   say: Say = print) -> tuple[np.ndarray, np.ndarray]:
    """A collect folder (or a store's URL) -> X (m, input_length(framing)) float32, y (m,)
    labels: every round's drawing re-drawn in the player's own stroke order on a `size`
    canvas (the game's 560, or less for speed), framed at each fraction of its ink path
    as the game frames its canvas."""
    drawings = collected_drawings(root, say)
    inputs = [snapshot_inputs(strokes, fractions, framing, size) for _, strokes in drawings]
    X, y, _ = stack_snapshots(inputs, np.array([d for d, _ in drawings], dtype=np.int64),
                              fractions, framing)
    return X, y
