"""Settings come from the environment and refuse unsafe production configurations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsreader.env import env_bool

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_it_refuses_to_start_without_secret_key_in_production():
    result = run_python("import newsreader.settings")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_starts_without_secret_key_in_debug():
    result = run_python("import newsreader.settings as s; print(s.DEBUG)", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_debug_is_off_unless_set():
    result = run_python("import newsreader.settings as s; print(s.DEBUG)", SECRET_KEY="x" * 50)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("value", ["ture", "2", "enabled"])
def test_booleans_accept_only_explicit_values(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            # Not the test run's own switches (the browser tests allow async-unsafe ORM calls).
            **{
                k: v
                for k, v in os.environ.items()
                if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
            },
            "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "reader.example.org",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
