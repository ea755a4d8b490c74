"""The models the game plays with, shipped inside the package, no download:

    models/network.npz   the one-hidden-layer network: the game's default
    models/linear.npz    softmax regression, the first subject, still shipped

Each was made by the command in its metadata ("command"); docs/game.md and
docs/network.md have their numbers.
"""

from importlib import resources

from softmax_from_scratch.classifier import Classifier
from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.network import Network

SHIPPED = {"network": Network, "linear": SoftmaxRegression}  # the first is the default


def kind_of(model: Classifier) -> str:
    """The name a model's kind ships under: "network" or "linear"."""
    return next(kind for kind, cls in SHIPPED.items() if isinstance(model, cls))


def shipped_path(kind: str = "network"):
    """Where a shipped model's file is (a resource of the package)."""
    if kind not in SHIPPED:
        raise ValueError(f"the shipped models are {' and '.join(SHIPPED)}, not {kind!r}")
    return resources.files("softmax_from_scratch") / "models" / f"{kind}.npz"


def load_default_model(kind: str = "network") -> Classifier:
    """A model the game ships with: the network (the default), or "linear", softmax
    regression. Its metadata says what it reads ("framing", "inputs"), how it was made
    ("recipe" -> "command") and how well it does."""
    with resources.as_file(shipped_path(kind)) as path:
        return SHIPPED[kind].load(path)
