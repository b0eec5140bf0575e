"""The installed entry point, run as a real process (as users and scripts run it).

``JIEXIU_BIN`` names the entry point to run (CI points it at the wheel's, installed in
a fresh virtualenv, and runs these tests from outside the checkout); by default, the
``jiexiu`` script beside this Python.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

#: each test runs jiexiu as a process (the installed entry point): slow; .ci/run also runs
#: them against the wheel
pytestmark = pytest.mark.process

SCRIPT = Path(os.environ.get("JIEXIU_BIN") or Path(sys.executable).parent / "jiexiu")
#: the Python the entry point was installed with (for ``python -m jiexiu_cli``)
PYTHON = SCRIPT.parent / "python" if (SCRIPT.parent / "python").exists() else Path(sys.executable)
#: one cache for every process these tests start (a cold start costs ~0.7 s; the cache is
#: keyed by the fact base's bytes, so sharing it is safe), removed when the run ends
CACHE = tempfile.TemporaryDirectory(prefix="jiexiu-test-cache-")


def jiexiu(
    *args: str, cwd: Path, env: dict[str, str | None] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the entry point with a fixed width, no colour, and ``env`` on top (None: unset)."""
    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    base = {"NO_COLOR": "1", "COLUMNS": "100", "XDG_CACHE_HOME": CACHE.name}
    wanted: dict[str, str | None] = {**os.environ, **base, **(env or {})}
    full = {k: v for k, v in wanted.items() if v is not None}
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=full, capture_output=True, text=True, encoding="utf-8", timeout=timeout
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single `jiexiu: error: ...` line a failure must print (and nothing else)."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("jiexiu: error: "), result.stderr
    assert all(line.startswith("jiexiu: ") for line in lines), result.stderr
    return lines[0]


def test_the_script_is_the_one_asked_for() -> None:
    if "JIEXIU_BIN" in os.environ:
        assert Path(os.environ["JIEXIU_BIN"]) == SCRIPT


def test_show_gdp_from_another_directory(tmp_path: Path) -> None:
    result = jiexiu("show", "gdp", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "341.3亿元" in result.stdout and "432亿元" in result.stdout and "estimate" in result.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(PYTHON), "-m", "jiexiu_cli", "--version"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("jiexiu ")


def test_usage_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = jiexiu("show", "gdp", "--nope", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    shell = f"'{SCRIPT}' export --format csv | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=tmp_path, capture_output=True, text=True)
    assert result.stdout.startswith("indicator,")
    assert result.stderr == "" and result.returncode == 0


def test_ascii_only_stdout_does_not_crash(tmp_path: Path) -> None:
    env: dict[str, str | None] = {"PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    result = jiexiu("show", "gdp", cwd=tmp_path, env=env)
    assert result.returncode == 0 and "341.3" in result.stdout


def test_only_the_named_command_is_built_and_the_rest_is_unchanged(tmp_path: Path) -> None:
    """main() hands Typer just the command the line names; help, a mistyped command and
    global options before the command must behave as with the whole app."""
    # the checkout's data/ with its ../seeds/: --data names the folder holding both (an article
    # outside the folder --data names is refused; the wheel's own seeds are its shipped ones)
    root = Path(__file__).parents[2]
    for part in ("data", "seeds"):
        shutil.copytree(root / part, tmp_path / "facts" / part)
    data = str(tmp_path / "facts")
    lean = jiexiu("--data", data, "show", "gdp", "--format", "json", cwd=tmp_path)
    assert lean.returncode == 0 and '"value": 432' in lean.stdout
    typo = jiexiu("shwo", "gdp", cwd=tmp_path)
    assert typo.returncode == 2 and "Did you mean 'show'" in one_error_line(typo)
    top = jiexiu("--help", cwd=tmp_path)
    assert top.returncode == 0 and all(c in top.stdout for c in ("show", "compare", "audit", "extract"))
    sub = jiexiu("--data", data, "audit", "--help", cwd=tmp_path)
    assert sub.returncode == 0 and "--status" in sub.stdout
    assert jiexiu("--version", "show", cwd=tmp_path).stdout.startswith("jiexiu ")


def test_completion_options_reach_the_whole_app(tmp_path: Path) -> None:
    """`show gdp` is answered by an app without completion options; asking for them gets them."""
    shown = jiexiu("--show-completion", "bash", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "_jiexiu_completion" in shown.stdout
    assert "--install-completion" in jiexiu("--help", cwd=tmp_path).stdout
