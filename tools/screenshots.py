"""Save a screenshot of each screen, drawn headless: python -m tools.screenshots DIR

Each screen is saved whole (NAME.png, 1280 x 720, for the README) and cropped to what the
docs' figure of it shows (NAME@2x.png, each pixel doubled, shown at half that size: at most
the column's width, so the game's text is shown at its own size, 24 px and up).
"""

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
from softmax_from_scratch.strokes import smooth_path
from softmax_from_scratch.trajectories import place_trajectory
from tools.players import ODD_ONE
from tools.replay import draw

CROPS = {  # what each figure shows of the window: (left, top, width, height), in its px
    "play-recognized": (20, 0, 620, 676),  # the verdict, and the digit on the canvas
    "play-start": (20, 0, 620, 108),  # the prompt, before the first stroke
    "play-session": (300, 48, 680, 218),  # the session's results
    "free-draw-half": (640, 90, 640, 560),  # the guess, its bars, views and votes
    "collect": (20, 0, 1240, 100),  # the prompt, and what was saved where
    "lesson": (640, 336, 640, 330),  # the bars after a lesson, and its notice
}
WHOLE = ("play-recognized", "play-start", "lesson")  # the README shows these whole


def keep(screen: pygame.Surface, out: Path, name: str) -> None:
    """The screen as the docs' figure NAME@2x.png (cropped, pixels doubled), and whole as
    NAME.png if the README shows it."""
    left, top, width, height = CROPS[name]
    crop = screen.subsurface((left, top, width, height))
    pygame.image.save(pygame.transform.scale_by(crop, 2), out / f"{name}@2x.png")
    if name in WHOLE:
        pygame.image.save(screen, out / f"{name}.png")


def press(key: int) -> None:
    """A key pressed, as the window receives it (the frame after it is drawn anew)."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


def save_screenshots(out: Path) -> list[Path]:
    """Every screen, drawn with held-out real pen trajectories (smooth, filling the box)."""
    out.mkdir(parents=True, exist_ok=True)
    _, (points, labels) = split_pendigits(*load_pendigits(progress=False))

    def strokes_of(digit: int, nth: int = 3) -> np.ndarray:
        """The `nth` held-out trajectory of `digit`, placed and smoothed: (m, 2) (x, y)."""
        return smooth_path(place_trajectory(points[np.flatnonzero(labels == digit)[nth]]))

    with tempfile.TemporaryDirectory() as scratch:
        # the shipped model, and lessons kept in the scratch folder: never the player's own
        app = App(load_default_model(), mode="play", collect_dir=scratch, seed=3,
                  player_dir=Path(scratch))
        app.step(0.0)
        keep(app.screen, out, "play-start")
        draw(app, strokes_of(app.round.digit))
        keep(app.screen, out, "play-recognized")
        app.next_round()
        draw(app, strokes_of(app.round.digit, nth=5))
        press(pygame.K_ESCAPE)  # the session's results
        app.step(0.0)
        keep(app.screen, out, "play-session")
        app.showing_results = False
        app.mode = "free"
        app.next_round()
        draw(app, strokes_of(4), fraction=0.5)
        keep(app.screen, out, "free-draw-half")
        app.mode = "collect"
        app.next_round()
        draw(app, strokes_of(app.round.digit))
        keep(app.screen, out, "collect")
        app.mode = "free"
        app.next_round()
        draw(app, ODD_ONE[0])
        press(pygame.K_1)  # "that was a 1": a lesson, on its own thread
        app.step(0.0)
        app.teaching.result()
        app.step(0.0)
        keep(app.screen, out, "lesson")
        pygame.quit()
    return sorted(out.glob("*.png"))


if __name__ == "__main__":
    for path in save_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/figures")):
        print(f"wrote {path}")
