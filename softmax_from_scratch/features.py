"""From pictures to the numbers the model reads.

Two pipelines live here:

* the 2016 original's: read a 500x500 canvas snapshot as grayscale, average
  each 25x25 block (`downscale_local_mean`), flatten: 20x20 = 400 features;
* MNIST's 28x28 digits averaged down to the 2016 original's 20x20, so that the 2016
  original's 400-number model can be trained on MNIST (the "original20" framing).

Both reduce resolution by *area averaging*: each output pixel is the mean of
the input area it covers. `area_matrix` writes that as a matrix, so an image
is resampled by two small matrix products, R @ image @ C^T.
"""

from pathlib import Path

import numpy as np

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


def area_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) matrix that resamples a line of n_in pixels to n_out by area.

    Output pixel i covers the input interval [i s, (i+1) s) with s = n_in / n_out;
    entry (i, j) is the share of that interval that falls on input pixel
    [j, j+1). Rows sum to 1, so a constant image stays constant. For
    n_in = 25 n_out this is exactly `downscale_local_mean` by 25.
    """
    scale = n_in / n_out
    starts = np.arange(n_out)[:, None] * scale
    pixel = np.arange(n_in)[None, :]
    overlap = np.minimum(starts + scale, pixel + 1) - np.maximum(starts, pixel)
    return np.clip(overlap, 0, None) / scale


def mnist_to_original20(X: np.ndarray) -> np.ndarray:
    """MNIST rows (n, 784) -> the 2016 original's resolution, (n, 400) float32.

    The 28x28 digit is area-averaged to 20x20: what `downscale_local_mean`
    by 25 does to a 500x500 canvas showing the same digit.
    """
    A = area_matrix(28, 20).astype(np.float32)
    images = np.asarray(X, dtype=np.float32).reshape(len(X), 28, 28)
    return (A @ images @ A.T).reshape(len(images), 400)


def shift_images(X: np.ndarray, max_shift: int, seed: int = 0) -> np.ndarray:
    """MNIST rows (n, 784), each moved by a random whole number of pixels, up to
    `max_shift` each way (ink pushed past an edge re-enters at the other, which at
    3 px touches only MNIST's empty border)."""
    rng = np.random.default_rng(seed)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(X), 2))
    images = np.asarray(X).reshape(len(X), 28, 28)
    moved = np.empty_like(images)
    for i, (down, right) in enumerate(shifts):
        moved[i] = np.roll(images[i], (down, right), axis=(0, 1))
    return moved.reshape(len(X), 784)
