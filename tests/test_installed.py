"""The installed entry point, run as a real process (as users and scripts run it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "jiexiu"


def jiexiu(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if not SCRIPT.exists():
        pytest.skip("the jiexiu script is not installed beside this Python")
    full = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, env=full, capture_output=True, text=True, timeout=60)


def test_show_gdp_from_another_directory(tmp_path: Path) -> None:
    result = jiexiu("show", "gdp", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "341.3亿元" in result.stdout and "432亿元" in result.stdout and "estimate" in result.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jiexiu_cli", "--version"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("jiexiu ")


def test_usage_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = jiexiu("show", "gdp", "--nope", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip("the jiexiu script is not installed beside this Python")
    shell = f"'{SCRIPT}' export --format csv | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=tmp_path, capture_output=True, text=True)
    assert result.stdout.startswith("indicator,")
    assert result.stderr == "" and result.returncode == 0


def test_ascii_only_stdout_does_not_crash(tmp_path: Path) -> None:
    env = {"PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    result = jiexiu("show", "gdp", cwd=tmp_path, env=env)
    assert result.returncode == 0 and "341.3" in result.stdout
