"""The tests that share a costly fixture, and the order they start in (conftest.py reads
these; a test module names its group from here, never by importing conftest)."""

LONGEST_CHAIN = "shipped-model-rows"  # tests/test_cli.py: draws the rows, then reads them
# Fixtures too costly to make twice (a 10,000-step training, a model with its rows): the
# tests that read one share an xdist group, so one worker makes it, once.
ONE_WORKER = {"original_recipe": "2016-recipe", "canvas_model": "canvas-model"}
