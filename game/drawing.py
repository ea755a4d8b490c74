"""The player's drawing: the library's canvas and pen (`softmax_from_scratch.drawing`).

The game, training and evaluation all draw with this one class, so the ink on
the screen is the ink the model was trained on.
"""

from softmax_from_scratch.drawing import Drawing

__all__ = ["Drawing"]
