"""Specification of the game, driven headless by real pygame mouse and key events."""

import itertools
import json
import os
import subprocess
import sys
import textwrap

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.app import CANVAS_AT, GOOD, PREVIEW, VOTE_AGAINST, VOTE_FOR, App, a_digit
from game.rounds import KNEW_IT, MIN_INK, ROUND_SECONDS, Round
from softmax_from_scratch import canvas_to_input, digit_strokes, load_collected, load_default_model
from softmax_from_scratch.drawing import snapshots
from softmax_from_scratch.pendigits import split_pendigits
from softmax_from_scratch.strokes import CANVAS, smooth_path
from softmax_from_scratch.trajectories import place_trajectory
from tools.players import ODD_ONE
from tools.replay import post_path, post_stroke


def press(key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


@pytest.fixture
def app(tmp_path):
    game = App(load_default_model(), mode="free", collect_dir=tmp_path / "collected", seed=0)
    yield game
    pygame.quit()


@pytest.fixture(scope="module")
def clear_digits(mnist):
    """Ten test digits, one per class, each with its recovered strokes."""
    _, (X_test, y_test) = mnist
    picks = [int(np.flatnonzero(y_test == d)[3]) for d in range(10)]
    return [(int(y_test[i]), digit_strokes(X_test[i].reshape(28, 28))[0]) for i in picks]


def test_the_guess_updates_after_every_stroke(app, clear_digits):
    _, strokes = clear_digits[4]
    seen = []
    for stroke in strokes:
        post_stroke(stroke)
        app.step(0.02)
        seen.append(app.probs.copy())
    assert len(strokes) >= 2
    for before, after in itertools.pairwise(seen):
        assert not np.allclose(before, after)


@pytest.fixture(scope="module")
def held_out_paths(pendigits):
    """One held-out real pen trajectory per digit, as a smooth canvas path of whole pixels
    (the mouse reports whole pixels)."""
    _, (points, labels) = split_pendigits(*pendigits)
    return [np.round(smooth_path(place_trajectory(points[np.flatnonzero(labels == d)[0]])))
            for d in range(10)]


def test_the_game_inks_exactly_what_training_and_evaluation_draw(app, held_out_paths):
    """One renderer: mouse events in the window and `drawing.snapshots` give the same ink,
    hence the same model input."""
    post_path(held_out_paths[5])
    app.step(0.02)
    expected = snapshots([held_out_paths[5]], (1.0,))[0]
    np.testing.assert_allclose(app.drawing.ink, expected, atol=1e-6)
    np.testing.assert_allclose(app.model_input, canvas_to_input(expected, app.framing),
                               atol=1e-6)


def test_most_held_out_real_pen_digits_are_guessed_right_when_finished(app, held_out_paths):
    right = 0
    for label, path in enumerate(held_out_paths):
        press(pygame.K_c)
        post_path(path)
        app.step(0.02)
        right += int(app.probs.argmax() == label)
    assert right >= 8


def test_an_idle_window_draws_no_frames(app, held_out_paths):
    assert app.step(0.02)  # the first frame
    assert not app.step(0.02) and not app.step(0.02)  # nothing changed, nothing drawn
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(300, 300), rel=(1, 1),
                                         buttons=(0, 0, 0)))
    assert not app.step(0.02)  # the mouse passing over the window draws nothing either
    post_path(held_out_paths[3])
    assert app.step(0.02)


def test_recognition_does_not_cut_the_stroke_in_progress(tmp_path, held_out_paths):
    game = App(load_default_model(), mode="play", collect_dir=tmp_path, seed=0)
    game.round.digit = 0
    path = held_out_paths[0]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(40 + int(path[0, 0]),
                                         110 + int(path[0, 1])), button=1))
    for x, y in path[1:]:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(40 + int(x), 110 + int(y)),
                                             rel=(0, 0), buttons=(1, 0, 0)))
        game.step(0.05)
    assert game.round.recognized and game.pen_down  # known before the 0 was closed
    assert game.drawing.ink_amount() > game.round.ink_when_recognized  # the stroke went on
    press(pygame.K_SPACE)
    game.step(0.05)
    assert 0 < game.session.rounds[0].ink_share() < 1
    pygame.quit()


def test_clearly_drawn_digits_are_guessed_right(app, clear_digits):
    right = 0
    for label, strokes in clear_digits:
        press(pygame.K_c)
        for stroke in strokes:
            post_stroke(stroke)
        app.step(0.02)
        right += int(app.probs.argmax() == label)
    assert right >= 8


def test_undo_removes_the_last_stroke_and_clear_removes_all(app, clear_digits):
    _, strokes = clear_digits[4]
    post_stroke(strokes[0])
    app.step(0.02)
    after_first = app.drawing.ink.copy()
    post_stroke(strokes[1])
    app.step(0.02)
    press(pygame.K_z)
    app.step(0.02)
    np.testing.assert_allclose(app.drawing.ink, after_first, atol=1e-6)
    press(pygame.K_c)
    app.step(0.02)
    assert app.drawing.is_empty and app.probs is None and not app.drawing.ink.any()


def test_only_play_mode_rounds_count_in_the_session(tmp_path):
    game = App(load_default_model(), mode="free", collect_dir=tmp_path, seed=0)
    press(pygame.K_SPACE)
    game.step(0.02)
    assert game.session.summary() == "no rounds yet"
    pygame.quit()


def test_tab_cycles_modes_and_escape_quits(app):
    press(pygame.K_TAB)
    app.step(0.02)
    assert app.mode == "collect"
    press(pygame.K_ESCAPE)
    app.step(0.02)
    assert not app.running


# ----- play mode ------------------------------------------------------------------------


def test_a_digit_is_named_with_its_article_an_8_but_a_7():
    assert [a_digit(d) for d in (7, 8, 0)] == ["a 7", "an 8", "a 0"]


def drawn_text(game: App) -> list[str]:
    """Every line of text the window draws from now on, as it draws it (the real
    `App.text` still draws it)."""
    shown, show = [], game.text
    game.text = lambda words, *rest, **kw: (shown.append(words), show(words, *rest, **kw))
    return shown


def test_the_prompt_asks_for_an_8(tmp_path):
    game = App(load_default_model(), mode="play", collect_dir=tmp_path, seed=0)
    shown = drawn_text(game)
    game.round.digit = 8
    game.draw_header()
    assert "Draw an 8" in shown
    pygame.quit()


def test_a_round_ends_when_the_model_is_confident_in_the_prompted_digit():
    game_round = Round(digit=7)
    probs = np.full(10, 0.01)
    probs[7] = KNEW_IT
    game_round.update(1.5, probs, ink=MIN_INK)
    assert game_round.finished and game_round.recognized_at == 1.5


def test_a_dot_never_wins_a_round_however_sure_the_model_is():
    """A dot of the pen (a disc of radius PEN_WIDTH / 2) reads as 3 at about 80 %."""
    from softmax_from_scratch.drawing import Drawing

    dot = Drawing()
    dot.begin_stroke(280, 280)
    game_round = Round(digit=3)
    probs = np.full(10, 0.001)
    probs[3] = 0.99
    game_round.update(0.1, probs, ink=dot.ink_amount())
    assert not game_round.finished
    game_round.update(0.1, probs, ink=MIN_INK)
    assert game_round.recognized


def test_a_round_goes_on_while_the_model_is_unsure_or_sees_another_digit():
    game_round = Round(digit=7)
    probs = np.full(10, 0.01)
    probs[1] = 0.9
    game_round.update(1.0, probs, ink=40.0)
    assert not game_round.finished


def test_a_round_ends_unrecognized_after_20_seconds_of_drawing():
    game_round = Round(digit=3)
    for _ in range(int(ROUND_SECONDS) + 1):
        game_round.update(1.0, None, ink=10.0)
    assert game_round.finished and not game_round.recognized


def test_the_clock_starts_with_the_first_stroke_not_with_the_prompt():
    game_round = Round(digit=3)
    for _ in range(int(ROUND_SECONDS) + 5):
        game_round.update(1.0, None, ink=0.0)  # the player reads the prompt, thinks
    assert not game_round.finished and game_round.remaining == ROUND_SECONDS
    game_round.update(1.0, None, ink=10.0)
    assert game_round.remaining == ROUND_SECONDS - 1


def test_after_the_model_knew_the_ink_drawn_to_finish_the_digit_still_counts():
    game_round = Round(digit=7)
    probs = np.full(10, 0.01)
    probs[7] = KNEW_IT
    game_round.update(1.0, probs, ink=MIN_INK)
    game_round.update(1.0, probs, ink=2 * MIN_INK)  # the player finishes the digit
    assert game_round.ink_share() == 0.5


def test_the_score_is_the_share_of_the_final_ink_drawn_when_the_model_knew():
    game_round = Round(digit=7, recognized_at=2.0, ink_when_recognized=30.0, final_ink=60.0,
                       finished=True)
    assert game_round.ink_share() == 0.5


def won_round(tmp_path, clear_digits) -> App:
    """A play-mode window in which the prompted digit has just been drawn, a frame a stroke."""
    game = App(load_default_model(), mode="play", collect_dir=tmp_path, seed=0)
    label, strokes = clear_digits[0]
    game.round.digit = label
    for stroke in strokes:
        post_stroke(stroke)
        game.step(0.1)
    return game


def test_the_verdict_shows_above_the_canvas_and_hides_no_stroke(tmp_path, clear_digits):
    game = won_round(tmp_path, clear_digits)
    post_path(np.array([[150.0, 540.0], [410.0, 540.0]]))  # a tail below the guide box
    game.step(0.1)
    screen = pygame.surfarray.array3d(game.screen)  # indexed (x, y)
    assert (screen[CANVAS_AT[0] + 280, CANVAS_AT[1] + 540] == 255).all()  # the ink, in full
    header = screen[:CANVAS_AT[0] + CANVAS, :CANVAS_AT[1]]
    assert (header == GOOD).all(axis=2).any()  # "I know, it's a 0!" in the prompt's place


def test_drawing_the_prompted_digit_in_play_mode_wins_the_round(tmp_path, clear_digits):
    game = won_round(tmp_path, clear_digits)
    assert game.round.finished and game.round.recognized
    press(pygame.K_SPACE)
    game.step(0.1)
    assert len(game.session.rounds) == 2 and game.drawing.is_empty
    assert "1 of 1 recognized" in game.session.summary()
    press(pygame.K_ESCAPE)
    game.step(0.1)
    assert game.showing_results and game.running  # the session's results first
    press(pygame.K_ESCAPE)
    game.step(0.1)
    assert not game.running
    pygame.quit()


# ----- collect mode -----------------------------------------------------------------------


def test_collect_mode_saves_a_snapshot_per_stroke_and_the_final_drawing(tmp_path, clear_digits):
    game = App(load_default_model(), mode="collect", collect_dir=tmp_path, seed=0)
    prompted = game.round.digit
    _, strokes = clear_digits[prompted]
    for stroke in strokes:
        post_stroke(stroke)
        game.step(0.02)
    press(pygame.K_SPACE)
    game.step(0.02)
    pygame.quit()
    records = [json.loads(line) for line in (tmp_path / "index.jsonl").read_text().splitlines()]
    assert [r["completion"] for r in records] == ["partial"] * len(strokes) + ["final"]
    assert all(r["digit"] == prompted for r in records)
    assert len(records[-1]["strokes"]) == len(strokes)
    assert all((tmp_path / r["path"]).exists() for r in records)
    X, y = load_collected(tmp_path, fractions=(0.5, 1.0))  # one round, in the player's pen order
    assert X.shape == (2, 784) and set(y) == {prompted}


def test_snapshots_saved_before_a_crash_survive_it(tmp_path):
    script = textwrap.dedent(f"""
        import os, pygame
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        from game.app import App, CANVAS_AT
        app = App(mode="collect", collect_dir={str(tmp_path)!r}, seed=0)
        for k in range(3):
            x, y = CANVAS_AT[0] + 100 + 100 * k, CANVAS_AT[1] + 100
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1))
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y + 300),
                                                 rel=(0, 300), buttons=(1, 0, 0)))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x, y + 300),
                                                 button=1))
            app.step(0.02)
        os._exit(1)  # a crash: no cleanup, no quit
    """)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            timeout=60)
    assert result.returncode == 1
    lines = (tmp_path / "index.jsonl").read_text().splitlines()
    assert len(lines) == 3
    assert all((tmp_path / json.loads(line)["path"]).exists() for line in lines)
    assert not list(tmp_path.rglob("*.tmp.png"))


@pytest.mark.parametrize("video", [None, "no-such-driver"])
def test_without_a_display_the_game_says_so_instead_of_a_traceback(video):
    """No screen (no DISPLAY, no Wayland): SDL would quietly open an invisible window."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    if video:
        env["SDL_VIDEODRIVER"] = video
    result = subprocess.run([sys.executable, "-m", "game"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "needs a display" in result.stderr
    assert "Traceback" not in result.stderr


# ----- lessons: the player teaches the model ------------------------------------------------

def draw_odd_one(app: App) -> None:
    post_path(np.round(ODD_ONE[0]))  # the mouse reports whole pixels
    app.step(0.02)


def teach_key(app: App, key: int) -> None:
    """Press a teaching key and run frames until the lesson (on its own thread) is in."""
    press(key)
    app.step(0.02)
    while app.teaching is not None:
        app.teaching.result()
        app.step(0.02)
    app.step(0.02)


def test_a_digit_key_in_free_draw_teaches_the_drawing_at_once(app, player_folders):
    draw_odd_one(app)
    before = app.probs.copy()
    teach_key(app, pygame.K_1)
    assert before.argmax() != 1
    assert app.probs.argmax() == 1 and app.probs[1] > 0.5
    assert app.model.metadata["lessons"] == 1
    assert app.notice.startswith("lesson 1: a 1. Before: ") and "now: 1 (" in app.notice


def test_a_lesson_is_kept_as_the_players_model_and_loaded_next_time(app, player_folders):
    draw_odd_one(app)
    teach_key(app, pygame.K_1)
    saved = player_folders / "player-network.npz"
    assert saved.is_file()
    pygame.quit()
    again = App(mode="free", collect_dir=app.collector.root)
    assert again.model.metadata["lessons"] == 1
    for theirs, ours in zip(again.model.parameters, app.model.parameters, strict=True):
        np.testing.assert_array_equal(theirs, ours)


def test_a_taught_drawing_goes_into_the_collected_folder(app):
    draw_odd_one(app)
    teach_key(app, pygame.K_7)
    records = [json.loads(line) for line in
               (app.collector.root / "index.jsonl").read_text().splitlines()]
    assert [(r["digit"], r["completion"]) for r in records] == [(7, "taught")]
    assert load_collected(app.collector.root, say=print)[1].tolist() == [7]


def test_t_in_play_mode_teaches_the_prompted_digit(tmp_path):
    game = App(load_default_model(), mode="play", collect_dir=tmp_path, seed=0)
    game.round.digit = 1
    draw_odd_one(game)
    teach_key(game, pygame.K_t)
    assert game.model.metadata["lessons"] == 1 and game.probs.argmax() == 1
    pygame.quit()


def test_digit_keys_teach_nothing_outside_free_draw(tmp_path):
    game = App(load_default_model(), mode="play", collect_dir=tmp_path, seed=0)
    draw_odd_one(game)
    teach_key(game, pygame.K_3)
    assert "lessons" not in game.model.metadata
    pygame.quit()


def test_teaching_an_empty_canvas_asks_for_a_drawing(app):
    press(pygame.K_4)
    app.step(0.02)
    assert "lessons" not in app.model.metadata and "draw a digit first" in app.notice


def test_f_goes_back_to_the_shipped_model_and_keeps_the_taught_one(app, player_folders):
    draw_odd_one(app)
    teach_key(app, pygame.K_1)
    press(pygame.K_f)
    app.step(0.02)
    assert "lessons" not in app.model.metadata
    assert not (player_folders / "player-network.npz").exists()
    kept = list(player_folders.glob("player-network-*.npz"))
    assert len(kept) == 1 and "kept as" in app.notice


def test_two_forgets_in_one_second_keep_both_taught_models(app, player_folders):
    for _ in range(2):
        draw_odd_one(app)
        teach_key(app, pygame.K_1)
        press(pygame.K_f)
        app.step(0.02)
    assert len(list(player_folders.glob("player-network-*.npz"))) == 2


def test_fresh_starts_from_the_shipped_model_and_keeps_the_taught_one(app, player_folders):
    draw_odd_one(app)
    teach_key(app, pygame.K_1)
    pygame.quit()
    again = App(mode="free", collect_dir=app.collector.root, fresh=True)
    assert "lessons" not in again.model.metadata
    assert len(list(player_folders.glob("player-network-*.npz"))) == 1


def test_a_collect_folder_that_cannot_be_written_is_said_and_the_game_goes_on(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    game = App(load_default_model(), mode="collect", collect_dir=blocker, seed=0)
    shown = drawn_text(game)
    draw_odd_one(game)
    assert "cannot save drawings" in game.notice and game.running
    press(pygame.K_SPACE)
    game.step(0.02)
    assert any(line.startswith("not saving: cannot write into /") and line.endswith("a file")
               for line in shown)  # said in the header, every round
    draw_odd_one(game)
    assert game.probs is not None
    pygame.quit()


# ----- rounds and screens ---------------------------------------------------------------------


def test_the_next_round_clears_the_session_results(tmp_path, clear_digits):
    game = won_round(tmp_path, clear_digits)
    press(pygame.K_ESCAPE)
    game.step(0.1)
    assert game.showing_results
    press(pygame.K_SPACE)
    game.step(0.1)
    assert not game.showing_results and game.running
    pygame.quit()


def test_a_round_skipped_without_drawing_is_skipped_not_missed(tmp_path):
    game = App(load_default_model(), mode="play", collect_dir=tmp_path, seed=0)
    press(pygame.K_SPACE)
    game.step(0.1)
    (skipped,) = game.session.finished_rounds()
    assert skipped.skipped and not skipped.recognized
    assert game.session.summary() == "1 skipped"
    pygame.quit()


def test_when_time_runs_out_the_round_keeps_what_the_model_thought():
    game_round = Round(digit=3)
    probs = np.full(10, 0.02)
    probs[8] = 0.82
    for _ in range(int(ROUND_SECONDS) + 1):
        game_round.update(1.0, probs, ink=10.0)
    assert game_round.finished and game_round.last_guess == (8, pytest.approx(0.82))


def test_a_round_the_player_moves_on_from_keeps_what_the_model_thought(tmp_path):
    game = App(load_default_model(), mode="play", collect_dir=tmp_path, seed=0)
    prompted = game.round.digit
    draw_odd_one(game)
    thought = int(game.probs.argmax())
    press(pygame.K_SPACE)
    game.step(0.1)
    (moved_on,) = game.session.finished_rounds()
    assert not moved_on.recognized and not moved_on.skipped
    assert moved_on.last_guess[0] == thought != prompted
    pygame.quit()


def test_the_collect_counter_counts_drawings_and_those_already_on_disk(tmp_path, clear_digits):
    from game.collect import Collector

    earlier = Collector(tmp_path)
    ink = np.zeros((560, 560), np.float32)
    for round_index in range(3):  # three drawings of two snapshots each
        for completion in ("partial", "final"):
            earlier.save(1, ink, [[(10.0, 10.0), (20.0, 30.0)]], round_index, completion)
    assert earlier.drawings == 3
    game = App(load_default_model(), mode="collect", collect_dir=tmp_path, seed=0)
    assert game.collector.on_disk() == 3
    _, strokes = clear_digits[game.round.digit]
    for stroke in strokes:
        post_stroke(stroke)
        game.step(0.02)
    press(pygame.K_SPACE)
    game.step(0.02)
    assert game.collector.drawings == 1 and game.collector.on_disk() == 4
    pygame.quit()


def test_the_window_redraws_when_a_lesson_comes_in(app):
    draw_odd_one(app)
    press(pygame.K_1)
    app.step(0.02)
    app.teaching.result()  # the lesson's thread is done; the next frame takes it
    assert app.step(0.02) and app.notice.startswith("lesson 1")


def test_f_during_a_lesson_still_goes_back_to_the_shipped_model(app, player_folders):
    draw_odd_one(app)
    press(pygame.K_1)
    press(pygame.K_f)
    app.step(0.02)
    while app.teaching is not None:
        app.teaching.result()
        app.step(0.02)
    assert "lessons" not in app.model.metadata
    assert len(list(player_folders.glob("player-network-*.npz"))) == 1


def test_beside_the_evidence_a_colour_bar_runs_from_orange_for_through_black_to_blue(app):
    draw_odd_one(app)
    app.step(0.02)
    left = 960 + 3 * (PREVIEW + 8) + 36 + 4  # the bar's middle column (game/app.py)
    column = pygame.surfarray.array3d(app.screen)[left, 218 : 218 + 2 * PREVIEW + 6]
    assert tuple(column[0]) == pytest.approx(VOTE_FOR, abs=3)
    assert tuple(column[-1]) == pytest.approx(VOTE_AGAINST, abs=3)
    assert column[len(column) // 2].max() < 10  # no vote: black, as the maps show it


def test_the_side_panel_shows_the_evidence_for_and_against_once_there_is_ink(app):
    def evidence_colours() -> set[str]:
        app.changed = True
        app.step(0.02)
        panel = pygame.surfarray.array3d(app.screen)[960 : 960 + 3 * (PREVIEW + 8),
                                                     218 : 218 + 2 * (PREVIEW + 6)]
        found = set()
        for name, colour in (("for", VOTE_FOR), ("against", VOTE_AGAINST)):
            pure = np.array(colour) / max(colour)  # a vote at any strength is this hue, scaled
            shade = panel.max(axis=2, keepdims=True) / 255
            if (np.abs(panel / 255 - pure * shade).max(axis=2)[shade[..., 0] > 0.5] < 0.02).any():
                found.add(name)
        return found

    assert evidence_colours() == set()
    post_path(np.array([[200.0, 120.0], [380.0, 120.0], [250.0, 460.0]]))
    assert evidence_colours() == {"for", "against"}


def test_the_game_never_imports_the_command_line():
    """cli.py opens the game; the game must not import cli.py back (no import cycle)."""
    found = subprocess.run([sys.executable, "-c", "import sys, game.app; "
                            "print('softmax_from_scratch.cli' in sys.modules)"],
                           capture_output=True, text=True, timeout=60)
    assert found.stdout.strip() == "False", found.stderr


# ----- what is saved, and with which digit ----------------------------------------------------


def index_records(folder) -> list[dict]:
    """The collected folder's index, line by line."""
    index = folder / "index.jsonl"
    return [json.loads(line) for line in index.read_text().splitlines()] if index.exists() else []


@pytest.mark.parametrize("start", ["free", "collect", "play"])
def test_tab_to_the_next_mode_saves_nothing(tmp_path, start):
    """A drawing made in free draw, or for one prompt, is not a drawing of the next
    mode's prompt: switching mode drops it (collect's partial snapshots stay)."""
    game = App(load_default_model(), mode=start, collect_dir=tmp_path, seed=0)
    draw_odd_one(game)
    saved = index_records(tmp_path)
    press(pygame.K_TAB)
    game.step(0.02)
    assert index_records(tmp_path) == saved
    assert all(r["completion"] == "partial" for r in saved)
    pygame.quit()


def test_a_one_stroke_drawing_is_saved_once_its_final_line_naming_that_snapshot(tmp_path):
    game = App(load_default_model(), mode="collect", collect_dir=tmp_path, seed=0)
    draw_odd_one(game)
    press(pygame.K_SPACE)
    game.step(0.02)
    partial, final = index_records(tmp_path)
    assert (partial["completion"], final["completion"]) == ("partial", "final")
    assert final["path"] == partial["path"] and len(list(tmp_path.rglob("*.png"))) == 1
    pygame.quit()


def test_a_lessons_notice_says_how_to_undo_it(app):
    draw_odd_one(app)
    teach_key(app, pygame.K_1)
    assert app.notice.endswith("U undoes it")


def test_u_undoes_the_last_lesson_on_screen_on_disk_and_in_the_collected_set(app,
                                                                              player_folders):
    shipped = app.model
    draw_odd_one(app)
    teach_key(app, pygame.K_1)
    assert (player_folders / "player-network.npz").is_file()
    press(pygame.K_u)
    app.step(0.02)
    assert app.model is shipped and app.probs.argmax() != 1  # read as before the lesson
    assert not (player_folders / "player-network.npz").exists()  # as it was: no taught model
    assert collected_digits(app.collector.root) == []
    assert app.notice.startswith("lesson 1 undone")


def collected_digits(folder) -> list[int]:
    """The digits of the drawings a training run would read from the folder."""
    from softmax_from_scratch.collected import collected_drawings

    return [digit for digit, _ in collected_drawings(folder, say=pytest.fail)]


def test_u_again_undoes_the_lesson_before(app, player_folders):
    draw_odd_one(app)
    teach_key(app, pygame.K_1)
    first = (player_folders / "player-network.npz").read_bytes()
    press(pygame.K_c)
    post_path(np.array([[200.0, 150.0], [380.0, 150.0], [260.0, 450.0]]))
    app.step(0.02)
    teach_key(app, pygame.K_4)
    assert collected_digits(app.collector.root) == [1, 4]
    press(pygame.K_u)
    app.step(0.02)
    assert app.model.metadata["lessons"] == 1
    assert (player_folders / "player-network.npz").read_bytes() == first
    assert collected_digits(app.collector.root) == [1]
    press(pygame.K_u)
    app.step(0.02)
    assert "lessons" not in app.model.metadata and collected_digits(app.collector.root) == []
    press(pygame.K_u)
    app.step(0.02)
    assert app.notice == "no lesson of this session left to undo"


def test_u_right_after_the_key_undoes_the_lesson_still_under_way(app, player_folders):
    draw_odd_one(app)
    press(pygame.K_1)
    press(pygame.K_u)
    app.step(0.02)
    assert "lessons" not in app.model.metadata and app.teaching is None
    assert not (player_folders / "player-network.npz").exists()


def test_the_collect_counter_counts_a_withdrawn_lesson_no_more(tmp_path):
    game = App(load_default_model(), mode="free", collect_dir=tmp_path, seed=0)
    draw_odd_one(game)
    teach_key(game, pygame.K_1)
    assert game.collector.drawings == 1
    press(pygame.K_u)
    game.step(0.02)
    assert game.collector.drawings == 0
    pygame.quit()


def test_f_after_a_model_of_another_framing_keeps_guessing(tmp_path, held_out_paths):
    """The framing is the model's: `digits play --model M` (M reads MNIST's 784 pixels),
    then F (the shipped model reads three views): the shipped model gets its own input."""
    from softmax_from_scratch import SoftmaxRegression

    game = App(SoftmaxRegression(784), mode="free", collect_dir=tmp_path, seed=0)
    post_path(held_out_paths[4])
    game.step(0.02)
    assert game.model_input.shape == (784,)
    press(pygame.K_f)
    game.step(0.02)
    assert game.model_input.shape == (load_default_model().n_inputs,)
    assert game.probs.argmax() == 4
    pygame.quit()


# ----- what the screen says -------------------------------------------------------------------


@pytest.mark.parametrize("key", [pygame.K_c, pygame.K_SPACE, pygame.K_TAB],
                         ids=["C", "Space", "Tab"])
def test_a_notice_is_cleared_by_the_next_clear_round_or_mode(app, key):
    draw_odd_one(app)
    teach_key(app, pygame.K_1)
    assert app.notice
    press(key)
    app.step(0.02)
    assert app.notice == ""


def test_the_verdict_tells_of_the_moment_it_knew_and_what_it_reads_now(tmp_path, clear_digits):
    game = won_round(tmp_path, clear_digits)  # a 0, known
    shown = drawn_text(game)
    post_path(np.array([[120.0, 120.0], [440.0, 440.0]]))  # a slash through it: no longer a 0
    game.step(0.1)
    now = int(game.probs.argmax())
    assert now != 0
    assert "Knew it: a 0!" in shown and not any("I know" in line for line in shown)
    assert any(f"Now I read {a_digit(now)}" in line for line in shown)
    pygame.quit()


def test_the_collect_header_counts_in_words_and_fits_the_window(tmp_path, clear_digits):
    from game.app import PANEL_X, WINDOW_WIDTH

    folder = tmp_path / ("a-long-folder-name-" * 6) / "collected"
    game = App(load_default_model(), mode="collect", collect_dir=folder, seed=0)
    shown = drawn_text(game)
    _, strokes = clear_digits[game.round.digit]
    post_stroke(strokes[0])
    game.step(0.02)
    (line,) = [line for line in shown if "saved now" in line]
    assert line.startswith("1 drawing saved now, 1 in all, in /") and line.endswith("collected")
    assert game.fonts[24].size(line)[0] <= WINDOW_WIDTH - 40 - PANEL_X
    pygame.quit()


def test_the_evidence_panel_names_its_colours_and_each_rows_digit(app):
    shown = drawn_text(app)
    draw_odd_one(app)
    first, second = (str(k) for k in np.argsort(app.probs)[::-1][:2])
    assert {"for", "against", first, second} <= set(shown)


# ----- which model guesses ------------------------------------------------------------------


def test_the_game_starts_on_the_shipped_network_and_says_so(tmp_path):
    from softmax_from_scratch import Network

    game = App(mode="free", collect_dir=tmp_path, seed=0)
    shown = drawn_text(game)
    game.step(0.02)
    assert isinstance(game.model, Network) and "network (shipped) (M)" in shown
    pygame.quit()


def test_m_switches_between_the_network_and_the_linear_model_each_with_its_lessons(
        app, player_folders):
    from softmax_from_scratch import Network, SoftmaxRegression

    draw_odd_one(app)
    teach_key(app, pygame.K_1)  # a lesson for the network
    press(pygame.K_m)
    app.step(0.02)
    assert isinstance(app.model, SoftmaxRegression) and "lessons" not in app.model.metadata
    assert app.model_input.shape == (app.model.n_inputs,) and app.probs is not None
    teach_key(app, pygame.K_1)  # and one for the linear model
    assert (player_folders / "player-linear.npz").is_file()
    press(pygame.K_m)
    app.step(0.02)
    assert isinstance(app.model, Network) and app.model.metadata["lessons"] == 1
    assert app.notice == "now guessing: your network, 1 lesson"


def test_u_after_m_undoes_the_last_lesson_whichever_model_it_taught(app, player_folders):
    from softmax_from_scratch import SoftmaxRegression

    draw_odd_one(app)
    press(pygame.K_m)
    app.step(0.02)
    teach_key(app, pygame.K_1)  # the linear model's lesson
    press(pygame.K_m)
    app.step(0.02)
    press(pygame.K_u)
    app.step(0.02)
    assert isinstance(app.model, SoftmaxRegression) and "lessons" not in app.model.metadata
    assert not (player_folders / "player-linear.npz").exists()


def test_a_taught_model_of_an_earlier_version_is_kept_as_the_linear_one(tmp_path,
                                                                         player_folders):
    from softmax_from_scratch import SoftmaxRegression

    taught = load_default_model("linear")
    taught.metadata["lessons"] = 3
    player_folders.mkdir(parents=True, exist_ok=True)
    taught.save(player_folders / "player-model.npz")
    game = App(mode="free", collect_dir=tmp_path, seed=0, kind="linear")
    assert isinstance(game.model, SoftmaxRegression) and game.model.metadata["lessons"] == 3
    assert (player_folders / "player-linear.npz").is_file()
    pygame.quit()
