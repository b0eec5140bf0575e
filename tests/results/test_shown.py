"""A long table or Markdown of compare and audit is kept as printed and printed as kept the
next time: the same bytes, exit code and warnings as making it afresh, whatever changed in
between (an edit, the width, the colours, the options), never an output cut short, never a
kept text that a stranger changed."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiexiu_cli.cli.app import app
from jiexiu_cli.factbase.data_path import cache_dir
from jiexiu_cli.present import views, views_audit, views_compare
from jiexiu_cli.results import shown as results_shown
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    root = tmp_path / "facts"
    synth.synthesize(600, root, seed=7)
    return root


@pytest.fixture(autouse=True)
def kept_from_one_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every output is long enough to be kept; batches computed here."""
    from jiexiu_cli.results import kept

    monkeypatch.setattr(results_shown, "KEEP_ROWS", 1)
    monkeypatch.setattr(kept, "PARALLEL_BATCHES", 10**9)


class Views:
    """How many times compare's and audit's views were made (a table laid out afresh)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made = 0
        for module, name in ((views_compare, "compare_view"), (views_audit, "audit_view"), (views, "list_view")):
            monkeypatch.setattr(module, name, self._counted(getattr(module, name)))

    def _counted(self, real: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.made += 1
            return real(*args, **kwargs)

        return counted

    def take(self) -> int:
        n, self.made = self.made, 0
        return n


def jiexiu(facts: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--data", str(facts), *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def afresh(facts: Path, *args: str, env: dict[str, str] | None = None, tmp: Path) -> tuple[int, str, str]:
    """What a run answers with an empty cache (nothing kept)."""
    return jiexiu(facts, *args, env={**(env or {}), "XDG_CACHE_HOME": str(tmp)})


def shown_rows() -> list[tuple[str, str]]:
    (path,) = cache_dir().glob("store-*.sqlite.results")
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT scope, key FROM results WHERE kind = 'shown' ORDER BY scope").fetchall()
    con.close()
    return rows


@pytest.mark.parametrize(
    "args",
    [
        ["compare"],
        ["compare", "--format", "markdown"],
        ["compare", "--period", "2021"],
        ["audit"],
        ["audit", "--format", "markdown"],
        ["audit", "--status", "consistent"],
        ["list"],
        ["list", "--format", "markdown"],
        ["list", "--period", "2021"],
    ],
)
def test_printed_as_kept_the_second_time(
    facts: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    views = Views(monkeypatch)
    first = jiexiu(facts, *args)
    assert first[1] and views.take() == 1
    second = jiexiu(facts, *args)
    assert views.take() == 0  # nothing laid out
    assert second == first == afresh(facts, *args, tmp=tmp_path / "fresh")


@pytest.mark.parametrize(
    "env",
    [{"COLUMNS": "60"}, {"COLUMNS": "140"}, {"NO_COLOR": "", "FORCE_COLOR": "1"}],
)
def test_another_width_or_colour_is_its_own_output(
    facts: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    views = Views(monkeypatch)
    plain = jiexiu(facts, "compare")
    other = jiexiu(facts, "compare", env=env)
    assert views.take() == 2
    assert other == afresh(facts, "compare", env=env, tmp=tmp_path / "fresh") != plain
    views.take()
    # both are kept: printed again, each as it was
    assert jiexiu(facts, "compare") == plain
    assert jiexiu(facts, "compare", env=env) == other
    assert views.take() == 0


def test_the_last_two_ways_of_printing_are_kept(facts: Path) -> None:
    for columns in ("60", "80", "100", "120"):
        jiexiu(facts, "compare", env={"COLUMNS": columns})
    heads = [scope for scope, _ in shown_rows() if "/" not in scope]
    assert len(heads) == results_shown.KEEP_FORMS == 2
    jiexiu(facts, "compare", "--format", "markdown")
    heads = [scope for scope, _ in shown_rows() if "/" not in scope]
    assert sorted(h.split("@")[0] for h in heads) == ["compare markdown", "compare table", "compare table"]


def test_an_edit_makes_it_again(facts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    views = Views(monkeypatch)
    before = jiexiu(facts, "compare")
    audit_before = jiexiu(facts, "audit")
    for gone in ("synth_00001.yaml", "synth_00001.txt"):  # an article and its figures taken out
        (facts / "articles" / gone).unlink()
    views.take()
    after = jiexiu(facts, "compare")
    audit_after = jiexiu(facts, "audit")
    assert views.take() == 2  # both made again
    assert after == afresh(facts, "compare", tmp=tmp_path / "fresh") != before
    assert audit_after == afresh(facts, "audit", tmp=tmp_path / "fresh2") != audit_before


def test_an_edit_makes_the_list_again(facts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """list's table is kept with every fact-base file's content: one line added to one file
    (a new indicator) makes it again."""
    views_made = Views(monkeypatch)
    before = jiexiu(facts, "list")
    assert jiexiu(facts, "list") == before
    assert views_made.take() == 1
    (path,) = [p for p in sorted(facts.rglob("*.yaml")) if "indicators:" in p.read_text(encoding="utf-8")][:1]
    text = path.read_text(encoding="utf-8")
    at = text.index("indicators:\n") + len("indicators:\n")
    added = '  - id: zz_added_indicator\n    name_zh: "新加指标"\n    name_en: "Added"\n    topic: industry\n'
    path.write_text(text[:at] + added + text[at:], encoding="utf-8")
    after = jiexiu(facts, "list")
    assert after[0] == 0, after[2]
    assert views_made.take() == 1
    assert after == afresh(facts, "list", tmp=tmp_path / "fresh") != before
    assert "zz_added_indicator" in after[1]


def test_a_short_output_is_not_kept(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results_shown, "KEEP_ROWS", 10**9)
    views = Views(monkeypatch)
    jiexiu(facts, "compare")
    jiexiu(facts, "compare")
    assert views.take() == 2
    assert shown_rows() == []


def test_an_output_cut_short_is_not_kept(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader went away (`| head`): what was printed is not the whole output."""
    from jiexiu_cli.cli import edge

    real = edge._Tee.write
    calls = [0]

    def write(self: Any, text: str) -> int:
        calls[0] += 1
        if calls[0] == 2:
            self._keeping.cut = True  # as a BrokenPipeError from the file does
            raise BrokenPipeError
        return int(real(self, text))

    monkeypatch.setattr(edge._Tee, "write", write)
    monkeypatch.setattr("jiexiu_cli.present.render_table.BLOCK_LINES", 5)  # printed in several blocks
    monkeypatch.setattr(edge, "discard_stdout", lambda: None)
    jiexiu(facts, "compare")
    assert calls[0] >= 2
    assert shown_rows() == []


def _plant(rewrite: Any) -> None:
    """Change the kept output in the results file, as a stranger could."""
    (path,) = cache_dir().glob("store-*.sqlite.results")
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT scope, key, value FROM results WHERE kind = 'shown'").fetchall()
        for scope, key, value in rows:
            new = rewrite(scope, key, value)
            if new is None:
                con.execute("DELETE FROM results WHERE kind = 'shown' AND scope = ?", (scope,))
            else:
                con.execute("UPDATE results SET key = ?, value = ? WHERE kind = 'shown' AND scope = ?", (*new, scope))
    con.close()


def _piece(scope: str, text: bytes) -> bytes:
    return zlib.compress(text) if "/" in scope else b""


@pytest.mark.parametrize(
    "damage",
    [
        # an escape sequence that retitles the terminal, in a table printed without colour
        lambda scope, key, value: (key, _piece(scope, b"\x1b]0;planted\x07\n") or value),
        # a C1 control character (as UTF-8)
        lambda scope, key, value: (key, _piece(scope, "\u009b31m\n".encode()) or value),
        # another answer, with the key of this one: printed only if clean; here, a wrong
        # count of pieces (the head says one more)
        lambda scope, key, value: (key, value) if "/" in scope else (key, zlib.compress(b"[99, null]")),
        # a piece gone
        lambda scope, key, value: None if scope.endswith("/00000000") else (key, value),
        # not compressed
        lambda scope, key, value: (key, b"not zlib" if "/" in scope else value),
        # another key
        lambda scope, key, value: ("0" * 32, value),
    ],
)
def test_a_kept_output_changed_by_a_stranger_is_not_printed(
    facts: Path, damage: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    views = Views(monkeypatch)
    first = jiexiu(facts, "compare")
    _plant(damage)
    views.take()
    again = jiexiu(facts, "compare")
    assert views.take() == 1  # made again
    assert again == first == afresh(facts, "compare", tmp=tmp_path / "fresh")
    assert "\x1b" not in again[1] and "\u009b" not in again[1]


def test_a_colour_table_keeps_its_styles_and_nothing_else(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    colour = {"NO_COLOR": "", "FORCE_COLOR": "1"}
    first = jiexiu(facts, "compare", env=colour)
    assert "\x1b[" in first[1]
    views = Views(monkeypatch)
    assert jiexiu(facts, "compare", env=colour) == first
    assert views.take() == 0
    _plant(lambda scope, key, value: (key, _piece(scope, b"\x1b[1mbold\x1b[0m \x1b]8;;http://x\x1b\\\n") or value))
    assert jiexiu(facts, "compare", env=colour) == first
    assert views.take() == 1


def test_no_results_file_still_answers(facts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A cache folder that cannot be used: each output is made, none kept."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    env = {"XDG_CACHE_HOME": str(blocked)}
    views = Views(monkeypatch)
    for command in ("compare", "audit", "list"):
        first = jiexiu(facts, command, env=env)
        assert first[1] and "internal error" not in first[2]
        assert jiexiu(facts, command, env=env) == first
        assert views.take() == 2  # made each time
        assert first == afresh(facts, command, tmp=tmp_path / command)
        views.take()
    shutil.rmtree(tmp_path / "facts", ignore_errors=True)


@pytest.mark.parametrize("hold", [0, 1 << 30])
def test_a_long_kept_text_is_decompressed_again_as_it_is_printed(
    facts: Path, hold: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results_shown, "PIECE", 4096)  # many pieces
    first = jiexiu(facts, "audit")
    monkeypatch.setattr(results_shown, "HOLD", hold)
    views = Views(monkeypatch)
    assert jiexiu(facts, "audit") == first
    assert views.take() == 0
