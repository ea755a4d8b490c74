"""Save a screenshot of each screen, drawn headless: python -m game.screenshots DIR"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame

from game.app import CANVAS, CANVAS_AT, App
from softmax_from_scratch import digit_strokes, load_mnist


def post_stroke(points: np.ndarray) -> None:
    """Post the mouse events of one stroke, as a hand on the mouse would make them.

    points: (m, 2) (row, col) in a 28x28 grid, placed on the canvas where MNIST
    would put them (the 28 grid spans the canvas, 20 px per cell)."""
    scale = CANVAS / 28
    xy = [(int(CANVAS_AT[0] + (c + 0.5) * scale), int(CANVAS_AT[1] + (r + 0.5) * scale))
          for r, c in points]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=xy[0], button=1))
    for pos in xy[1:]:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                             buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=xy[-1], button=1))


def draw(app: App, strokes: list[np.ndarray], fraction_of_strokes: float = 1.0) -> None:
    """Draw the first strokes (28x28 grid coordinates), one frame per stroke."""
    for stroke in strokes[: max(1, round(len(strokes) * fraction_of_strokes))]:
        post_stroke(stroke)
        app.step(0.05)


def save_screenshots(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    _, (X_test, y_test) = load_mnist(progress=False)

    def strokes_of(digit: int, nth: int = 3) -> list[np.ndarray]:
        return digit_strokes(X_test[np.flatnonzero(y_test == digit)[nth]].reshape(28, 28))[0]

    with tempfile.TemporaryDirectory() as scratch:
        app = App(mode="play", collect_dir=scratch, seed=3)
        app.step(0.0)
        pygame.image.save(app.screen, out / "play-start.png")
        draw(app, strokes_of(app.round.digit))
        pygame.image.save(app.screen, out / "play-recognized.png")
        app.next_round()
        draw(app, strokes_of(app.round.digit, nth=5))
        app.on_key(pygame.K_ESCAPE)  # the session's results
        app.step(0.0)
        pygame.image.save(app.screen, out / "play-session.png")
        app.showing_results = False
        app.mode = "free"
        app.next_round()
        draw(app, strokes_of(4), fraction_of_strokes=0.5)
        pygame.image.save(app.screen, out / "free-draw-half.png")
        app.mode = "collect"
        app.next_round()
        draw(app, strokes_of(app.round.digit))
        pygame.image.save(app.screen, out / "collect.png")
        pygame.quit()
    return sorted(out.glob("*.png"))


if __name__ == "__main__":
    for path in save_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/figures")):
        print(f"wrote {path}")
