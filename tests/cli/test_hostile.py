"""Careless input and a hostile environment, through the real entry point (issue 5).

Each case ends in the documented exit code and, on failure, one `jiexiu: error: ...`
line: never a traceback, never a lost figure. Run as processes (``JIEXIU_BIN``, see
test_installed.py), so CI proves them on the installed wheel, from outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from tests.cli.test_installed import CACHE, SCRIPT, jiexiu, one_error_line
from tests.conftest import DATA, Run

#: each test runs jiexiu as a process (the installed entry point): slow; .ci/run also runs
#: them against the wheel
pytestmark = pytest.mark.process

MINI = DATA / "mini"
#: every command that prints a table, with arguments that give it rows
TABLES = [
    ["show", "gdp"],
    ["compare"],
    ["search", "焦化"],
    ["list"],
    ["sources"],
    ["export", "--format", "table"],
    ["audit"],
]
#: every command that prints Chinese
CHINESE = [*TABLES, ["verify"], ["show", "gdp", "--cite"], ["export"]]
BOX = set("─━│┃┏┓┗┛┡┩╇┼┬┴├┤┌┐└┘╭╮╰╯═║╔╗╚╝")


def _cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A bash pipeline (with pipefail: jiexiu's own exit code counts), no colour, shared cache."""
    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": CACHE.name}
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def _ink(text: str) -> Counter[str]:
    """The characters a reader can see: no spaces, no table rules."""
    return Counter(c for c in text if not c.isspace() and c not in BOX)


# ---------------------------------------------------------------- Ctrl-C


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    """SIGINT while jiexiu blocks writing to a reader that stopped reading (a pager, a
    stuck pipe): exit 130, `jiexiu: interrupted`, no traceback, no hang."""
    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": CACHE.name}
    proc = subprocess.Popen(
        [str(SCRIPT), "export"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # a test run started in the background has SIGINT ignored, and a child inherits that:
        # it would never see the Ctrl-C and the test would wait for ever
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(1) == b"["  # started and writing: ~160 kB into a 64 kB pipe, so it blocks
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=30) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert err == "jiexiu: interrupted\n"


# ---------------------------------------------------------------- narrow terminals, colour


@pytest.mark.parametrize("args", TABLES, ids=lambda a: " ".join(a))
def test_twenty_columns_lose_nothing(tmp_path: Path, args: list[str]) -> None:
    wide = jiexiu(*args, cwd=tmp_path, env={"COLUMNS": "1000"})
    narrow = jiexiu(*args, cwd=tmp_path, env={"COLUMNS": "20"})
    assert narrow.returncode == wide.returncode and wide.returncode in (0, 1), narrow.stderr
    assert "Traceback" not in narrow.stderr and narrow.stderr == wide.stderr
    assert all(_cells(line) <= 20 for line in narrow.stdout.splitlines())
    lost = _ink(wide.stdout) - _ink(narrow.stdout)
    assert not lost, f"lost at 20 columns: {dict(lost.most_common(10))}"


def test_every_width_keeps_every_cell(run: Run) -> None:
    """From 8 columns up, a table either fits or becomes one block per row: no cell is
    cut and no column dropped (Rich alone dropped columns below ~75). What is missing is
    only ever part of a quote shortened around its number, said so under the table, or a
    bar that pictures two figures shown beside it (compare leaves its bars out where
    they would cost lines)."""
    from jiexiu_cli.present.render_table import SHORTENED_NOTE
    from jiexiu_cli.present.views_compare import _BLOCKS

    for args in (["show", "gdp"], ["compare", "gdp", "budget_revenue"], ["list", "--topic", "fiscal"]):
        full = _ink(run(*args, env={"COLUMNS": "1000"}).stdout)
        quotes = _ink("".join(_quotes(run.json(*args))))
        for width in range(8, 130, 6):
            out = run(*args, env={"COLUMNS": str(width)}).stdout
            lost = Counter({c: k for c, k in (full - _ink(out)).items() if c not in _BLOCKS})
            if _BLOCKS[-1] not in out:  # compare's bars left out, and their column's name
                lost -= Counter("bar")
            if lost:
                assert " ".join(SHORTENED_NOTE.split()) in " ".join(out.split()), (args, width)
                assert not lost - quotes, (args, width)


def _quotes(records: list[dict[str, object]]) -> list[str]:
    """Every quote of the records, nested ones too (compare's from and to)."""
    out = []
    for r in records:
        for value in r.values():
            if isinstance(value, dict):
                out += _quotes([value])
        if isinstance(r.get("quote"), str):
            out.append(str(r["quote"]))
    return out


def test_zero_or_tiny_columns_lose_nothing(run: Run) -> None:
    """COLUMNS=0 (some CI runners: "unknown") prints at 80; 1 to 19 print at 20."""
    full = _ink(run("show", "gdp", env={"COLUMNS": "1000"}).stdout)
    for width in ("1", "7"):
        out = run("show", "gdp", env={"COLUMNS": width}).stdout
        assert out and not full - _ink(out), width
    assert run("show", "gdp", env={"COLUMNS": "0"}).stdout == run("show", "gdp", env={"COLUMNS": "80"}).stdout


COLOURFUL = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "COLORTERM": "truecolor"}


@pytest.mark.parametrize("args", [["show", "gdp"], ["search", "焦化"], ["compare", "gdp"]], ids=" ".join)
def test_no_color_wins_over_force_color(tmp_path: Path, args: list[str]) -> None:
    forced = jiexiu(*args, cwd=tmp_path, env={**COLOURFUL, "NO_COLOR": None})
    assert "\x1b[" in forced.stdout  # the test can fail: these settings do colour
    plain = jiexiu(*args, cwd=tmp_path, env={**COLOURFUL, "NO_COLOR": "1"})
    assert plain.returncode == 0 and "\x1b" not in plain.stdout and "\x1b" not in plain.stderr


def test_no_color_on_a_real_terminal(tmp_path: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color", "XDG_CACHE_HOME": CACHE.name}
    env.pop("FORCE_COLOR", None)
    proc = subprocess.Popen([str(SCRIPT), "search", "焦化"], cwd=tmp_path, env=env, stdout=follower, stderr=follower)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=30) == 0
    assert "焦化".encode() in out and b"\x1b" not in out


# ---------------------------------------------------------------- closed streams


@pytest.mark.parametrize("args", [["compare"], ["export"], ["list"], ["show", "gdp", "--cite"]], ids=" ".join)
def test_reader_that_stops_early_is_quiet(tmp_path: Path, args: list[str]) -> None:
    cmd = " ".join(f"'{a}'" for a in (str(SCRIPT), *args))
    for reader in ("head -1", "true"):  # stops after a line; never reads at all
        result = _shell(f"{cmd} | {reader}", tmp_path)
        assert result.returncode == 0 and result.stderr == "", (reader, result.stderr)
        assert result.stdout.count("\n") == (1 if reader == "head -1" else 0)


def test_a_failing_command_keeps_its_code_when_the_reader_is_gone(tmp_path: Path) -> None:
    for fmt in ("table", "json"):
        result = _shell(f"'{SCRIPT}' --data '{DATA / 'verify' / 'uncovered.yaml'}' verify -f {fmt} | true", tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr, fmt


def test_closed_stdout_and_stderr(tmp_path: Path) -> None:
    closed_out = _shell(f"'{SCRIPT}' show gdp >&-", tmp_path)
    assert closed_out.returncode == 0 and closed_out.stderr == ""
    closed_err = _shell(f"'{SCRIPT}' show nosuch 2>&-", tmp_path)
    assert closed_err.returncode == 1 and closed_err.stdout == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [["show", "gdp"], ["export"], ["--version"]], ids=" ".join)
def test_a_full_disk_under_stdout(tmp_path: Path, args: list[str]) -> None:
    result = _shell(" ".join(f"'{a}'" for a in (str(SCRIPT), *args)) + " > /dev/full", tmp_path)
    assert result.returncode == 1
    assert result.stderr == "jiexiu: error: cannot write the output: No space left on device\n"


# ---------------------------------------------------------------- locale and encoding


@pytest.mark.parametrize("args", CHINESE, ids=lambda a: " ".join(a))
def test_ascii_locale_degrades_gracefully(tmp_path: Path, args: list[str]) -> None:
    if args == ["verify"]:  # a fact base with a problem, so that verify quotes Chinese
        args = ["--data", str(DATA / "verify" / "uncovered.yaml"), "verify"]
    result = jiexiu(*args, cwd=tmp_path, env={"LC_ALL": "C", "LANG": None, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == (1 if "verify" in args else 0), result.stderr
    assert "Traceback" not in result.stderr and result.stdout.isascii() and result.stderr.isascii()
    assert "\\u" in result.stdout + result.stderr  # Chinese shown as escapes, not dropped


def test_c_locale_still_prints_chinese(tmp_path: Path) -> None:
    """LC_ALL=C alone: Python's UTF-8 mode keeps Chinese in arguments and output."""
    good = jiexiu("search", "焦化", cwd=tmp_path)
    c_locale = jiexiu("search", "焦化", cwd=tmp_path, env={"LC_ALL": "C", "LANG": None})
    assert c_locale.returncode == 0 and c_locale.stdout == good.stdout and "焦化" in good.stdout


def test_ascii_error_message(tmp_path: Path) -> None:
    result = jiexiu("show", "清洁供暖x", cwd=tmp_path, env={"LC_ALL": "C", "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1 and result.stderr.isascii()
    assert one_error_line(result).startswith("jiexiu: error: no indicator named")


# ---------------------------------------------------------------- careless command lines


def test_hundred_thousand_character_query(tmp_path: Path) -> None:
    """A query the length of a book chapter: one short line and exit 1, for each command
    that takes a name or terms (argv allows ~128 kB per argument, so ASCII)."""
    long = "x" * 100_000
    for args in (["search", long], ["show", long], ["search", "焦化", long]):
        result = jiexiu(*args, cwd=tmp_path)
        assert result.returncode == 1
        line = one_error_line(result)
        assert len(line) < 600 and " … " in line  # the echo loses its middle, not the line


def test_the_search_terms_are_literal_text(tmp_path: Path) -> None:
    for term in ("[*(?", ".*", "\\", "a|b", "^$"):
        result = jiexiu("search", term, cwd=tmp_path)
        assert result.returncode == 1, term
        assert one_error_line(result) == f"jiexiu: error: no figure matches {term!r}"
    paren = jiexiu("search", "(", "--format", "csv", cwd=tmp_path)  # not a pattern: the character
    # (or its full-width form, which search folds to it as it folds ＧＤＰ to GDP)
    assert paren.returncode == 0 and all("(" in line or "（" in line for line in paren.stdout.splitlines()[1:])
    for name in ("[*(?", ".*"):
        result = jiexiu("show", name, cwd=tmp_path)
        assert result.returncode == 1 and "no indicator named" in one_error_line(result)
    dotted = jiexiu("search", "8.5%", "--format", "csv", cwd=tmp_path)
    assert dotted.returncode == 0 and all("8.5%" in line for line in dotted.stdout.splitlines()[1:])


def test_newline_in_a_query_stays_one_line(tmp_path: Path) -> None:
    result = jiexiu("search", "焦\n化", cwd=tmp_path)
    assert result.returncode == 1 and one_error_line(result) == "jiexiu: error: no figure matches '焦\\n化'"
    result = jiexiu("show", "gdp\nx", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 2  # the error and "did you mean"


def test_control_characters_in_a_path_stay_one_line(tmp_path: Path) -> None:
    result = jiexiu("--data", "a\nb\x1b[31m.yaml", "show", "gdp", cwd=tmp_path)
    assert result.returncode == 1 and "\x1b" not in result.stderr
    assert one_error_line(result) == "jiexiu: error: a\\nb\\x1b[31m.yaml: no such file or folder"


def test_nul_in_a_query(run: Run) -> None:
    """No process can pass a NUL in argv; in-process, it is just a character that matches nothing."""
    result = run("search", "焦\x00化")
    assert result.exit_code == 1 and result.stderr == "jiexiu: error: no figure matches '焦\\x00化'\n"
    assert run("show", "gdp\x00").exit_code == 1


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["search", "万", "--limit", "-1"], 2, "Invalid value for '--limit'"),
        (["search", "万", "--limit", "abc"], 2, "'abc' is not a valid int"),
        (["search", ""], 2, "empty search term"),
        (["search", "  "], 2, "empty search term"),
        (["show", "gdp", "--period", "20x1"], 2, "not a period: '20x1'"),
        (["show", "gdp", "--period", "2025-2021"], 2, "a run of years ends after it starts: 2025-2021"),
        (["show", "gdp", "--period", "一季度"], 2, "'一季度' names no year"),
        (["show", "gdp", "--period", "2030"], 1, "gdp has no figure for period '2030'"),
        (["show", "gdp", "--place", "火星"], 1, "no figure is of place '火星' (places: 介休市)"),
        (["show", "gdp", "--format", "xml"], 2, "Invalid value for '--format'"),
        (["show", "gdp", "--nope"], 2, "No such option"),
        (["nosuchcommand"], 2, "No such command"),
        (["show"], 2, "Missing argument"),
        (["show", "gpd"], 1, "no indicator named 'gpd'"),
        (["--data", "", "show", "gdp"], 2, "Invalid value for '--data'"),
    ],
)
def test_careless_command_line(tmp_path: Path, args: list[str], code: int, says: str) -> None:
    result = jiexiu(*args, cwd=tmp_path)
    assert result.returncode == code and result.stdout == ""
    assert says in one_error_line(result)


# ---------------------------------------------------------------- paths and data


def _mini(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini"


def test_article_missing_or_a_directory(tmp_path: Path) -> None:
    """The YAML is fine, the article is not there (or is a folder): figures still show
    (their quotes are in the YAML); verify names the article and exits 1."""
    base = _mini(tmp_path)
    (base / "mini.txt").unlink()
    assert jiexiu("--data", str(base), "show", "gdp", cwd=tmp_path).returncode == 0
    missing = jiexiu("--data", str(base), "verify", cwd=tmp_path)
    assert missing.returncode == 1 and "no such text file" in missing.stderr and "mini.txt" in missing.stderr
    (base / "mini.txt").mkdir()
    folder = jiexiu("--data", str(base), "verify", cwd=tmp_path)
    assert folder.returncode == 1 and "mini.txt" in folder.stderr and "directory" in folder.stderr
    assert "Traceback" not in missing.stderr + folder.stderr


def test_tampered_facts_fail_verify_naming_each(tmp_path: Path) -> None:
    """An edited article (sha256 mismatch) whose edit also breaks a quote: exit 1, both named."""
    base = _mini(tmp_path)
    article = base / "mini.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("120.5", "121.5"), encoding="utf-8")
    result = jiexiu("--data", str(base), "verify", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "has changed: sha256" in result.stderr and "quote is not a verbatim substring" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("jiexiu: error: verify found ")


@pytest.mark.parametrize("garbage", ["binary", "passwd", "empty_env"])
def test_jiexiu_data_pointing_to_garbage(tmp_path: Path, garbage: str) -> None:
    target = tmp_path / "facts"
    if garbage == "binary":
        target.write_bytes(bytes(range(256)) * 8)
    elif garbage == "passwd":  # a text file from another tool: one long plain scalar
        target.write_text("".join(f"user{i}:x:{i}:{i}::/home/user{i}:/bin/sh\n" for i in range(200)))
    else:
        result = jiexiu("show", "gdp", cwd=tmp_path, env={"JIEXIU_DATA": ""})
        assert result.returncode == 0 and "341.3" in result.stdout  # empty means unset: the shipped data
        return
    result = jiexiu("show", "gdp", cwd=tmp_path, env={"JIEXIU_DATA": str(target)})
    assert result.returncode == 1
    line = one_error_line(result)
    assert "facts" in line and len(line) < 300


@pytest.mark.parametrize("kind", ["fifo", "device", "symlink_loop", "too_long", "empty_folder", "missing"])
def test_data_paths_that_are_not_fact_files(tmp_path: Path, kind: str) -> None:
    """Never read a pipe or a device (/dev/zero would never end), never hang, one line."""
    path = tmp_path / "facts.yaml"
    says = {
        "fifo": "not a regular file",
        "device": "not a regular file",
        "symlink_loop": "cannot use this path",
        "too_long": "cannot use this path",
        "empty_folder": "holds no fact-base file",
        "missing": "no such file or folder",
    }[kind]
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "symlink_loop":
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        path = tmp_path / "a"
    elif kind == "too_long":
        path = tmp_path / ("x" * 300)
    elif kind == "empty_folder":
        path = tmp_path / "empty"
        path.mkdir()
    result = jiexiu("--data", str(path), "show", "gdp", cwd=tmp_path, timeout=30)
    assert result.returncode == 1 and says in one_error_line(result)


def test_an_article_may_come_through_a_pipe_but_not_from_a_device(tmp_path: Path) -> None:
    """extract reads a pipe once (`<(…)`), which is fine; /dev/zero would never end."""
    article = MINI / "mini.txt"
    piped = _shell(f"'{SCRIPT}' extract <(cat '{article}') --format csv", tmp_path)
    assert piped.returncode == 0 and "120.5" in piped.stdout, piped.stderr
    device = jiexiu("extract", "/dev/zero", cwd=tmp_path, timeout=30)
    assert device.returncode == 1 and "not a regular file" in one_error_line(device)


# ---------------------------------------------------------------- the last resort


def test_a_bug_is_still_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """An exception jiexiu did not foresee: one line naming it and where, exit 1."""
    from jiexiu_cli.cli import app as cli
    from jiexiu_cli.present import views

    def broken(*args: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(views, "sources_view", broken)
    with pytest.raises(SystemExit) as info:
        cli.main(["sources"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("jiexiu: error: internal error at test_hostile.py:") and "ZeroDivisionError" in err


def test_suggestions_for_a_huge_name_are_not_quadratic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: no full difflib comparison when the lengths alone rule a name out."""
    import difflib

    from jiexiu_cli.factbase import query

    calls = []
    real = difflib.SequenceMatcher.ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", lambda self: calls.append(1) or real(self))
    assert query.closest("x" * 100_000, [("gdp", "gdp"), ("clean_heating_area", "cleanheatingarea")]) == ()
    assert calls == []
