"""The rule "with PARITY_REQUIRED=1, every parity test passes", checked at the end of the run.

It counts: the parity tests that passed must be every parity test collected, and there
must be some. So whatever keeps one from passing fails the run: a skip at run time (no
TensorFlow), a module skipped at collection (`importorskip` at the top of a file), an
xfail (reported, but the run would still exit 0), parity tests deselected (`-k`,
`--deselect`) or never collected (`pytest tests`).

Loaded by the root conftest.py (`pytest_plugins`).
"""

import os

import pytest

PARITY_DIR = "parity_tests/"


class ParityGate:
    def __init__(self) -> None:
        self.collected: set[str] = set()
        self.passed: set[str] = set()
        self.problems: list[str] = []

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.nodeid.startswith(PARITY_DIR) and not report.passed:
            self.problems.append(f"{report.nodeid}: {report.outcome} at collection")

    def pytest_itemcollected(self, item: pytest.Item) -> None:
        if item.nodeid.startswith(PARITY_DIR):
            self.collected.add(item.nodeid)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        """With pytest-xdist (-n), the workers collect: each tells the controller its ids."""
        self.collected.update(nodeid for nodeid in ids if nodeid.startswith(PARITY_DIR))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.passed and not hasattr(report, "wasxfail"):
            self.passed.add(report.nodeid)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        missing = sorted(self.collected - self.passed)
        problems = self.problems + [f"{nodeid}: did not pass" for nodeid in missing]
        if not self.collected:
            problems.append("no parity test was collected")
        if problems:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_line("PARITY_REQUIRED=1, but not every parity test passed:",
                                    red=True)
                for problem in problems[:20]:
                    reporter.write_line(f"  {problem}", red=True)


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("PARITY_REQUIRED") == "1":
        config.pluginmanager.register(ParityGate(), "parity-gate")
