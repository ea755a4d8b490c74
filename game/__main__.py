"""python -m game: open the drawing game, with the same options as `digits play`
(the command line parses them; the game itself never imports the command line)."""

import sys

from softmax_from_scratch.cli import main

main(["play", *sys.argv[1:]])
