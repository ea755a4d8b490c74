"""python -m game: open the drawing game."""

from game.app import main

main()
