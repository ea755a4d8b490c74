"""Files are written whole or not at all."""

from pathlib import Path

import pytest

from softmax_from_scratch.atomic import write_atomically, write_text_atomically


def test_a_write_replaces_the_file(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("old")
    write_text_atomically(path, "new")
    assert path.read_text() == "new"


def test_a_write_interrupted_halfway_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "figure.png"
    path.write_bytes(b"old figure")

    def interrupted(tmp: Path) -> None:
        tmp.write_bytes(b"half a fig")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, interrupted)
    assert path.read_bytes() == b"old figure"
    assert [p.name for p in tmp_path.iterdir()] == ["figure.png"]


def test_the_temporary_keeps_the_suffix_that_writers_read_the_format_from(tmp_path):
    seen = []
    write_atomically(tmp_path / "curve.png", lambda tmp: (seen.append(tmp.suffix),
                                                          tmp.write_bytes(b"")))
    assert seen == [".png"]
