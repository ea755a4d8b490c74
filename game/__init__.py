"""The drawing game: guesses the digit live while you draw (pygame-ce).

    drawing.py  the canvas as NumPy ink and strokes
    rounds.py   play mode's rules
    collect.py  collect mode's recorder
    app.py      the window
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner in the player's terminal
