"""Specification of the game against a random player: whatever is pressed, clicked or
dragged, in whatever order, nothing breaks and nothing false goes into the dataset.

The player is seeded, so a failure reproduces: every event comes from SEED, and each
lesson is waited for before the next event, so the run does not hang on thread timing.
"""

import os
import random

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.app import MODES, WINDOW_HEIGHT, WINDOW_WIDTH, App
from softmax_from_scratch import framing_of, load_collected, load_default_model
from softmax_from_scratch.collected import collected_drawings

SEED = 2026
EVENTS = 7500
DIGIT_KEYS = {getattr(pygame, f"K_{d}"): d for d in range(10)}
KEYS = [pygame.K_c, pygame.K_z, pygame.K_BACKSPACE, pygame.K_SPACE, pygame.K_RETURN,
        pygame.K_TAB, pygame.K_TAB, pygame.K_ESCAPE, pygame.K_t, pygame.K_t, pygame.K_u,
        pygame.K_f, pygame.K_q, pygame.K_a, *DIGIT_KEYS]


def mouse_event(rng: random.Random) -> pygame.event.Event:
    """A press, a drag or a release, anywhere in the window (on the canvas most often)."""
    if rng.random() < 0.7:
        pos = (rng.randrange(40, 600), rng.randrange(110, 670))  # on the canvas
    else:
        pos = (rng.randrange(WINDOW_WIDTH), rng.randrange(WINDOW_HEIGHT))
    kind = rng.choices(["down", "move", "up"], weights=[1, 8, 1])[0]
    if kind == "move":
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                  buttons=(rng.random() < 0.9, 0, 0))
    button = rng.choice([1, 1, 1, 3])
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN if kind == "down" else pygame.MOUSEBUTTONUP,
                              pos=pos, button=button)


def lesson_digit(app: App, key: int) -> int | None:
    """The digit the game is to learn when `key` is handled next, if it teaches at all:
    a digit key in free draw, T in the other modes, over ink the model reads, no lesson
    under way."""
    if app.model_input is None or app.teaching is not None:
        return None
    if key in DIGIT_KEYS and app.mode == "free":
        return DIGIT_KEYS[key]
    if key == pygame.K_t and app.mode != "free":
        return app.round.digit
    return None


@pytest.fixture(scope="module")
def random_play(tmp_path_factory):
    """EVENTS random events, through windows opened again whenever Esc closes one.
    Returns (the collected folder, {session id: its rounds}, the digits taught in order,
    events handled per mode)."""
    folder = tmp_path_factory.mktemp("random-player") / "collected"
    player = folder.parent / "player"  # its taught models: never the real player's
    rng = random.Random(SEED)
    app = App(load_default_model(), mode="play", collect_dir=folder, seed=SEED,
              player_dir=player)
    sessions, taught, per_mode = {}, [], dict.fromkeys(MODES, 0)
    for _ in range(EVENTS):
        sessions[app.collector.session] = app.session.rounds
        per_mode[app.mode] += 1
        if rng.random() < 0.8:
            pygame.event.post(mouse_event(rng))
            if rng.random() < 0.3:
                app.step(rng.choice([0.0, 0.05, 0.05, 2.0, 25.0]))  # rounds time out too
            continue
        app.step(0.05)  # the mouse events so far, so that the key meets the game as it is
        key = rng.choice(KEYS)
        if (digit := lesson_digit(app, key)) is not None:
            taught.append(digit)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
        app.step(0.05)
        app.wait_for_lesson()
        if not app.running:  # Esc: the player opens the game again, in any mode
            app.run()  # ends the window as the game does
            app = App(mode=rng.choice(MODES), collect_dir=folder, seed=rng.randrange(10**6),
                      player_dir=player)
    app.wait_for_lesson()
    pygame.quit()
    return folder, sessions, taught, per_mode


@pytest.mark.slow
def test_a_random_player_plays_every_mode(random_play):
    _, _, taught, per_mode = random_play
    assert min(per_mode.values()) >= EVENTS // 10 and len(taught) >= 20


@pytest.mark.slow
def test_every_snapshot_a_random_player_saved_carries_the_digit_collect_mode_asked_for(
        random_play):
    folder, sessions, _, _ = random_play
    records = [r for r in read_index(folder) if r.get("completion") in ("partial", "final")]
    assert records
    for record in records:
        asked = sessions[record["session"]][record["round"] - 1]  # rounds count from 1
        assert (asked.mode, asked.digit) == ("collect", record["digit"]), record


@pytest.mark.slow
def test_every_lesson_a_random_player_gave_is_saved_with_the_digit_taught(random_play):
    folder, _, taught, _ = random_play
    lessons = [r["digit"] for r in read_index(folder) if r.get("completion") == "taught"]
    assert lessons == taught


@pytest.mark.slow
def test_what_a_random_player_left_loads_clean(random_play):
    folder, _, _, _ = random_play
    drawings = collected_drawings(folder, say=pytest.fail)  # a bad line fails the test
    withdrawn = {r["withdrawn"] for r in read_index(folder) if "withdrawn" in r}
    taught = {r["path"] for r in read_index(folder) if r.get("completion") == "taught"}
    assert withdrawn <= taught and drawings
    X, y = load_collected(folder, framing_of(load_default_model()), say=pytest.fail)
    assert len(X) == len(y) == len(drawings) and np.isfinite(X).all()


def read_index(folder) -> list[dict]:
    import json

    return [json.loads(line) for line in (folder / "index.jsonl").read_text().splitlines()]
