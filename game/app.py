"""The window: draw with the mouse, and watch the model guess on every changed frame.

Keys: C clear, Z / Backspace undo stroke, Space / Enter next, Tab mode, Esc quit;
teach: 0-9 in free draw ("that was a 7"), T in play and collect (the prompted digit);
U undoes the last lesson (model and drawing), and again for the one before;
F forgets the lessons (back to the shipped model; the taught one is kept in a file);
M switches between the network and the linear model (each kind keeps its own lessons).

What is saved, and with which digit: collect mode's snapshots with the digit it asked
for, and a lesson's drawing with the digit taught. Nothing else is ever saved.
"""

import json
import os
import random
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame

from game.collect import Collector
from game.rounds import Round, Session
from softmax_from_scratch import Classifier, canvas_to_input, load_default_model, teach
from softmax_from_scratch.atomic import write_atomically
from softmax_from_scratch.classifier import ModelFileError
from softmax_from_scratch.datasets import RecipeError, recipe_of
from softmax_from_scratch.default_model import kind_of
from softmax_from_scratch.drawing import PEN_WIDTH, Drawing
from softmax_from_scratch.framings import framing_of, load_framed
from softmax_from_scratch.plotting import VOTE_AGAINST, VOTE_FOR
from softmax_from_scratch.strokes import CANVAS, GUIDE
from softmax_from_scratch.teaching import lesson_rows, replay_rows
from softmax_from_scratch.userdirs import collected_dir, data_dir, keep_earlier_player_model
from softmax_from_scratch.views import split_views, views_of

WINDOW_WIDTH, WINDOW_HEIGHT = 1280, 720
CANVAS_AT = (40, 110)
PANEL_X = 660
MODES = ("play", "free", "collect")
BACKGROUND, INK_BG, TEXT, DIM = (24, 26, 33), (0, 0, 0), (235, 235, 240), (140, 145, 160)
ACCENT, GOOD, BAD = (90, 170, 255), (110, 220, 140), (255, 130, 110)
FONT_SIZES = (24, 32, 44, 64, 180)  # px; the docs show its screenshots at >= 9 / 24 scale
PREVIEW = 56  # px a side of each view, and of each evidence map, in the side panel
INVISIBLE = ("offscreen", "dummy")  # SDL drivers that draw nowhere a person can see
KEYS_HELP = ("C clear   Z undo   Space next   Tab mode   Esc quit   teach: {teach}   "
             "U undo lesson   F forget   M model")
DIGIT_KEYS = {getattr(pygame, f"K_{d}"): d for d in range(10)}


@dataclass
class Lesson:
    """What U needs to take a lesson back: the model before it, the player's model file
    it was saved in and what that held before (None: no file), and where its drawing
    was saved (None: not)."""

    model: Classifier
    path: Path
    on_disk: bytes | None
    drawing: Path | None


class App:
    """One game window. `step()` runs one frame, so tests can drive it event by event."""

    def __init__(self, model: Classifier | None = None, mode: str = "play",
                 collect_dir: str | Path | None = None, seed: int | None = None,
                 fresh: bool = False, player_dir: Path | None = None,
                 kind: str = "network") -> None:
        pygame.display.init()
        if pygame.display.get_driver() in INVISIBLE and "SDL_VIDEODRIVER" not in os.environ:
            # with no screen SDL quietly picks an invisible window: say so instead
            raise pygame.error(f"no screen: SDL fell back to '{pygame.display.get_driver()}'")
        pygame.font.init()
        self.screen = pygame.display.set_mode((WINDOW_WIDTH, WINDOW_HEIGHT))
        pygame.display.set_caption("softmax-from-scratch: draw a digit")
        self.fonts = {size: pygame.font.Font(None, size) for size in FONT_SIZES}
        self.notice = ""  # one line at the foot of the window: what went wrong, or a lesson
        self.player_dir = player_dir or data_dir()  # the taught models: player-<kind>.npz
        self.lessons: list[Lesson] = []  # this session's lessons, the last one last: U undoes
        self.kind = kind_of(model) if model else kind
        if player_dir is None:
            keep_earlier_player_model()
        if fresh:
            self.forget_lessons()
        self.model = model or self.players_model() or load_default_model(self.kind)
        self.replays: dict[str, tuple] = {}  # rows of what a recipe's models learnt, by recipe
        self.teacher = ThreadPoolExecutor(max_workers=1)  # lessons run here, one at a time
        self.teaching: Future | None = None  # the lesson under way
        self.taught_drawing: Path | None = None  # where the lesson under way saved its drawing
        self.drawing = Drawing(CANVAS, pen_width=PEN_WIDTH)
        self.session = Session(random.Random(seed))
        self.collector = Collector(collect_dir or collected_dir())
        self.mode = mode
        self.round: Round = self.session.new_round(mode)
        self.probs: np.ndarray | None = None
        self.model_input: np.ndarray | None = None
        self.pen_down = False
        self.changed = True  # the ink changed: guess again
        self.dirty = True  # something on screen changed: draw the frame again
        self.shown_clock = ""
        self.running = True
        self.showing_results = False
        self.clock = pygame.time.Clock()
        self.last_tick = time.perf_counter()

    @property
    def framing(self) -> str:
        """What the model guessing now reads: asked of it at every use, so that a switch
        of model (F, U, a lesson, another model) never feeds it another's input."""
        return framing_of(self.model)

    # ----- input --------------------------------------------------------------------

    def to_canvas(self, pos: tuple[int, int]) -> tuple[float, float]:
        """Window pixel (x, y) -> canvas coordinates (x, y): the canvas sits at CANVAS_AT."""
        return pos[0] - CANVAS_AT[0], pos[1] - CANVAS_AT[1]

    def on_canvas(self, pos: tuple[int, int]) -> bool:
        """Whether a window pixel falls inside the 560 x 560 canvas."""
        x, y = self.to_canvas(pos)
        return 0 <= x < CANVAS and 0 <= y < CANVAS

    def handle(self, event: pygame.event.Event) -> None:
        """One pygame event -> the drawing, the mode or the round (hover alone changes nothing)."""
        if event.type == pygame.MOUSEMOTION and not self.pen_down:
            return  # a hovering mouse changes nothing on the screen
        self.dirty = True
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.on_canvas(event.pos):
                self.pen_down = True
                self.drawing.begin_stroke(*self.to_canvas(event.pos))
                self.changed = True
        elif event.type == pygame.MOUSEMOTION and self.pen_down:
            self.drawing.extend_stroke(*self.to_canvas(event.pos))
            self.changed = True
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.pen_down:
            self.pen_down = False
            if self.mode == "collect":
                self.snapshot("partial")
        elif event.type == pygame.KEYDOWN:
            self.on_key(event.key)

    def on_key(self, key: int) -> None:
        """Esc results/quit, C clear, Z or Backspace undo, Space/Enter next round, Tab mode,
        the teaching keys, U undo a lesson, F forget, M the other model."""
        if key == pygame.K_ESCAPE:
            # in play, the first Esc shows the session's results; the next one quits
            if self.mode == "play" and self.session.finished_rounds() and not self.showing_results:
                self.showing_results = True
            else:
                self.running = False
        elif key == pygame.K_c:
            self.drawing.clear()
            self.notice = ""
            self.changed = True
        elif key in (pygame.K_z, pygame.K_BACKSPACE):
            self.drawing.undo()
            self.changed = True
        elif key in (pygame.K_SPACE, pygame.K_RETURN):
            self.next_round()
        elif key == pygame.K_TAB:  # a new mode: the drawing is dropped, never saved
            self.next_round(MODES[(MODES.index(self.mode) + 1) % len(MODES)])
        elif key in DIGIT_KEYS and self.mode == "free":
            self.lesson(DIGIT_KEYS[key])
        elif key == pygame.K_t and self.mode != "free":
            self.lesson(self.round.digit)
        elif key == pygame.K_u:
            self.undo_lesson()
        elif key == pygame.K_f:
            self.wait_for_lesson()  # a lesson under way would bring its model back
            self.forget_lessons()
            self.model = load_default_model(self.kind)
            self.changed = True
        elif key == pygame.K_m:
            self.switch_model()

    def snapshot(self, completion: str, digit: int | None = None) -> Path | None:
        """Save the canvas and its strokes ('partial', 'final' or 'taught'); returns the
        PNG's path, or None if nothing was saved. A folder that cannot be written is said
        once in the window, and the game goes on."""
        if not self.drawing.ink_amount() or self.collector.broken:  # strokes off the canvas
            return None  # leave no ink: nothing to learn from
        try:
            return self.collector.save(self.round.digit if digit is None else digit,
                                       self.drawing.ink, self.drawing.strokes,
                                       len(self.session.rounds), completion)
        except OSError as err:
            self.collector.broken = True
            self.notice = (f"cannot save drawings in {self.collector.root} "
                           f"({err.strerror or err}): playing on without saving")
            return None

    # ----- the player's own model -------------------------------------------------------

    @property
    def player_path(self) -> Path:
        """The file of the player's own model of the kind guessing now."""
        return self.player_dir / f"player-{self.kind}.npz"

    def switch_model(self) -> None:
        """M: the other kind of model, the player's own if they taught it, else the
        shipped one. Each kind keeps its lessons in its own file."""
        self.wait_for_lesson()
        self.kind = "linear" if self.kind == "network" else "network"
        self.model = self.players_model() or load_default_model(self.kind)
        self.changed = True
        self.notice = f"now guessing: {self.model_name()}"

    def model_name(self) -> str:
        """The model guessing, as the window names it: "network (shipped)", "your
        linear model, 2 lessons"."""
        lessons = self.model.metadata.get("lessons", 0)
        name = "network" if self.kind == "network" else "linear model"
        return f"your {name}, {counted(lessons, 'lesson')}" if lessons else f"{name} (shipped)"

    def players_model(self) -> Classifier | None:
        """The model of this kind taught in earlier sessions, if there is one that loads."""
        if not self.player_path.is_file():
            return None
        try:
            return load_framed(self.player_path)
        except (OSError, ModelFileError) as err:
            self.notice = f"your taught model did not load ({err}): using the shipped one"
            return None

    def lesson(self, digit: int) -> None:
        """Teach the model that the drawing on the canvas is `digit`. The lesson runs on a
        thread of its own, so the window never waits for it; `step` takes its result."""
        if self.model_input is None:  # no ink, or none the model can read (off the canvas)
            self.notice = "draw a digit first, then tell me what it was"
            return
        if self.teaching is not None:
            self.notice = "still learning the last lesson: a moment"
            return
        strokes = [np.array(stroke, dtype=float) for stroke in self.drawing.strokes]
        # the drawing as it is now, into the collected folder
        self.taught_drawing = self.snapshot("taught", digit)
        self.notice = f"learning that this is {a_digit(digit)} ..."
        self.teaching = self.teacher.submit(self.taught, strokes, digit, self.probs)

    def taught(self, strokes: list[np.ndarray], digit: int, before: np.ndarray | None
               ) -> tuple[Classifier | None, str]:
        """The lesson itself (on the teaching thread): the new model and what to say."""
        try:
            recipe = json.dumps(recipe_of(self.model).base().as_metadata(), sort_keys=True)
            self.replays[recipe] = self.replays.get(recipe) or replay_rows(self.model)
        except RecipeError as err:
            return None, f"this model cannot be taught here: {err}"
        model = teach(self.model, strokes, digit, self.replays[recipe])
        probs = model.predict_proba(lesson_rows(strokes, framing_of(model))[-1:])[0]  # finished
        return model, (f"lesson {model.metadata['lessons']}: {a_digit(digit)}. Before: "
                       f"{describe(before)}; now: {describe(probs)}. U undoes it")

    def finish_lesson(self) -> None:
        """Take the finished lesson's model: show it, and keep it as the player's own
        (what the player's model file held before is kept with the lesson, for U)."""
        model, self.notice = self.teaching.result()
        self.teaching = None
        self.dirty = True  # the notice, at least, is new
        if model is None:
            return
        on_disk = self.player_path.read_bytes() if self.player_path.is_file() else None
        self.lessons.append(Lesson(self.model, self.player_path, on_disk, self.taught_drawing))
        self.model = model
        self.changed = True
        try:
            self.player_path.parent.mkdir(parents=True, exist_ok=True)
            self.model.save(self.player_path)
        except OSError as err:
            self.notice += f" (not saved: {err.strerror or err})"

    def wait_for_lesson(self) -> None:
        """Take the lesson under way, if there is one, once it is done."""
        if self.teaching is not None:
            self.teaching.result()
            self.finish_lesson()

    def undo_lesson(self) -> None:
        """U: take back this session's last lesson. The model goes back to the one before
        it, on screen and in the player's file, and the lesson's drawing is withdrawn from
        the collected set (`Collector.withdraw`)."""
        self.wait_for_lesson()
        if not self.lessons:
            self.notice = "no lesson of this session left to undo"
            return
        lesson = self.lessons.pop()
        self.kind = kind_of(lesson.model)
        untaught = lesson.model.metadata.get("lessons", 0) + 1
        self.model = lesson.model
        self.changed = True
        try:
            if lesson.on_disk is None:
                lesson.path.unlink(missing_ok=True)
            else:
                write_atomically(lesson.path, lambda tmp: tmp.write_bytes(lesson.on_disk))
            if lesson.drawing is not None and not self.collector.broken:
                self.collector.withdraw(lesson.drawing)
        except OSError as err:
            self.notice = f"lesson {untaught} undone here, but not on disk ({err.strerror})"
            return
        self.notice = (f"lesson {untaught} undone: the model is back to what it was, and "
                       "that drawing is out of the collected set")

    def forget_lessons(self) -> None:
        """Back to the shipped model: the taught one is renamed, never deleted. The
        session's lessons can no longer be undone one by one (their drawings stay)."""
        self.lessons.clear()
        if self.player_path.is_file():
            stamp = time.strftime(f"player-{self.kind}-%Y%m%d-%H%M%S")
            kept = next(path for n in range(1, 10**6)  # a second F in the same second
                        if not (path := self.player_path.with_name(  # renames over nothing
                            f"{stamp}{f'-{n}' * (n > 1)}.npz")).exists())
            self.player_path.rename(kept)
            self.notice = f"back to the shipped model (your taught one is kept as {kept.name})"

    def next_round(self, mode: str | None = None) -> None:
        """Close the round and start another: in this mode (saving the final drawing in
        collect mode), or in `mode`, a switch that saves nothing: the drawing was made
        for another prompt, or for none."""
        self.notice = ""  # the last round's; saving the final drawing may say something new
        if mode is None and self.mode == "collect":
            self.snapshot("final")
        self.mode = mode or self.mode
        self.round.final_ink = self.drawing.ink_amount() or self.round.final_ink
        if not self.round.finished:
            self.round.end(self.probs if self.round.started else None)
        self.round = self.session.new_round(self.mode)
        self.drawing.clear()
        self.showing_results = False
        self.changed = True

    def round_over(self) -> bool:
        """Whether play mode's round has ended (recognized or out of time)."""
        return self.mode == "play" and self.round.finished

    # ----- one frame ----------------------------------------------------------------

    def guess(self) -> None:
        """Recompute the model's view and probabilities from the current ink."""
        self.model_input = canvas_to_input(self.drawing.ink, self.framing)
        self.probs = (None if self.model_input is None
                      else self.model.predict_proba(self.model_input[None])[0])

    def step(self, seconds: float | None = None) -> bool:
        """Process pending events, update the guess if the ink changed, and draw the
        frame if anything on it changed (an idle window costs next to nothing).
        Returns whether the frame was drawn."""
        now = time.perf_counter()
        seconds = now - self.last_tick if seconds is None else seconds
        self.last_tick = now
        for event in pygame.event.get():
            self.handle(event)
        if self.teaching is not None and self.teaching.done():
            self.finish_lesson()
        if self.changed:
            self.guess()
            self.changed = False
        if self.mode == "play":
            was_finished = self.round.finished
            self.round.update(seconds, self.probs, self.drawing.ink_amount())
            self.dirty |= self.round.finished != was_finished
            if self.clock_text() != self.shown_clock:
                self.dirty = True
        if not self.dirty:
            return False
        self.draw()
        pygame.display.flip()
        self.dirty = False
        return True

    def clock_text(self) -> str:
        """The seconds left in the round, as the header shows them."""
        return f"{self.round.remaining:4.1f} s"

    def run(self) -> None:
        """The main loop: a step per frame at most 60 times a second, until the window closes."""
        while self.running:
            self.step()
            self.clock.tick(60)
        if self.teaching is not None:  # a lesson under way is finished and kept
            self.finish_lesson()
        pygame.quit()

    # ----- drawing the screen ---------------------------------------------------------

    def text(self, words: str, size: int, colour, at: tuple[int, int], centre=False) -> None:
        """Draw `words` at `at` (its top-left corner, or its centre if `centre`)."""
        surface = self.fonts[size].render(words, True, colour)
        rect = surface.get_rect(center=at) if centre else surface.get_rect(topleft=at)
        self.screen.blit(surface, rect)

    def elided(self, line: str, width: int) -> str:
        """`line` as it fits in `width` pixels of the small font: its middle, where a long
        path has its least telling part, given way to "..." as far as needed."""
        font, keep = self.fonts[24], len(line)
        while font.size(line)[0] > width and keep > 8:
            keep -= 1
            line = f"{line[:keep // 2]}...{line[len(line) - keep + keep // 2:]}"
        return line

    def wrapped(self, words: str, width: int) -> list[str]:
        """`words` broken into lines of at most `width` pixels in the small font."""
        lines: list[str] = []
        for word in words.split():
            if lines and self.fonts[24].size(f"{lines[-1]} {word}")[0] <= width:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        return lines

    def draw(self) -> None:
        """The whole frame: header, canvas, the guess panel, the key help, the results veil."""
        self.screen.fill(BACKGROUND)
        self.draw_header()
        self.draw_canvas()
        self.draw_guess()
        teach_key = "0-9" if self.mode == "free" else "T"
        self.text(KEYS_HELP.format(teach=teach_key), 24, DIM, (40, WINDOW_HEIGHT - 34))
        for k, line in enumerate(self.wrapped(self.notice, WINDOW_WIDTH - PANEL_X - 40)[-2:]):
            self.text(line, 24, ACCENT, (PANEL_X, WINDOW_HEIGHT - 80 + 24 * k))
        if self.showing_results:
            self.draw_session_results()

    def draw_header(self) -> None:
        """The prompt (once play mode's round is over, its verdict), the modes, and the clock
        and tally (play) or saved count (collect)."""
        titles = {"play": f"Draw {a_digit(self.round.digit)}", "free": "Free draw: I'll guess",
                  "collect": f"Collect: please draw {a_digit(self.round.digit)}"}
        over = self.round_over()
        if over:
            self.draw_verdict()
        else:
            self.text(titles[self.mode], 64, TEXT, (40, 28))
        modes = "   ".join(m.upper() if m == self.mode else m for m in MODES)
        self.text(f"mode (Tab): {modes}", 24, DIM, (PANEL_X, 20))
        whose = f"{self.model_name()} (M)"
        self.text(whose, 24, DIM, (WINDOW_WIDTH - 40 - self.fonts[24].size(whose)[0], 20))
        if self.mode == "play":
            self.shown_clock = self.clock_text()
            if not over:  # the verdict gives the time instead, in its width
                self.text(self.shown_clock, 64, ACCENT, (CANVAS_AT[0] + CANVAS - 130, 28))
            self.text(self.session.summary(), 24, DIM, (PANEL_X, 48))
        elif self.mode == "collect":
            collector = self.collector
            if collector.broken:
                line = f"not saving: cannot write into {collector.root}"
            else:
                line = (f"{counted(collector.drawings, 'drawing')} saved now, "
                        f"{collector.on_disk()} in all, in {collector.root}")
            self.text(self.elided(line, WINDOW_WIDTH - 40 - PANEL_X), 24, DIM, (PANEL_X, 48))

    def draw_canvas(self) -> None:
        """The ink (a (560, 560) float array in [0, 1], shown grey), its frame and the guide box."""
        grey = (self.drawing.ink.T * 255).astype(np.uint8)  # surfarray is indexed (x, y)
        surface = pygame.surfarray.make_surface(np.repeat(grey[:, :, None], 3, axis=2))
        self.screen.fill(INK_BG, (*CANVAS_AT, CANVAS, CANVAS))
        self.screen.blit(surface, CANVAS_AT)
        pygame.draw.rect(self.screen, DIM, (*CANVAS_AT, CANVAS, CANVAS), 1)
        margin = (CANVAS - GUIDE) // 2
        pygame.draw.rect(self.screen, (60, 64, 78),
                         (CANVAS_AT[0] + margin, CANVAS_AT[1] + margin, GUIDE, GUIDE), 1)
        if self.drawing.is_empty:
            self.text("draw your digit to fill this box", 32, DIM,
                      (CANVAS_AT[0] + CANVAS // 2, CANVAS_AT[1] + CANVAS // 2), centre=True)

    def draw_verdict(self) -> None:
        """In the prompt's place, above the canvas: recognized after how long, or time's up.
        Not on the canvas, where it would hide the strokes a player goes on drawing (a
        digit's tail often runs below the guide box). It tells of the moment it knew, in
        the past: the player may draw on, and then the guess beside it may change."""
        if self.round.recognized:
            now = None if self.probs is None else int(self.probs.argmax())
            after = (f"Now I read {a_digit(now)}.  Space for the next" if now != self.round.digit
                     else "Finish it, then Space")
            lines = (f"Knew it: {a_digit(self.round.digit)}!", GOOD,
                     f"after {self.round.recognized_at:.1f} s.  {after}")
        elif self.round.last_guess is not None:
            guess, probability = self.round.last_guess
            lines = (f"Time's up: I thought {guess}", BAD,
                     f"({probability:.0%} sure), not {a_digit(self.round.digit)}.  "
                     "Space for the next")
        else:
            lines = ("Time's up: I didn't get it", BAD, "Space for the next digit")
        self.text(lines[0], 64, lines[1], (40, 18))
        self.text(lines[2], 24, TEXT, (40, 78))

    def draw_session_results(self) -> None:
        """The session's results over the whole window: one line per round."""
        veil = pygame.Surface((WINDOW_WIDTH, WINDOW_HEIGHT), pygame.SRCALPHA)
        veil.fill((14, 15, 20, 240))
        self.screen.blit(veil, (0, 0))
        self.text("Your session", 64, TEXT, (WINDOW_WIDTH // 2, 80), centre=True)
        self.text(self.session.summary(), 32, ACCENT, (WINDOW_WIDTH // 2, 140), centre=True)
        for n, game_round in enumerate(self.session.finished_rounds()[-12:], start=1):
            share = game_round.ink_share()
            if game_round.recognized:
                line = f"{a_digit(game_round.digit)}: known after {game_round.recognized_at:.1f} s"
                line += f", with {share:.0%} of your ink" if share is not None else ""
            elif game_round.skipped:
                line = f"{a_digit(game_round.digit)}: skipped"
            else:
                line = (f"{a_digit(game_round.digit)}: not recognized"
                        + (" in time" if game_round.remaining == 0 else ""))
                if game_round.last_guess is not None:
                    line += f" (I thought {game_round.last_guess[0]})"
            colour = GOOD if game_round.recognized else DIM if game_round.skipped else BAD
            self.text(line, 32, colour,
                      (WINDOW_WIDTH // 2, 170 + 36 * n), centre=True)
        self.text("Esc again to quit", 24, DIM, (WINDOW_WIDTH // 2, WINDOW_HEIGHT - 60),
                  centre=True)

    def draw_guess(self) -> None:
        """The leading digit, its probability, the model's views and ten probability bars."""
        top = 110
        if self.probs is None:
            self.text("?", 180, DIM, (PANEL_X + 60, top))
        else:
            best = int(self.probs.argmax())
            self.text(str(best), 180, ACCENT, (PANEL_X + 40, top))
            self.text(f"{self.probs[best]:.0%} sure", 44, TEXT, (PANEL_X + 20, top + 150))
        self.draw_preview((PANEL_X + 300, top + 10))
        self.draw_evidence((PANEL_X + 300, top + 92))
        bar_top = top + 230
        for digit in range(10):
            y = bar_top + digit * 30
            p = 0.0 if self.probs is None else float(self.probs[digit])
            self.text(str(digit), 32, TEXT, (PANEL_X, y))
            pygame.draw.rect(self.screen, (50, 54, 66), (PANEL_X + 30, y + 2, 420, 20))
            colour = ACCENT if self.probs is not None and digit == self.probs.argmax() else DIM
            pygame.draw.rect(self.screen, colour, (PANEL_X + 30, y + 2, int(420 * p), 20))
            self.text(f"{p:.0%}", 24, TEXT, (PANEL_X + 460, y + 3))

    def draw_preview(self, at: tuple[int, int]) -> None:
        """What the model sees: each view of its input, side by side."""
        self.text("what the model sees", 24, DIM, (at[0], at[1] - 4))
        pixels = (np.zeros(self.model.n_inputs) if self.model_input is None
                  else self.model_input)
        for k, image in enumerate(split_views(pixels, self.framing).values()):
            rgb = np.repeat((image * 255).astype(np.uint8)[:, :, None], 3, axis=2)
            self.blit_image(rgb, (at[0] + k * (PREVIEW + 8), at[1] + 20))

    def draw_evidence(self, at: tuple[int, int]) -> None:
        """Why it thinks so: for the leading guess (top row) and the runner-up, each view's
        ink coloured by its vote (`evidence`: x_j W_jk for the linear model, x_j dz_k/dx_j
        for the network, exact for both): orange for the digit, blue against it, on one
        scale so that the two rows compare. The title is its own legend (its "for" orange,
        its "against" blue), each row names its digit, and a colour bar stands beside them."""
        if self.model_input is None:
            return
        first, second = (int(k) for k in np.argsort(self.probs)[::-1][:2])
        votes = [self.model.evidence(self.model_input, digit) for digit in (first, second)]
        strengths = np.abs(np.concatenate(votes))
        strengths = strengths[strengths > 0]  # none at all from a model of zero weights
        scale = max(np.percentile(strengths, 90), 1e-9) if strengths.size else 1.0  # most ink
        # at full colour
        x = at[0]
        for words, colour in (("ink voting ", DIM), ("for", VOTE_FOR), (" / ", DIM),
                              ("against", VOTE_AGAINST), (" each row's digit", DIM)):
            self.text(words, 24, colour, (x, at[1] - 4))
            x += self.fonts[24].size(words)[0]
        views = len(views_of(self.framing))
        for row, (digit, vote) in enumerate(zip((first, second), votes, strict=True)):
            top = at[1] + 16 + row * (PREVIEW + 6)
            for k, image in enumerate(split_views(vote, self.framing).values()):
                self.blit_image(vote_colours(image / scale), (at[0] + k * (PREVIEW + 8), top))
            self.text(f"{digit}", 44, TEXT if row == 0 else DIM,
                      (at[0] + views * (PREVIEW + 8) + 4, top + 8))
        self.draw_colour_bar((at[0] + views * (PREVIEW + 8) + 36, at[1] + 16),
                             2 * PREVIEW + 6)

    def draw_colour_bar(self, at: tuple[int, int], height: int) -> None:
        """The evidence maps' colour bar, beside them: full orange (for) at the top, through
        black (no vote), to full blue (against): the docs' figures' and the page's map."""
        shares = np.linspace(1, -1, height)[None, :].repeat(8, axis=0)  # (x, y), as surfarray
        self.screen.blit(pygame.surfarray.make_surface(vote_colours(shares)), at)
        for words, colour, y in (("for", VOTE_FOR, at[1] - 2), ("0", DIM, at[1] + height // 2 - 8),
                                 ("against", VOTE_AGAINST, at[1] + height - 14)):
            self.text(words, 24, colour, (at[0] + 12, y))

    def blit_image(self, rgb: np.ndarray, corner: tuple[int, int]) -> None:
        """An (h, w, 3) uint8 image, scaled to PREVIEW px a side, framed, at `corner`."""
        surface = pygame.surfarray.make_surface(rgb.transpose(1, 0, 2))  # surfarray is (x, y)
        self.screen.blit(pygame.transform.scale(surface, (PREVIEW, PREVIEW)), corner)
        pygame.draw.rect(self.screen, DIM, (*corner, PREVIEW, PREVIEW), 1)


def vote_colours(shares: np.ndarray) -> np.ndarray:
    """Votes as a fraction of full colour, (h, w) in any range, as (h, w, 3) uint8: orange
    for, blue against, black for none; beyond -1 and 1 at full colour."""
    share = np.clip(shares, -1, 1)[..., None]
    return np.where(share > 0, share * np.array(VOTE_FOR),
                    -share * np.array(VOTE_AGAINST)).astype(np.uint8)


def a_digit(digit: int) -> str:
    """The digit with its article, as a sentence says it: "a 7", but "an 8" ("eight")."""
    return f"{'an' if digit == 8 else 'a'} {digit}"


def counted(n: int, thing: str) -> str:
    """"1 drawing", "2 drawings": a count with its noun, singular or plural."""
    return f"{n} {thing}{'s' * (n != 1)}"


def describe(probs: np.ndarray | None) -> str:
    """The leading guess and its probability, e.g. "5 (36 %)"."""
    if probs is None:
        return "nothing"
    return f"{int(probs.argmax())} ({probs.max():.0%})"


def play(model: Classifier | None = None, mode: str = "play",
         collect_dir: str | Path | None = None, fresh: bool = False) -> None:
    """Open the window and play until it is closed; without a screen, say so and exit 1."""
    try:
        app = App(model, mode, collect_dir, fresh=fresh)
    except pygame.error as err:
        sys.exit(f"The game needs a display and none was found ({err}).\n"
                 "Run it on a desktop session, or set DISPLAY / SDL_VIDEODRIVER.")
    app.run()
