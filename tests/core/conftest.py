"""Fixtures of the core tests: real processes on a scratch database."""

from tests.processes import _scratch_template, scratch  # noqa: F401 (fixtures)
