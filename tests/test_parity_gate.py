"""Specification of the parity gate: with PARITY_REQUIRED=1 a parity test that does not
pass, for any reason, fails the whole run."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASSING = "def test_agrees():\n    assert True\n"


@pytest.fixture
def suite(pytester, monkeypatch):
    """A throwaway project with a parity_tests/ folder, run under PARITY_REQUIRED=1."""
    monkeypatch.setenv("PARITY_REQUIRED", "1")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the gate is this project's
    pytester.makeconftest('pytest_plugins = ["parity_tests.gate"]\n')
    pytester.mkdir("parity_tests")

    def run(test_file: str, *args: str) -> pytest.RunResult:
        (pytester.path / "parity_tests" / "test_p.py").write_text(test_file)
        return pytester.runpytest_subprocess(*args)

    return run


def test_all_parity_tests_passing_exits_0(suite):
    assert suite(PASSING).ret == 0


def test_a_module_skipped_at_collection_fails_the_run(suite):
    result = suite('import pytest\npytest.importorskip("no_such_module")\n' + PASSING)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*skipped at collection*"])


def test_a_test_skipped_at_run_time_fails_the_run(suite):
    assert suite('import pytest\n\ndef test_x():\n    pytest.skip("no TF")\n').ret != 0


def test_an_xfailed_parity_test_fails_the_run(suite):
    result = suite('import pytest\n\n@pytest.mark.xfail\ndef test_x():\n    assert False\n')
    assert result.ret != 0


def test_a_deselected_parity_test_fails_the_run(suite):
    result = suite(PASSING + "\ndef test_other():\n    assert True\n", "-k", "not other")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*test_other: did not pass*"])


def test_running_no_parity_test_at_all_fails_the_run(suite, pytester):
    pytester.makepyfile(test_elsewhere=PASSING)
    assert suite(PASSING, "test_elsewhere.py").ret != 0


def test_under_xdist_a_failing_parity_test_still_fails_the_run(suite):
    """With -n 2 the workers collect; the controller must still count what they found."""
    result = suite(PASSING + "\ndef test_other():\n    assert False\n", "-n", "2")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*test_other: did not pass*"])


def test_under_xdist_all_parity_tests_passing_exits_0(suite):
    assert suite(PASSING + "\ndef test_other():\n    assert True\n", "-n", "2").ret == 0


GROUPED = """import os

import pytest


@pytest.mark.parametrize("steps", [1, 10, 100, 1000])  # collected in turns: tf1, tf2, ...
@pytest.mark.parametrize("framing", ["mnist"])
@pytest.mark.parametrize("dtype", ["float32"])
@pytest.mark.parametrize("init", ["zeros", "random"])
@pytest.mark.parametrize("trainer", ["tf1", "tf2"])
def test_after_n_steps(trainer, framing, dtype, init, steps):
    with open(f"{init}.workers", "a") as f:
        f.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")
"""


def test_the_step_for_step_tests_of_one_training_run_run_on_one_worker(pytester):
    """They read one training run, made once per process: on two workers, both would
    make it. (pytest 9.2 silently broke xdist's groups: pytest-dev/pytest-xdist#1386.)"""
    pytester.mkdir("parity_tests")
    conftest = (ROOT / "parity_tests" / "conftest.py").read_text()
    (pytester.path / "parity_tests" / "conftest.py").write_text(conftest)
    (pytester.path / "parity_tests" / "test_p.py").write_text(GROUPED)
    result = pytester.runpytest_subprocess("-n", "2", "--dist", "loadgroup", "-p",
                                           "no:cacheprovider")
    assert result.ret == 0
    for init in ("zeros", "random"):  # one run: every trainer's steps, on one worker
        workers = (pytester.path / f"{init}.workers").read_text().split()
        assert len(workers) == 8 and len(set(workers)) == 1, workers


ONE_WORKER_TESTS = """import pytest


@pytest.fixture(scope="session")
def original_recipe():  # stands in for the costly one
    return None


@pytest.fixture(scope="module")
def canvas_model():  # stands in for the costly one
    return None


def test_reads_one(original_recipe):
    pass


def test_reads_the_other(canvas_model):
    pass


def test_reads_none():
    pass
"""


def test_the_tests_reading_a_costly_fixture_join_its_xdist_group(pytester):
    """conftest.ONE_WORKER: a fixture made once per process would be made by each worker;
    xdist runs a group on one worker (test_the_step_for_step_tests_..._run_on_one_worker)."""
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    pytester.makepyfile(test_one=ONE_WORKER_TESTS)
    items, _ = pytester.inline_genitems("-p", "no:xdist")
    groups = {item.name: [mark.args for mark in item.iter_markers("xdist_group")]
              for item in items}
    assert groups == {"test_reads_one": [("2016-recipe",)],
                      "test_reads_the_other": [("canvas-model",)], "test_reads_none": []}
