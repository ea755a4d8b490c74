"""Pictures read as the 2016 original read them, and MNIST's digits moved a little.

* `original_image_features`, the 2016 original's pipeline: read a 500x500 canvas
  snapshot as grayscale, average each 25x25 block (`downscale_local_mean`),
  flatten: 20x20 = 400 features;
* `shift_images`: MNIST's digits shifted a few pixels, the way `training_set`
  augments them.

(A drawing's canvas becomes the model's views in views.py; MNIST averaged down to
the 2016 original's 20x20 is its "mnist20" view, `mnist_to_original20`.)
"""

from pathlib import Path

import numpy as np

from softmax_from_scratch.views import FIELD

BLOCK = 25  # the 2016 original averaged 25 x 25 blocks: a 500 x 500 canvas -> 20 x 20


def original_image_features(image_or_path: np.ndarray | str | Path) -> np.ndarray:
    """The 2016 original's pipeline, step for step: (400,) float32 for a 500x500 canvas.

        image = io.imread(path)                       # the canvas snapshot
        image = color.rgb2gray(image)                 # to one grey channel in [0, 1]
        image = downscale_local_mean(image, (25, 25)) # 500x500 -> 20x20 block means
        features = image.flatten()                    # 400 numbers

    Accepts a path or an array (2-D grey, or RGB/RGBA). The 2016 original's canvas was
    dark ink on white; MNIST is bright ink on black. The grey image is
    returned as read: invert with `1 - features` for dark-on-light canvases.
    """
    # scikit-image is imported here, when first needed: importing it takes half a second,
    # which every `digits` command and the game would otherwise wait for
    from skimage import color, io
    from skimage.transform import downscale_local_mean

    image = io.imread(image_or_path) if isinstance(image_or_path, str | Path) else image_or_path
    image = np.asarray(image)
    if image.ndim == 3:
        image = color.rgb2gray(color.rgba2rgb(image) if image.shape[2] == 4 else image)
    elif image.ndim != 2:
        raise ValueError(f"expected a grey or RGB image, got shape {image.shape}")
    elif image.dtype == np.uint8:
        image = image / 255.0
    return downscale_local_mean(image, (BLOCK, BLOCK)).astype(np.float32).ravel()


def shift_images(X: np.ndarray, max_shift: int, seed: int = 0) -> np.ndarray:
    """MNIST rows (n, 784), each moved by a random whole number of pixels, up to
    `max_shift` each way (ink pushed past an edge re-enters at the other, which at
    3 px touches only MNIST's empty border)."""
    rng = np.random.default_rng(seed)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(X), 2))
    images = np.asarray(X).reshape(len(X), FIELD, FIELD)
    moved = np.empty_like(images)
    for i, (down, right) in enumerate(shifts):
        moved[i] = np.roll(images[i], (down, right), axis=(0, 1))
    return moved.reshape(len(X), FIELD * FIELD)
