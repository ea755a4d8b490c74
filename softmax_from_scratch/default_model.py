"""The model the game plays with, shipped inside the package (models/default.npz).

Made by the command in its metadata ("command"); see docs/game.md for its numbers.
"""

from importlib import resources

from softmax_from_scratch.model import SoftmaxRegression


def load_default_model() -> SoftmaxRegression:
    """The model the game ships with, no download: its metadata says what it reads
    ("framing", "inputs"), how it was made ("recipe" -> "command") and how well it does."""
    with resources.as_file(resources.files("softmax_from_scratch") / "models" / "default.npz") as p:
        return SoftmaxRegression.load(p)
