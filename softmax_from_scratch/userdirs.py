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


def player_model_path(kind: str = "network") -> Path:
    """The player's own model of a kind ("network" or "linear"): the shipped one plus
    every lesson taught in the game."""
    return data_dir() / f"player-{kind}.npz"


def keep_earlier_player_model() -> None:
    """The taught model of versions before the network, player-model.npz (a linear
    one), becomes player-linear.npz, unless that exists: renamed, never deleted."""
    earlier = data_dir() / "player-model.npz"
    if earlier.is_file() and not player_model_path("linear").exists():
        earlier.rename(player_model_path("linear"))
