"""Collect mode's recorder: the 2016 original's collection app, saving snapshots while people draw.

    data/collected/<digit>/<session>-<round>-<snapshot>.png    the canvas, ink white on black
    data/collected/index.jsonl                                 one JSON line per snapshot

An index line holds the PNG's path, the digit, the session, the round (counted from 1 in
its session), its completion ("partial", "final" or "taught"), the strokes so far as
(x, y) canvas points in drawing order, and the time.

Each PNG is written to a temporary name and renamed into place, and each index
line is flushed and fsynced before the call returns, so a crash loses at most
the snapshot being written, never one already saved. Nothing is ever deleted: a
lesson taken back is withdrawn by one more line (`withdraw`).
"""

import json
import os
import time
import uuid
from pathlib import Path

import numpy as np
from skimage import io

from softmax_from_scratch.collected import collected_drawings


class Collector:
    """Saves the game's drawings under `root`: one PNG and one index line per snapshot,
    named by a session id so that two sessions never overwrite each other."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.session = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        self.count = 0  # snapshots saved in this session
        self.kept: set[int | str] = set()  # this session's drawings: rounds, and lessons' paths
        self.last: tuple[int, list] | None = None  # the last snapshot: (round, strokes)
        self.last_path: Path | None = None
        self.broken = False  # set when the folder could not be written: stop trying
        self.earlier = self.drawings_on_disk()  # saved by earlier sessions

    @property
    def drawings(self) -> int:
        """Drawings saved in this session (a round's snapshots are one drawing; a lesson
        is one of its own, until it is withdrawn)."""
        return len(self.kept)

    def drawings_on_disk(self) -> int:
        """Drawings in the folder's index, every session's (bad lines not counted)."""
        if not (self.root / "index.jsonl").is_file():
            return 0
        try:
            return len(collected_drawings(self.root, say=lambda _: None))
        except OSError:
            return 0

    def on_disk(self) -> int:
        """Drawings in the folder: earlier sessions' and this one's."""
        return self.earlier + self.drawings

    def save(self, digit: int, ink: np.ndarray, strokes: list, round_index: int,
             completion: str) -> Path:
        """Write one snapshot of the canvas and its index line; returns the PNG path.

        completion: "partial" while drawing, "final" when the player moves on, "taught"
        for a lesson. A final drawing that is the round's last snapshot already (nothing
        drawn since) is not written twice: its index line names that snapshot's PNG.
        """
        points = [[[round(x, 1), round(y, 1)] for x, y in s] for s in strokes]
        if completion == "final" and self.last == (round_index, points):
            path = self.last_path
        else:
            path = self.write_png(digit, ink, round_index)
        self.last, self.last_path = (round_index, points), path
        relative = str(path.relative_to(self.root))
        self.kept.add(relative if completion == "taught" else round_index)
        self.append({"path": relative, "digit": digit, "session": self.session,
                     "round": round_index, "completion": completion, "strokes": points,
                     "time": time.time()})
        return path

    def withdraw(self, path: Path) -> None:
        """Take a lesson's drawing out of the collected set: one index line says so, and
        `collected_drawings` skips it from then on. The PNG stays where it is."""
        relative = str(path.relative_to(self.root))
        self.append({"withdrawn": relative, "session": self.session, "time": time.time()})
        self.kept.discard(relative)

    def write_png(self, digit: int, ink: np.ndarray, round_index: int) -> Path:
        """The canvas as a PNG in the digit's folder, renamed into place once whole."""
        folder = self.root / str(digit)
        folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        path = folder / f"{self.session}-{round_index:03d}-{self.count:04d}.png"
        tmp = path.with_name(path.stem + ".tmp.png")
        io.imsave(tmp, (np.clip(ink, 0, 1) * 255).astype(np.uint8), check_contrast=False)
        os.replace(tmp, path)
        return path

    def append(self, record: dict) -> None:
        """One line at the end of the index, on disk before this returns."""
        with open(self.root / "index.jsonl", "a", encoding="utf-8") as index:
            index.write(json.dumps(record) + "\n")
            index.flush()
            os.fsync(index.fileno())
