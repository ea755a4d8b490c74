"""What every model of digits shares, whatever happens between its input and its scores.

A model is its parameters, its forward pass to the logits Z (n, k), and the gradient of
the loss with respect to each parameter. Everything else follows from those and is the
same for softmax regression (model.py) and the network (network.py), so it lives here:

    P = softmax(Z)              predict_proba
    argmax_k Z                  predict (softmax is increasing: no exponentials needed)
    theta <- theta - eta dL/dtheta    sgd_step, for every parameter at once

and the checks on what comes in, and the model file: an .npz holding each parameter
under its name and a JSON "metadata" entry that names the model's kind, so that a file
of one kind never loads as the other. A model knows nothing of what its inputs are
made from: the game's framing travels in its metadata, read by framings.py.
"""

import json
import zipfile
import zlib
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from softmax_from_scratch.atomic import write_atomically
from softmax_from_scratch.functions import as_onehot, cross_entropy, softmax

FORMAT_VERSION = 1


class ModelFileError(ValueError):
    """A model file that cannot be trusted: wrong shapes, wrong types, a pickle inside."""


class Classifier:
    """The shared half of a model: subclasses set KIND and PARAMETERS (the names of the
    parameter arrays, in the order `gradients` returns theirs), and write `_logits`,
    `_loss_and_gradients` and `_from_arrays` (the checks a file's arrays must pass)."""

    KIND: ClassVar[str]
    PARAMETERS: ClassVar[tuple[str, ...]]
    KINDS: ClassVar[dict[str, type["Classifier"]]] = {}  # every kind, for `load_model`

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        Classifier.KINDS[cls.KIND] = cls

    metadata: dict[str, Any]
    dtype: np.dtype

    @property
    def parameters(self) -> list[np.ndarray]:
        """The parameter arrays, in PARAMETERS' order (the arrays themselves: a step
        changes them in place)."""
        return [getattr(self, name) for name in self.PARAMETERS]

    @property
    def n_inputs(self) -> int:
        """d, the length of an input row: the first parameter is (d, ...)."""
        return self.parameters[0].shape[0]

    @property
    def n_classes(self) -> int:
        """k, the number of classes: 10 for digits; the last parameter is the (k,) bias."""
        return self.parameters[-1].shape[0]

    # ----- the forward pass -------------------------------------------------

    def logits(self, X: np.ndarray) -> np.ndarray:
        """The scores Z, (n, k), of the rows of X (n, d)."""
        X = self._check_inputs(X)
        with np.errstate(invalid="ignore", over="ignore"):  # reported below, clearly
            logits = self._logits(X)
        self._check_finite(logits, X)
        return logits

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """P = softmax(Z).  X: (n, d) -> (n, k), rows sum to 1."""
        return softmax(self.logits(X))

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The most probable class of each row.  X: (n, d) -> (n,) int.

        argmax of the logits equals argmax of the probabilities: softmax is
        increasing, so prediction needs no exponentials at all.
        """
        return self.logits(X).argmax(axis=1)

    def loss(self, X: np.ndarray, y: np.ndarray) -> float:
        """Mean cross-entropy on (X, y); y: integer labels (n,) or one-hot rows (n, k)."""
        logits = self.logits(X)
        return cross_entropy(logits, as_onehot(y, len(logits), self.n_classes, self.dtype))

    # ----- the backward pass ------------------------------------------------

    def loss_and_gradients(self, X: np.ndarray, y: np.ndarray, weight_decay: float = 0.0
                           ) -> tuple[float, ...]:
        """(loss, one gradient per parameter, in PARAMETERS' order) on this model's
        parameters, after checking X and y (labels (n,) or one-hot rows (n, k))."""
        X = self._check_inputs(X)
        onehot = as_onehot(y, len(X), self.n_classes, self.dtype)
        with np.errstate(invalid="ignore", over="ignore"):  # reported below, clearly
            loss, *gradients = self._loss_and_gradients(X, onehot, weight_decay)
        self._check_finite(np.array([loss]), X)
        return (loss, *gradients)

    def gradients(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
        """dL/dtheta for every parameter theta, in PARAMETERS' order."""
        return self.loss_and_gradients(X, y)[1:]

    def sgd_step(self, X: np.ndarray, y: np.ndarray, learning_rate: float,
                 weight_decay: float = 0.0) -> float:
        """One step of gradient descent on the batch (X, y):
        theta <- theta - eta dL/dtheta for every parameter. Returns the batch
        loss measured before the step (what TensorFlow's `minimize` reports
        too). In place, so the parameters keep their dtype whatever the batch's."""
        loss, *gradients = self.loss_and_gradients(X, y, weight_decay)
        for parameter, gradient in zip(self.parameters, gradients, strict=True):
            parameter -= learning_rate * gradient
        return loss

    def copy(self, dtype: type | None = None) -> "Classifier":
        """A model of the same kind with copies of these parameters (cast to `dtype` if
        given) and of the metadata: training the copy leaves this one as it is."""
        dtype = np.dtype(dtype or self.dtype)
        arrays = {name: p.astype(dtype) for name, p in zip(self.PARAMETERS, self.parameters,
                                                            strict=True)}
        model = self._from_arrays(arrays, "the copy")
        model.metadata = json.loads(json.dumps(self.metadata))  # a deep copy, as saved
        return model

    # ----- checks -----------------------------------------------------------

    def _check_inputs(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.n_inputs:
            raise ValueError(
                f"expected X of shape (n, {self.n_inputs}), got {X.shape}; "
                f"this model was trained on {self.n_inputs} inputs per image"
            )
        if not np.issubdtype(X.dtype, np.number):
            raise TypeError(f"X must be numeric, got dtype {X.dtype}")
        return X

    @staticmethod
    def _check_finite(result: np.ndarray, X: np.ndarray) -> None:
        """A NaN or inf in a row of X makes that row's result non-finite, so this cheap
        check of the (small) result catches bad input without scanning all of X first."""
        if not np.isfinite(result).all():
            if not np.isfinite(X).all():
                raise ValueError("X contains NaN or infinite values")
            raise FloatingPointError("logits overflowed: the weights have diverged")

    # ----- files ------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the parameters and the metadata (with the model's kind) to an .npz file,
        no pickles inside. Written beside its destination and renamed into place, so an
        interrupted save never leaves a half-written model behind."""
        meta = {"format_version": FORMAT_VERSION, "kind": self.KIND, **self.metadata}
        arrays = dict(zip(self.PARAMETERS, self.parameters, strict=True))

        def write(tmp: Path) -> None:
            with open(tmp, "wb") as f:  # a file object: np.savez adds no ".npz" to it
                np.savez(f, **arrays, metadata=np.array(json.dumps(meta)))

        write_atomically(path, write)

    @classmethod
    def load(cls, path: str | Path) -> "Classifier":
        """Read a model of this kind written by `save`, refusing anything it would not
        write, and a file of another kind."""
        arrays, metadata = read_model_file(path, cls)
        for name in cls.PARAMETERS:
            if arrays[name].dtype not in (np.float32, np.float64) or \
                    arrays[name].dtype != arrays[cls.PARAMETERS[0]].dtype:
                raise ModelFileError(f"{path}: {' and '.join(cls.PARAMETERS)} must share a "
                                     "float dtype")
        model = cls._from_arrays(arrays, path)
        if not all(np.isfinite(p).all() for p in model.parameters):
            raise ModelFileError(f"{path}: weights contain NaN or infinite values")
        model.metadata = metadata
        return model

    @classmethod
    def _from_arrays(cls, arrays: dict[str, np.ndarray], path: str | Path) -> "Classifier":
        """A model holding `arrays`, once their shapes are checked (each kind's own)."""
        raise NotImplementedError

    @classmethod
    def _holding(cls, arrays: dict[str, np.ndarray]) -> "Classifier":
        """A model of this kind whose parameters are `arrays`, as they are, with empty
        metadata: for a file or a copy, which must not pay for a fresh start they would
        only overwrite (the network's random W1 took more than half of a copy's time)."""
        model = cls.__new__(cls)
        for name in cls.PARAMETERS:
            setattr(model, name, arrays[name])
        model.dtype = arrays[cls.PARAMETERS[0]].dtype
        model.metadata = {}
        return model

    # ----- the subclass's math ------------------------------------------------

    def _logits(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _loss_and_gradients(self, X: np.ndarray, onehot: np.ndarray, weight_decay: float
                            ) -> tuple[float, ...]:
        raise NotImplementedError


def read_model_file(path: str | Path, cls: type[Classifier]
                    ) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """A model file -> (its parameter arrays by name, its metadata), for a model of class
    `cls`: refused, with a ModelFileError saying why in plain words, if it is not a
    whole .npz of that kind holding every parameter and no pickle."""
    if Path(path).is_dir():
        raise ModelFileError(f"{path} is a directory: give a model file (.npz) in it")
    if not Path(path).exists():
        raise ModelFileError(f"{path} does not exist")
    with open(path, "rb") as f:
        if f.read(2) != b"PK":  # every .npz is a zip file, and zip files start so
            raise ModelFileError(f"{path}: not a model file (expected an .npz written "
                                 "by `digits train` or SoftmaxRegression.save)")
    try:
        with np.load(path, allow_pickle=False) as npz:  # pragma: no mutate (False by default)
            metadata = read_metadata(npz["metadata"], path) if "metadata" in npz.files else {}
            kind = metadata.get("kind", "softmax")  # files from before the network had none
            if kind != cls.KIND:
                raise ModelFileError(f"{path} holds a model of kind {kind!r}, not {cls.KIND!r}:"
                                     " load it with load_model, which reads any kind")
            names = (*cls.PARAMETERS, "metadata")
            missing = [name for name in names if name not in npz.files]
            if missing:
                raise ModelFileError(
                    f"{path}: not a model file (no {' or '.join(missing)} in it; "
                    f"{cls.__name__}.save writes {', '.join(names[:-1])} and {names[-1]})")
            arrays = {name: npz[name] for name in cls.PARAMETERS}
    except ValueError as err:  # np.load's word for a pickle, which it refuses
        if isinstance(err, ModelFileError):
            raise
        if "pickle" not in str(err):
            raise ModelFileError(f"{path}: damaged, cannot be read ({err})") from None
        raise ModelFileError(f"{path}: holds Python objects (a pickle), which a model "
                             "file never does: refusing to load it") from None
    except (OSError, EOFError, KeyError, RuntimeError, zipfile.BadZipFile,
            zlib.error):  # a damaged archive (RuntimeError: a zip feature it does not
        # support, e.g. a garbled version number)
        raise ModelFileError(f"{path}: damaged or cut short (not a whole .npz "
                             "archive): save or train it again") from None
    return arrays, metadata


def read_metadata(stored: np.ndarray, path: str | Path) -> dict[str, Any]:
    """A model file's metadata entry (a 0-d string array of JSON) -> the dict it holds."""
    try:
        if stored.shape != () or stored.dtype.kind != "U":
            raise ValueError("not a JSON string")
        metadata = json.loads(str(stored))
    except ValueError as err:  # incl. json.JSONDecodeError
        raise ModelFileError(f"{path}: its metadata is damaged ({err})") from None
    if not isinstance(metadata, dict):
        raise ModelFileError(f"{path}: its metadata is damaged (not a JSON object)")
    # files from before a framing could name the 2016 original's 20 x 20 said it in "features"
    for entry in (metadata, metadata.get("rows")):
        if isinstance(entry, dict) and entry.pop("features", None) == "original20":
            entry["framing"] = "original20"
    return metadata


def model_kind(path: str | Path) -> type[Classifier]:
    """The class of the model a file holds, by the kind its metadata names (a file that
    names none is softmax regression's, as every file was before the network)."""
    try:
        with np.load(path, allow_pickle=False) as npz:  # pragma: no mutate (the default)
            kind = read_metadata(npz["metadata"], path).get("kind", "softmax")
    except Exception:  # a damaged or foreign file: the class's own load says what is wrong
        return Classifier.KINDS["softmax"]
    if kind not in Classifier.KINDS:
        raise ModelFileError(f"{path}: a model of kind {kind!r}, which this version does "
                             f"not know (it reads {', '.join(Classifier.KINDS)})")
    return Classifier.KINDS[kind]


def load_model(path: str | Path) -> Classifier:
    """Any model file written by `save`: softmax regression or the network."""
    if Path(path).is_file():
        return model_kind(path).load(path)
    return Classifier.KINDS["softmax"].load(path)  # says what is wrong with the path
