"""Where a player's things live: their collected drawings and their taught model.

Per user, not per working directory (`platformdirs`: ~/.local/share/softmax-from-scratch
on Linux, following $XDG_DATA_HOME; the matching folders on macOS and Windows), so
that the game finds them again wherever it is started from.
"""

from pathlib import Path

import platformdirs

APP = "softmax-from-scratch"


def data_dir() -> Path:
    """The per-user data folder (not created here)."""
    return platformdirs.user_data_path(APP)


def collected_dir() -> Path:
    """Where the game saves drawings by default: collect mode's and every lesson's."""
    return data_dir() / "collected"


def player_model_path() -> Path:
    """The player's own model: the shipped one plus every lesson taught in the game."""
    return data_dir() / "player-model.npz"
