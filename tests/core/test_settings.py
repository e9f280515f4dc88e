"""Settings come from the environment; a missing secret key stops serving, not tooling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kmb.core.env import EnvError, env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("KMB_DEMO", "KMB_SECRET_KEY", "KMB_DEBUG")}
    environ.update(env, DATABASE_URL="sqlite:////tmp/kmb-settings-test.sqlite3")
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=environ,
                           capture_output=True, text=True, timeout=120)


def test_without_a_secret_key_tooling_runs_but_serving_refuses():
    assert _manage("check").returncode == 0
    served = _manage("serve", "--port", "1")
    assert served.returncode != 0
    assert "KMB_SECRET_KEY must be set" in served.stderr


def test_bad_values_stop_the_start_with_the_variable_named():
    with pytest.raises(EnvError, match="KMB_DEBUG"):
        env_bool("KMB_DEBUG", environ={"KMB_DEBUG": "maybe"})
    with pytest.raises(EnvError, match="KMB_PAGE_SIZE"):
        env_int("KMB_PAGE_SIZE", 25, minimum=5, environ={"KMB_PAGE_SIZE": "2"})
    failed = _manage("check", KMB_DEMO="1", KMB_LOGIN_FAILURE_LIMIT="lots")
    assert failed.returncode != 0 and "KMB_LOGIN_FAILURE_LIMIT" in failed.stderr
