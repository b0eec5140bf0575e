"""Shell completion, driven as the shells drive it: the installed script run with
``_JIEXIU_COMPLETE`` and the shell's own variables (issue 15, item 7)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from jiexiu_cli.analysis.audit import STATUSES
from jiexiu_cli.factbase.data_path import shipped_data
from jiexiu_cli.factbase.loader import load
from tests.cli.test_installed import SCRIPT, jiexiu
from tests.conftest import DATA

#: each test runs jiexiu as a process (the installed entry point): slow; .ci/run also runs
#: them against the wheel
pytestmark = pytest.mark.process

MINI = DATA / "mini"
SHIPPED = load(shipped_data())

#: what only each shell's script says
SCRIPTS = {
    "bash": "complete -o default -F _jiexiu_completion jiexiu",
    "zsh": "#compdef jiexiu",
    "fish": "complete --command jiexiu",
}
#: where --install-completion puts each shell's script, under HOME
INSTALLED = {
    "bash": ".bash_completions/jiexiu.sh",
    "zsh": ".zfunc/_jiexiu",
    "fish": ".config/fish/completions/jiexiu.fish",
}


def bash(line: str, tmp_path: Path, env: dict[str, str | None] | None = None) -> list[str]:
    """What bash completes for ``line`` (the last word being completed; a trailing space
    completes a new word)."""
    words = line.split(" ")
    result = jiexiu(
        cwd=tmp_path,
        env={"_JIEXIU_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1), **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("shell", sorted(SCRIPTS))
def test_show_completion_prints_that_shell_s_script(tmp_path: Path, shell: str) -> None:
    for args in (["--show-completion", shell], [f"--show-completion={shell}"], ["--show-completion", shell.upper()]):
        result = jiexiu(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert SCRIPTS[shell] in result.stdout
        assert all(other not in result.stdout for s, other in SCRIPTS.items() if s != shell)


@pytest.mark.parametrize("shell", sorted(SCRIPTS))
def test_install_completion_installs_that_shell_s_script(tmp_path: Path, shell: str) -> None:
    result = jiexiu("--install-completion", shell, cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert f"{shell} completion installed in" in result.stdout
    assert SCRIPTS[shell] in (tmp_path / INSTALLED[shell]).read_text(encoding="utf-8")


def test_an_unknown_shell_is_a_usage_error(tmp_path: Path) -> None:
    result = jiexiu("--show-completion", "tcsh", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "tcsh" in result.stderr and "bash" in result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_alone_it_is_for_the_shell_that_runs_it(tmp_path: Path) -> None:
    """`--show-completion` alone: the shell that runs jiexiu (here bash; `; true` keeps bash
    from replacing itself with jiexiu)."""
    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    result = subprocess.run(
        ["bash", "-c", f"'{SCRIPT}' --show-completion; true"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert SCRIPTS["bash"] in result.stdout


def test_names_complete_from_the_fact_base_the_line_names(tmp_path: Path) -> None:
    shipped = {i.id for i in SHIPPED.indicators}
    assert set(bash("jiexiu show g", tmp_path)) == {i for i in shipped if i.startswith("g")}
    mini = {i.id for i in load(MINI).indicators}
    assert set(bash(f"jiexiu --data {MINI} show ", tmp_path)) == mini
    assert set(bash("jiexiu compare ", tmp_path, env={"JIEXIU_DATA": str(MINI)})) == mini
    assert set(bash(f"jiexiu --data {MINI} audit ", tmp_path)) == mini
    assert bash("jiexiu --data /nonexistent show ", tmp_path) == []


def test_periods_topics_and_statuses_complete(tmp_path: Path) -> None:
    gdp = {f.period for f in SHIPPED.figures if f.indicator == "gdp"}
    assert set(bash("jiexiu show gdp --period ", tmp_path)) == gdp
    assert set(bash("jiexiu show gdp -p 2021", tmp_path)) == {p for p in gdp if p.startswith("2021")}
    assert set(bash("jiexiu show --period ", tmp_path)) == {f.period for f in SHIPPED.figures}
    mini = load(MINI)
    assert set(bash(f"jiexiu --data {MINI} list --topic ", tmp_path)) == {i.topic for i in mini.indicators}
    assert set(bash("jiexiu list --topic e", tmp_path)) == {i.topic for i in SHIPPED.indicators if i.topic[0] == "e"}
    assert bash("jiexiu audit --status ", tmp_path) == [s.replace(" ", "-") for s in STATUSES]
    assert bash("jiexiu show gdp --format j", tmp_path) == ["json"]


def test_zsh_and_fish_complete_the_same_names(tmp_path: Path) -> None:
    line = f"jiexiu --data {MINI} show "
    zsh = jiexiu(cwd=tmp_path, env={"_JIEXIU_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
    fish = jiexiu(
        cwd=tmp_path,
        env={
            "_JIEXIU_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        },
    )
    mini = {i.id for i in load(MINI).indicators}
    assert zsh.returncode == fish.returncode == 0, zsh.stderr + fish.stderr
    assert {line.split("\t")[0] for line in fish.stdout.splitlines()} == mini
    assert zsh.stdout.startswith("_arguments") and all(f'"{i}"' in zsh.stdout for i in mini)
