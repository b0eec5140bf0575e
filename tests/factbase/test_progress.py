"""A progress bar for long work: on stderr, only on a terminal, never with --quiet."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from jiexiu_cli.cli.app import main
from jiexiu_cli.factbase import progress, store_rows
from tests.conftest import DATA


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    for name in ("mini", "third"):
        shutil.copytree(DATA / name, folder / name)
    return folder


def answer(monkeypatch: pytest.MonkeyPatch, facts: Path, stderr: io.StringIO, *options: str) -> tuple[str, str]:
    """stdout and stderr of `jiexiu [options] --data FACTS list --format json`, run here
    with a stderr that may be a terminal and a bar that may show at once."""
    monkeypatch.setattr(progress, "AFTER_S", 0.0)
    monkeypatch.setattr(store_rows, "PARALLEL_BYTES", 10**12)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", stderr)
    with pytest.raises(SystemExit) as done:
        main([*options, "--data", str(facts), "list", "--format", "json"])
    assert done.value.code == 0
    return out.getvalue(), stderr.getvalue()


def test_a_build_shows_what_it_does_and_how_many_files_are_left(monkeypatch: pytest.MonkeyPatch, facts: Path) -> None:
    out, err = answer(monkeypatch, facts, Terminal())
    assert "building the compiled fact base" in err and "files" in err and "left" in err
    assert '"indicator"' in out and "building" not in out


def test_not_on_a_pipe(monkeypatch: pytest.MonkeyPatch, facts: Path) -> None:
    out, err = answer(monkeypatch, facts, io.StringIO())
    assert err == "" and '"indicator"' in out


def test_not_with_quiet(monkeypatch: pytest.MonkeyPatch, facts: Path) -> None:
    loud, _ = answer(monkeypatch, facts, Terminal())
    elsewhere = facts.rename(facts.parent / "elsewhere")  # a fact base of its own: built again
    quiet, err = answer(monkeypatch, elsewhere, Terminal(), "--quiet")
    assert err == "" and quiet == loud


def test_quiet_is_a_global_option(monkeypatch: pytest.MonkeyPatch, facts: Path) -> None:
    _, err = answer(monkeypatch, facts, Terminal(), "-q")
    assert err == ""
    monkeypatch.setattr(progress, "QUIET", True)
    _, err = answer(monkeypatch, facts.rename(facts.parent / "moved"), Terminal())  # without -q: shown again
    assert "building the compiled fact base" in err


def test_a_short_piece_of_work_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", Terminal())
    with progress.Progress("working", 10) as p:  # under a second
        for _ in range(10):
            p.advance()
    assert sys.stderr.getvalue() == ""
