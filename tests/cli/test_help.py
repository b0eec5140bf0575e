"""Help that keeps its word (issue 15, item 7): every example in every --help runs as
written, and no placeholder of the code's own shows through."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import typer

from jiexiu_cli.cli.app import app
from tests.cli.test_installed import CACHE, SCRIPT
from tests.conftest import Run

#: each test runs jiexiu as a process (the installed entry point): slow; .ci/run also runs
#: them against the wheel
pytestmark = pytest.mark.process

COMMANDS = [str(c.name or c.callback.__name__).strip("_") for c in app.registered_commands]  # type: ignore[union-attr]


def _help(run: Run, *command: str) -> str:
    result = run(*command, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def examples(text: str) -> list[str]:
    """The examples of a help text: one a line after a line "Examples:", up to a blank one."""
    out: list[str] = []
    lines = [line.strip(" │") for line in text.splitlines()]
    for k, line in enumerate(lines):
        if line.strip() in ("Examples:", "Example:"):
            for following in lines[k + 1 :]:
                if not following.strip():
                    break
                out.append(following.strip())
    return out


def _all_examples() -> list[tuple[str, str]]:
    run = Run()
    out = []
    for command in ["", *COMMANDS]:
        for example in examples(_help(run, *([command] if command else []))):
            out.append((command or "jiexiu", example))
    return out


EXAMPLES = _all_examples()


def test_every_command_has_examples() -> None:
    have = {command for command, _ in EXAMPLES}
    assert have == {"jiexiu", *COMMANDS}
    assert all(re.search(r"(^|\| )jiexiu ", example) for _, example in EXAMPLES), EXAMPLES


@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_every_example_runs_as_written(tmp_path: Path, command: str, example: str) -> None:
    """Each example, in a shell, in an empty folder, with the installed script first on PATH
    and the shipped fact base: exit 0, something printed (or written where it redirects)."""
    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    env = {
        **os.environ,
        "PATH": f"{SCRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "XDG_CACHE_HOME": CACHE.name,
        "HOME": str(tmp_path),
    }
    env.pop("JIEXIU_DATA", None)
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", example], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, (example, result.stderr)
    assert "error" not in result.stderr, (example, result.stderr)
    written = [p for p in tmp_path.iterdir() if p.is_file() and p.stat().st_size]
    assert result.stdout.strip() or written, example


def test_no_placeholder_of_the_code_shows_in_help(run: Run) -> None:
    """Metavars are words a user reads (PATH, PERIOD, SHELL) or the choices, never the name
    of a parser function (<_data_option>) or a type (<integer range>)."""
    for command in ["", *COMMANDS]:
        text = _help(run, *([command] if command else []))
        assert not re.search(r"<_|_option>|<integer|<text>|<path>", text), command
    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        for param in command.get_params(ctx):
            if getattr(param, "is_flag", False) or param.param_type_name != "option" or param.name == "help":
                continue
            metavar = param.make_metavar(ctx)
            assert re.fullmatch(r"[A-Z][A-Z_]*|<[a-z]+(\|[a-z]+)+>", metavar), (command.name, param.name, metavar)


def test_readme_careless_input_table_is_what_jiexiu_does(tmp_path: Path) -> None:
    """The README's table of careless input and exit codes, row by row, run as written."""
    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Careless input", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| [^|]+ \| `(jiexiu [^`]+)` \| (\d) \|$", section, flags=re.M)
    assert len(rows) >= 12, rows
    env = {
        **os.environ,
        "PATH": f"{SCRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
        "XDG_CACHE_HOME": CACHE.name,
    }
    env.pop("JIEXIU_DATA", None)
    for command, code in rows:
        result = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == int(code), (command, result.stderr)
        if code != "0":
            assert result.stderr.startswith("jiexiu: "), (command, result.stderr)
