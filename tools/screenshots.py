"""Save a screenshot of each screen, drawn headless: python -m tools.screenshots DIR"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame

from game.app import App
from softmax_from_scratch import load_default_model, load_pendigits
from softmax_from_scratch.pendigits import split_pendigits
from softmax_from_scratch.trajectories import place, smooth_path
from tools.players import ODD_ONE
from tools.replay import draw


def press(key: int) -> None:
    """A key pressed, as the window receives it (the frame after it is drawn anew)."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


def save_screenshots(out: Path) -> list[Path]:
    """Every screen, drawn with held-out real pen trajectories (smooth, filling the box)."""
    out.mkdir(parents=True, exist_ok=True)
    _, (points, labels) = split_pendigits(*load_pendigits(progress=False))

    def strokes_of(digit: int, nth: int = 3) -> np.ndarray:
        """The `nth` held-out trajectory of `digit`, placed and smoothed: (m, 2) (x, y)."""
        return smooth_path(place(points[np.flatnonzero(labels == digit)[nth]]))

    with tempfile.TemporaryDirectory() as scratch:
        # the shipped model, and lessons kept in the scratch folder: never the player's own
        app = App(load_default_model(), mode="play", collect_dir=scratch, seed=3,
                  player_dir=Path(scratch))
        app.step(0.0)
        pygame.image.save(app.screen, out / "play-start.png")
        draw(app, strokes_of(app.round.digit))
        pygame.image.save(app.screen, out / "play-recognized.png")
        app.next_round()
        draw(app, strokes_of(app.round.digit, nth=5))
        press(pygame.K_ESCAPE)  # the session's results
        app.step(0.0)
        pygame.image.save(app.screen, out / "play-session.png")
        app.showing_results = False
        app.mode = "free"
        app.next_round()
        draw(app, strokes_of(4), fraction=0.5)
        pygame.image.save(app.screen, out / "free-draw-half.png")
        app.mode = "collect"
        app.next_round()
        draw(app, strokes_of(app.round.digit))
        pygame.image.save(app.screen, out / "collect.png")
        app.mode = "free"
        app.next_round()
        draw(app, ODD_ONE[0])
        press(pygame.K_1)  # "that was a 1": a lesson, on its own thread
        app.step(0.0)
        app.teaching.result()
        app.step(0.0)
        pygame.image.save(app.screen, out / "lesson.png")
        pygame.quit()
    return sorted(out.glob("*.png"))


if __name__ == "__main__":
    for path in save_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/figures")):
        print(f"wrote {path}")
