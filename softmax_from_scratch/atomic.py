"""Files written whole or not at all: write beside the target, then rename over it.

A rename within one folder is atomic (`os.replace`, on POSIX and Windows), so whoever
reads the file, or a user whose Ctrl-C lands in the middle of a write, finds the old
file or the new one, never half of each.
"""

import os
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: str | Path, write: Callable[[Path], object]) -> None:
    """Call write(tmp) on a temporary name in `path`'s folder (same suffix, so that
    writers that read the format from it still can), then rename it to `path`."""
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomically(path: str | Path, text: str) -> None:
    """Path.write_text, atomically."""
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
