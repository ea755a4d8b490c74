"""A stroke replayed as the mouse events a hand would make: for the screenshots, the
tests and the benchmarks, which drive the real window event by event."""

import numpy as np
import pygame

from game.app import CANVAS, CANVAS_AT, App
from softmax_from_scratch.strokes import first_fraction, rescale
from softmax_from_scratch.views import FIELD


def post_stroke(points: np.ndarray) -> None:
    """Post the mouse events of one stroke of an MNIST digit: points (m, 2) (x, y) in
    a 28x28 grid, placed where MNIST would put them (the grid spans the canvas)."""
    post_path(rescale([points], CANVAS / FIELD)[0])


def post_path(path: np.ndarray, app: App | None = None, points_per_frame: int = 0) -> None:
    """Post the mouse events of one stroke, as a hand on the mouse would make them:
    path (m, 2) of (x, y) in the canvas. With an app, run a frame every
    `points_per_frame` points, so the game sees the stroke grow."""
    xy = [(int(CANVAS_AT[0] + x), int(CANVAS_AT[1] + y)) for x, y in path]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=xy[0], button=1))
    for k, pos in enumerate(xy[1:], start=1):
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                             buttons=(1, 0, 0)))
        if app is not None and points_per_frame and k % points_per_frame == 0:
            app.step(0.05)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=xy[-1], button=1))


def draw(app: App, path: np.ndarray, fraction: float = 1.0) -> None:
    """Draw the first `fraction` of a canvas path's ink as one stroke (`first_fraction`:
    the pen stops where the game's and the training's pens stop), six points a frame."""
    post_path(first_fraction([path], fraction)[0], app, points_per_frame=6)
    app.step(0.05)
