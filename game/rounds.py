"""Play mode's rules, apart from the screen: prompt a digit, give 20 seconds, and
stop as soon as the model is confident it sees the prompted digit."""

import random
from dataclasses import dataclass, field

from softmax_from_scratch.drawing import PEN_WIDTH

ROUND_SECONDS = 20.0
KNEW_IT = 0.8  # probability of the prompted digit at which the model says "I know"
# ...once at least this much ink is down: a dot reads as 3 at ~80 %, and knowing a digit
# from a dot is no win. The ink of a 60 px stroke (a round pen leaves PEN_WIDTH of ink per
# pixel of path): about a tenth of a digit filling the guide box.
MIN_INK = 60 * PEN_WIDTH


@dataclass
class Round:
    """One "Draw a 7" round.

    recognized_at: seconds into the round when the model knew, or None.
    ink_when_recognized / final_ink: how much had been drawn when it knew, and in
    the end; their ratio is the score's measure of how early it knew.
    """

    digit: int
    mode: str = "play"  # the game's mode when the round began: "play", "free" or "collect"
    started: bool = False  # the clock runs from the first ink on, not from the prompt
    elapsed: float = 0.0
    recognized_at: float | None = None
    ink_when_recognized: float = 0.0
    final_ink: float = 0.0
    finished: bool = False
    last_guess: tuple[int, float] | None = None  # (digit, probability) when it ended unknown

    def update(self, seconds: float, probs, ink: float) -> None:
        """Advance the clock (once the player has started drawing); check the model's
        latest probabilities. After the model knew, the player may finish the digit:
        the ink keeps counting towards the final drawing."""
        if self.finished:
            if self.recognized and ink > 0:
                self.final_ink = ink
            return
        self.started = self.started or ink > 0
        if not self.started:
            return
        self.elapsed += seconds
        self.final_ink = ink
        if (probs is not None and ink >= MIN_INK and probs.argmax() == self.digit
                and probs[self.digit] >= KNEW_IT):
            self.recognized_at = self.elapsed
            self.ink_when_recognized = ink
            self.finished = True
        elif self.elapsed >= ROUND_SECONDS:
            self.end(probs)

    @property
    def in_play(self) -> bool:
        """Whether this is a play-mode round, one that counts in the session's tally."""
        return self.mode == "play"

    def end(self, probs) -> None:
        """Finish the round unrecognized (time ran out, or the player moved on), keeping
        what the model thought it saw."""
        self.finished = True
        if probs is not None:
            self.last_guess = (int(probs.argmax()), float(probs.max()))

    @property
    def recognized(self) -> bool:
        """Whether the model was confident of the prompted digit within the time."""
        return self.recognized_at is not None

    @property
    def skipped(self) -> bool:
        """Whether the round ended before anything was drawn."""
        return self.finished and not self.started

    @property
    def remaining(self) -> float:
        """Seconds left on the clock, never below zero."""
        return max(ROUND_SECONDS - self.elapsed, 0.0)

    def ink_share(self) -> float | None:
        """Share of the final ink drawn when the model knew (lower = knew earlier)."""
        if not self.recognized or self.final_ink <= 0:
            return None
        return min(self.ink_when_recognized / self.final_ink, 1.0)


@dataclass
class Session:
    """A run of rounds with a random digit each, and its tally."""

    rng: random.Random = field(default_factory=random.Random)
    rounds: list[Round] = field(default_factory=list)

    def new_round(self, mode: str = "play") -> Round:
        """Start a round of `mode` with a random digit (collect and free draw have one too)."""
        self.rounds.append(Round(self.rng.randrange(10), mode))
        return self.rounds[-1]

    def finished_rounds(self) -> list[Round]:
        """The play-mode rounds that are over: recognized, not, or skipped."""
        return [r for r in self.rounds if r.finished and r.in_play]

    def summary(self) -> str:
        """The session's tally in one line: recognized, average seconds and share of ink;
        a round skipped before drawing is neither recognized nor missed."""
        finished = self.finished_rounds()
        done = [r for r in finished if not r.skipped]
        won = [r for r in done if r.recognized]
        if not finished:
            return "no rounds yet"
        skipped = len(finished) - len(done)
        if not done:
            return f"{skipped} skipped"
        text = f"{len(won)} of {len(done)} recognized" + (f", {skipped} skipped" if skipped else "")
        if won:
            seconds = sum(r.recognized_at for r in won) / len(won)
            shares = [r.ink_share() for r in won if r.ink_share() is not None]
            text += f", on average after {seconds:.1f} s"
            if shares:
                text += f" and {sum(shares) / len(shares):.0%} of the ink"
        return text
