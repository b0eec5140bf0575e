"""A fact base from a stranger (issue 16): nothing in it runs, nothing outside its folder
is read, nothing hangs, nothing prints raw control characters.

Every hostile folder is written here, in tmp_path: article paths that leave the folder
(``..``, absolute paths, symbolic links to a file or a folder outside), FIFOs and devices
as articles and as fact-base files, files over the size limits (sparse, so the tests are
fast), escape sequences and bidi overrides in names, quotes, titles and file names, cells a
spreadsheet would run. Each case asserts the exit code and the exact line, and that nothing
outside was read: its content never shows, a FIFO outside whose writer waits for a reader
is never opened (:class:`Tripwire`), and, in-process, Python's audit hook sees no open of it.

The process cases run the entry point (``JIEXIU_BIN``, see test_installed.py), so CI proves
them on the installed wheel, from outside the checkout, with a timeout: a hang is a failure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from jiexiu_cli.analysis.verify import verify
from jiexiu_cli.core import safe
from jiexiu_cli.core.errors import DataError
from jiexiu_cli.factbase.loader import load
from tests.cli.test_installed import SCRIPT, jiexiu, one_error_line
from tests.conftest import DATA, Run

#: each test runs jiexiu as a process (the installed entry point): slow; .ci/run also runs
#: them against the wheel
pytestmark = pytest.mark.process

MINI = DATA / "mini"
MINI_YAML = (MINI / "mini.yaml").read_text(encoding="utf-8")
#: what the files outside the fact base hold: it must never show
SECRET = "机密档案 4242 号"
#: every command that loads the fact base, with arguments that would give it rows
COMMANDS = [
    ["show", "gdp"],
    ["search", "地区"],
    ["list"],
    ["sources"],
    ["export"],
    ["compare"],
    ["audit"],
    ["verify"],
]
RULE = "(an article must lie inside the folder --data names, or be a shipped seed)"


def _stranger(tmp_path: Path, text: str = "mini.txt", yaml_text: str = MINI_YAML) -> Path:
    """tmp_path/facts: the mini fact base and its article, its source's ``text:`` set to
    ``text``; beside it, tmp_path/private/notes.txt, a file of the user's own."""
    facts = tmp_path / "facts"
    facts.mkdir(exist_ok=True)
    shutil.copy(MINI / "mini.txt", facts / "mini.txt")
    line = f"    text: {json.dumps(text)}\n"
    (facts / "f.yaml").write_text(yaml_text.replace("    text: mini.txt\n", line, 1), encoding="utf-8")
    private = tmp_path / "private"
    private.mkdir(exist_ok=True)
    (private / "notes.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    return facts


def _outside(value: str, how: str = "") -> str:
    """The one line for a ``text:`` that leads outside tmp_path/facts (line 3, column 11)."""
    return (
        f"jiexiu: error: facts/f.yaml:3:11: article path {value!r} leads outside the fact-base folder facts{how}; "
        f"not read {RULE}"
    )


def _no_secret(*outputs: str) -> None:
    for out in outputs:
        assert SECRET not in out and "4242" not in out and "root:" not in out


class Tripwire:
    """A FIFO outside the fact base whose writer waits to be opened: whatever opens the
    FIFO for reading (blocking or not) lets the writer's open return, and :meth:`fired`
    says so. Without a reader the writer waits for ever; :meth:`fired` releases it."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.opened = threading.Event()
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()
        time.sleep(0.2)  # let the writer reach its open (a setup wait, not a timed assertion)

    def _write(self) -> None:
        try:
            with open(self.path, "wb") as fh:  # returns only once a reader has opened the FIFO
                self.opened.set()
                fh.write(SECRET.encode())
        except OSError:
            pass

    def fired(self) -> bool:
        was = self.opened.is_set()
        if not was:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            self.thread.join(10)
            os.close(fd)
        return was


_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _OPENED is not None and event in ("open", "os.scandir", "os.listdir") and args:
        path = args[0]
        if isinstance(path, str | bytes | os.PathLike):
            _OPENED.append(os.path.realpath(os.fsdecode(path)))


sys.addaudithook(_audit)  # cannot be removed; records only inside opened_paths()


@contextmanager
def opened_paths() -> Iterator[list[str]]:
    """Every path this process opens (or lists) meanwhile, resolved: Python's audit hook."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


# ---------------------------------------------------------------- 1. article paths


def _escape_case(tmp_path: Path, case: str) -> tuple[Path, str, str]:
    """The fact base of one escape, the ``text:`` it names and how it leads out."""
    private = tmp_path / "private"
    facts = _stranger(tmp_path)
    if case == "dotdot":
        value, how = "../private/notes.txt", ""
    elif case == "dotdot_through_a_subfolder":
        (facts / "sub").mkdir()
        value, how = "sub/../../private/notes.txt", ""
    elif case == "absolute":
        value, how = str(private / "notes.txt"), ""
    elif case == "etc_passwd":
        value, how = "/etc/passwd", ""
    elif case == "symlink_to_a_file_outside":
        (facts / "notes.txt").symlink_to(private / "notes.txt")
        value, how = "notes.txt", " through a symbolic link"
    elif case == "symlink_to_a_folder_outside":
        (facts / "linked").symlink_to(private, target_is_directory=True)
        value, how = "linked/notes.txt", " through a symbolic link"
    elif case == "relative_symlink_chain":
        (facts / "a.txt").symlink_to("b.txt")
        (facts / "b.txt").symlink_to("../private/notes.txt")
        value, how = "a.txt", " through a symbolic link"
    elif case == "dev_zero":
        value, how = "/dev/zero", ""
    elif case == "dev_urandom":
        value, how = "/dev/urandom", ""
    else:
        raise AssertionError(case)
    return _stranger(tmp_path, value), value, how


ESCAPES = [
    "dotdot",
    "dotdot_through_a_subfolder",
    "absolute",
    "etc_passwd",
    "symlink_to_a_file_outside",
    "symlink_to_a_folder_outside",
    "relative_symlink_chain",
    "dev_zero",
    "dev_urandom",
]


@pytest.mark.parametrize("case", ESCAPES)
def test_an_article_path_outside_the_folder_is_one_line_and_never_opened(
    run: Run, tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process, every command: exit 1, the one line naming file:line:column of the
    ``text:`` value, and not one open (or listing) of anything outside the folder."""
    facts, value, how = _escape_case(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    outside = [str((tmp_path / "private").resolve()), "/etc/passwd", "/dev/zero", "/dev/urandom"]
    for args in COMMANDS:
        with opened_paths() as opened:
            result = run("--data", "facts", *args)
        assert result.exit_code == 1, (args, result.stdout)
        assert result.stderr == _outside(value, how) + "\n", args
        assert result.stdout == ""
        assert not [p for p in opened if any(p == o or p.startswith(o + os.sep) for o in outside)], args
    assert facts.exists()


@pytest.mark.parametrize("case", ESCAPES)
def test_an_article_path_outside_the_folder_as_a_process(tmp_path: Path, case: str) -> None:
    """The installed entry point: verify, which reads articles, gives the same line and
    exit code; the secret never shows."""
    _facts, value, how = _escape_case(tmp_path, case)
    result = jiexiu("--data", "facts", "verify", cwd=tmp_path, timeout=30)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == _outside(value, how) + "\n"
    _no_secret(result.stdout, result.stderr)


def test_extract_with_a_stranger_fact_base_warns_and_extracts_only_its_own_file(tmp_path: Path) -> None:
    """extract reads the user's own FILE; the fact base it matches against is refused with
    the same line, as a warning, and the file outside is not read."""
    _stranger(tmp_path, "../private/notes.txt")
    result = jiexiu("--data", "facts", "extract", "facts/mini.txt", "--format", "csv", cwd=tmp_path, timeout=30)
    assert result.returncode == 0
    expected = _outside("../private/notes.txt").replace(
        "jiexiu: error: ", "jiexiu: warning: candidates not matched against the fact base: "
    )
    assert result.stderr == expected + "\n"
    assert "120.5" in result.stdout
    _no_secret(result.stdout, result.stderr)


@pytest.mark.parametrize("via", ["path", "symlink"])
def test_a_fifo_outside_is_never_opened(tmp_path: Path, via: str) -> None:
    """A FIFO outside whose writer waits: had jiexiu opened it (even without blocking), the
    writer's open would have returned."""
    facts = _stranger(tmp_path)
    wire = Tripwire(tmp_path / "private" / "pipe")
    if via == "symlink":
        (facts / "pipe.txt").symlink_to(wire.path)
        value, how = "pipe.txt", " through a symbolic link"
    else:
        value, how = str(wire.path), ""
    _stranger(tmp_path, value)
    results = [jiexiu("--data", "facts", *args, cwd=tmp_path, timeout=30) for args in (["verify"], ["show", "gdp"])]
    assert not wire.fired()
    for result in results:
        assert result.returncode == 1 and result.stderr == _outside(value, how) + "\n"


def test_a_fact_base_may_name_the_shipped_seeds(tmp_path: Path) -> None:
    """The shipped articles are public and part of jiexiu: any fact base may name them."""
    from jiexiu_cli.factbase.data_path import shipped_seeds

    seed = shipped_seeds() / "002_a7ce63afe1259d76.txt"
    facts = _stranger(tmp_path, str(seed))
    fb = load(facts)
    assert fb.sources[0].text_path == seed.resolve()


def test_a_subfolder_may_name_an_article_elsewhere_in_the_folder(tmp_path: Path) -> None:
    """The boundary is the folder --data names: facts/2022/q1.yaml may name
    ../articles/q1.txt; named alone, the file may not leave its own folder."""
    facts = tmp_path / "facts"
    (facts / "2022").mkdir(parents=True)
    (facts / "articles").mkdir()
    shutil.copy(MINI / "mini.txt", facts / "articles" / "mini.txt")
    (facts / "2022" / "q1.yaml").write_text(
        MINI_YAML.replace("    text: mini.txt\n", "    text: ../articles/mini.txt\n"), encoding="utf-8"
    )
    result = jiexiu("--data", "facts", "verify", cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("6 figures, 4 indicators, 1 sources: ok\n")
    # a cache of its own: the pickled fact base (index.py) is keyed by the files' bytes and
    # paths, not by the folder they were checked against (issue 14 replaces it)
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    alone = jiexiu("--data", "facts/2022/q1.yaml", "verify", cwd=tmp_path, timeout=30, env=cache)
    assert alone.returncode == 1
    assert alone.stderr == (
        "jiexiu: error: facts/2022/q1.yaml:3:11: article path '../articles/mini.txt' leads outside the fact-base "
        f"folder facts/2022; not read {RULE}\n"
    )


def test_data_and_seeds_side_by_side_need_the_folder_that_holds_both(tmp_path: Path) -> None:
    """A copy of the project's own layout (data/ naming ../seeds/): --data copy/data is
    refused, with the rule; --data copy holds both and verifies."""
    from tests.conftest import ROOT

    shutil.copytree(ROOT / "data", tmp_path / "copy" / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "copy" / "seeds")
    refused = jiexiu("--data", "copy/data", "verify", cwd=tmp_path, timeout=60)
    assert refused.returncode == 1
    line = one_error_line(refused)
    assert line == (
        "jiexiu: error: copy/data/plan14_review.yaml:31:11: article path '../seeds/000_5c670b32eecb22f9.txt' "
        f"leads outside the fact-base folder copy/data; not read {RULE}"
    )
    whole = jiexiu("--data", "copy", "verify", cwd=tmp_path, timeout=60)
    assert whole.returncode == 0, whole.stderr


def test_a_symlinked_fact_base_folder_is_its_own_tree(tmp_path: Path) -> None:
    """--data naming a link to a folder: the folder it leads to is the boundary, and its
    own articles verify."""
    facts = _stranger(tmp_path)
    (tmp_path / "link").symlink_to(facts, target_is_directory=True)
    result = jiexiu("--data", "link", "verify", cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- fact-base files inside a folder


def test_a_fact_base_file_linked_from_outside_is_refused_and_never_opened(tmp_path: Path) -> None:
    facts = _stranger(tmp_path)
    wire = Tripwire(tmp_path / "private" / "more.yaml")
    (facts / "more.yaml").symlink_to(wire.path)
    result = jiexiu("--data", "facts", "list", cwd=tmp_path, timeout=30)
    assert not wire.fired()
    assert result.returncode == 1
    assert result.stderr == (
        "jiexiu: error: facts/more.yaml: symbolic link leads outside the fact-base folder facts; not read\n"
    )


def test_a_symlinked_subfolder_is_not_followed(tmp_path: Path) -> None:
    """A link to a folder outside (holding YAML) is skipped, as always: its files are not
    part of the fact base, and nothing in it is read."""
    facts = _stranger(tmp_path)
    (tmp_path / "private" / "evil.yaml").write_text(f"sources: {SECRET}\n", encoding="utf-8")
    (facts / "more").symlink_to(tmp_path / "private", target_is_directory=True)
    result = jiexiu("--data", "facts", "verify", cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr
    _no_secret(result.stdout, result.stderr)


@pytest.mark.parametrize("kind", ["fifo", "broken_link", "device_link"])
def test_a_fact_base_file_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    """A FIFO named *.yaml in the folder is an error at once (it was skipped silently);
    a broken link too; a link to /dev/zero leads outside."""
    facts = _stranger(tmp_path)
    odd = facts / "odd.yaml"
    says = {
        "fifo": "not a regular file (a pipe or a device?), expected a fact-base file",
        "broken_link": "broken symbolic link, expected a fact-base file",
        "device_link": "symbolic link leads outside the fact-base folder facts; not read",
    }[kind]
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "broken_link":
        odd.symlink_to("nowhere.yaml")  # inside the folder, but nothing there
    else:
        odd.symlink_to("/dev/zero")
    for args in (["show", "gdp"], ["verify"]):
        result = jiexiu("--data", "facts", *args, cwd=tmp_path, timeout=30)
        assert result.returncode == 1 and result.stderr == f"jiexiu: error: facts/odd.yaml: {says}\n"


# ---------------------------------------------------------------- FIFOs, devices, folders as articles


def _verify_failure(problem: str) -> str:
    """verify's whole stderr for one problem with the mini fact base's only article."""
    return (
        f"facts/f.yaml:2:5: article mini.txt: {problem}\n\n"
        "6 figures, 4 indicators, 1 sources: FAILED: 1 problem(s)\n"
        "jiexiu: error: verify found 1 problem(s)\n"
    )


@pytest.mark.parametrize("kind", ["fifo", "folder", "fifo_via_symlink"])
def test_an_article_inside_that_is_not_a_regular_file_never_hangs(tmp_path: Path, kind: str) -> None:
    """Inside the folder, but a FIFO nobody writes to or a folder: verify names it at once
    (one problem, exit 1); show never opens articles at all."""
    facts = _stranger(tmp_path)
    (facts / "mini.txt").unlink()
    if kind == "fifo":
        os.mkfifo(facts / "mini.txt")
    elif kind == "folder":
        (facts / "mini.txt").mkdir()
    else:
        os.mkfifo(facts / "pipe")
        (facts / "mini.txt").symlink_to("pipe")
    result = jiexiu("--data", "facts", "verify", cwd=tmp_path, timeout=30)
    assert result.returncode == 1 and result.stdout == ""
    shown = "facts/pipe" if kind == "fifo_via_symlink" else "facts/mini.txt"
    problem = "is a directory" if kind == "folder" else "not a regular file (a pipe or a device?)"
    assert result.stderr == _verify_failure(f"{shown}: {problem}, expected a text file")
    assert jiexiu("--data", "facts", "show", "gdp", cwd=tmp_path, timeout=30).returncode == 0


def test_extract_reads_a_pipe_it_is_given_but_not_a_device(tmp_path: Path) -> None:
    """extract's own FILE may be a pipe (a FIFO whose writer comes later is waited for, as
    `cat` would); a device is refused at once, on stdin too."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes((MINI / "mini.txt").read_bytes()), daemon=True)
    writer.start()
    piped = jiexiu("extract", "pipe", "--format", "csv", cwd=tmp_path, timeout=30)
    assert piped.returncode == 0 and "120.5" in piped.stdout, piped.stderr
    device = jiexiu("extract", "/dev/urandom", cwd=tmp_path, timeout=30)
    assert device.returncode == 1
    assert one_error_line(device) == (
        "jiexiu: error: /dev/urandom: not a regular file (a pipe or a device?), expected a text file"
    )


def _stdin_from(path: str, *args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The entry point with standard input read from ``path``."""
    import subprocess

    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    full = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    with open(path, "rb") as stdin:
        done = subprocess.run(
            [str(SCRIPT), *args], stdin=stdin, cwd=cwd, env=full, capture_output=True, timeout=30, check=False
        )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def test_extract_stdin_from_a_device_is_refused(tmp_path: Path) -> None:
    code, out, err = _stdin_from("/dev/zero", "extract", "-", cwd=tmp_path)
    assert code == 1 and out == ""
    assert err == "jiexiu: error: <stdin>: not a regular file (a pipe or a device?), expected a text file\n"


# ---------------------------------------------------------------- 2. size limits


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.truncate(size)


MIB = 1 << 20


def test_a_huge_fact_base_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """64 MiB and one byte (sparse): one line, exit 1; a larger limit lets it be read."""
    facts = _stranger(tmp_path)
    _sparse(facts / "huge.yaml", 64 * MIB + 1)
    says = (
        "jiexiu: error: facts/huge.yaml: fact-base file is 67,108,865 bytes, over the size limit of 64 MiB "
        "(set JIEXIU_MAX_FACT_FILE_MIB to raise it)\n"
    )
    for args in (["show", "gdp"], ["list"]):
        result = jiexiu("--data", "facts", *args, cwd=tmp_path, timeout=60)
        assert result.returncode == 1 and result.stderr == says, args
    raised = jiexiu("--data", "facts", "list", cwd=tmp_path, timeout=60, env={"JIEXIU_MAX_FACT_FILE_MIB": "65"})
    assert raised.returncode == 1  # read now: a file of NUL bytes
    assert raised.stderr == "jiexiu: error: facts/huge.yaml:1:1: contains a NUL byte (binary data? UTF-16?)\n"


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    facts = _stranger(tmp_path)
    _sparse(facts / "huge.yaml", 1 * MIB)
    result = jiexiu("--data", "facts", "list", cwd=tmp_path, timeout=60, env={"JIEXIU_MAX_FACT_FILE_MIB": "1"})
    assert result.stderr == "jiexiu: error: facts/huge.yaml:1:1: contains a NUL byte (binary data? UTF-16?)\n"


def test_a_huge_article_is_a_verify_problem_not_a_read(tmp_path: Path) -> None:
    facts = _stranger(tmp_path)
    (facts / "mini.txt").unlink()
    _sparse(facts / "mini.txt", 16 * MIB + 1)
    result = jiexiu("--data", "facts", "verify", cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.stderr == _verify_failure(
        "facts/mini.txt: text file is 16,777,217 bytes, over the size limit of 16 MiB "
        "(set JIEXIU_MAX_ARTICLE_MIB to raise it)"
    )
    extract = jiexiu("extract", "facts/mini.txt", cwd=tmp_path, timeout=60)
    assert extract.returncode == 1 and one_error_line(extract) == (
        "jiexiu: error: facts/mini.txt: text file is 16,777,217 bytes, over the size limit of 16 MiB "
        "(set JIEXIU_MAX_ARTICLE_MIB to raise it)"
    )


def test_an_endless_pipe_on_stdin_ends_at_the_limit(tmp_path: Path) -> None:
    """`yes | jiexiu extract -`: read up to the limit and one byte, then one line (the
    size of a pipe is not known)."""
    import subprocess

    if not SCRIPT.exists():
        pytest.skip(f"no jiexiu script at {SCRIPT}")
    env = {**os.environ, "NO_COLOR": "1", "JIEXIU_MAX_ARTICLE_MIB": "1"}
    shell = f"yes 12345 | '{SCRIPT}' extract -"
    done = subprocess.run(["bash", "-c", shell], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "jiexiu: error: <stdin>: text file is over the size limit of 1 MiB (set JIEXIU_MAX_ARTICLE_MIB to raise it)\n"
    )


def test_a_huge_file_on_stdin_is_refused_by_its_size(tmp_path: Path) -> None:
    _sparse(tmp_path / "big.txt", 16 * MIB + 1)
    code, out, err = _stdin_from(str(tmp_path / "big.txt"), "extract", "-", cwd=tmp_path)
    assert code == 1 and out == ""
    assert err == (
        "jiexiu: error: <stdin>: text file is 16,777,217 bytes, over the size limit of 16 MiB "
        "(set JIEXIU_MAX_ARTICLE_MIB to raise it)\n"
    )


@pytest.mark.parametrize("value", ["lots", "0", "-1", "1.5"])
def test_a_limit_that_is_not_a_whole_number_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = jiexiu("verify", cwd=tmp_path, timeout=30, env={"JIEXIU_MAX_ARTICLE_MIB": value})
    assert result.returncode == 2
    assert result.stderr == (
        f"jiexiu: error: JIEXIU_MAX_ARTICLE_MIB must be a whole number of MiB (at least 1), got {value!r}\n"
    )


# ---------------------------------------------------------------- 4. output safe to print

#: what a stranger may put in a name, a title or a note: screen clearing, a window title
#: (OSC … BEL), carriage return and backspace (overwrite), a C1 CSI, a right-to-left
#: override and its pop, a zero-width space, a line separator
HOSTILE_NAME = "GDP \x1b[2J\x1b]0;pwned\x07 \u202eevil\u202c"
HOSTILE_ZH = "地区\r生产\b总值"
HOSTILE_TITLE = "示例县\x9b31m简报\u200b"
HOSTILE_NOTE = "first\u2028second"
#: cells a spreadsheet would run (OWASP "CSV Injection")
FORMULAS = {
    "name_en": '=HYPERLINK("http://evil.example/","click")',
    "name_zh": "@SUM(1+1)*cmd|' /C calc'!A0",
    "scope": "+1+cmd",
    "note": "-2+3",
    "unit": " =1+2",
}
#: the characters a terminal acts on (every control but the line feed that ends a line,
#: every format character, separators, surrogates)
UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _raw_unsafe(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) in UNSAFE and c != "\n"}


def _q(text: str) -> str:
    """A YAML double-quoted scalar of ``text``, every non-ASCII character escaped."""
    return json.dumps(text)


def _hostile(tmp_path: Path) -> Path:
    text = (
        MINI_YAML.replace("    name_zh: 地区生产总值\n", f"    name_zh: {_q(HOSTILE_ZH)}\n")
        .replace("    name_en: Gross domestic product (GDP)\n", f"    name_en: {_q(HOSTILE_NAME)}\n")
        .replace("    title: 示例县2023年经济简报\n", f"    title: {_q(HOSTILE_TITLE)}\n")
        .replace("    publisher: 测试\n", f"    publisher: {_q(FORMULAS['name_en'])}\n")
        .replace("    name_zh: 清洁取暖面积\n", f"    name_zh: {_q(FORMULAS['name_zh'])}\n")
        .replace("    name_en: Clean heating area\n", f"    name_en: {_q(FORMULAS['name_en'])}\n")
        .replace(
            '    quote: "地区生产总值达到120.5亿元"\n',
            f'    quote: "地区生产总值达到120.5亿元"\n    note: {_q(HOSTILE_NOTE)}\n',
        )
        .replace(
            '    quote: "全年新增清洁取暖面积15万平方米"\n',
            '    quote: "全年新增清洁取暖面积15万平方米"\n'
            f"    scope: {_q(FORMULAS['scope'])}\n    note: {_q(FORMULAS['note'])}\n"
            "  - indicator: clean_heating_area\n"
            '    period: "2023"\n'
            '    value: "-2.5"\n'
            f"    unit: {_q(FORMULAS['unit'])}\n"
            "    qualifier: exact\n"
            "    kind: change\n"
            '    quote: "全年新增清洁取暖面积15万平方米"\n',
        )
    )
    for value in (HOSTILE_ZH, HOSTILE_NAME, HOSTILE_TITLE, HOSTILE_NOTE, *FORMULAS.values()):
        assert _q(value) in text, value
    return _stranger(tmp_path, yaml_text=text)


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
@pytest.mark.parametrize(
    "args", [["show", "gdp"], ["show", "clean_heating_area"], ["export"], ["sources"], ["list"], ["search", "120.5"]]
)
def test_names_titles_and_notes_never_reach_the_terminal_raw(
    run: Run, tmp_path: Path, args: list[str], fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process, every data command in every format (the installed entry point: below)."""
    _hostile(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("--data", "facts", *args, "--format", fmt, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.stderr
    _check_hostile_output(args, fmt, result.stdout, result.stderr)


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_names_never_reach_the_terminal_raw_from_the_installed_entry_point(tmp_path: Path, fmt: str) -> None:
    _hostile(tmp_path)
    result = jiexiu("--data", "facts", "show", "gdp", "--format", fmt, cwd=tmp_path, timeout=30, env={"COLUMNS": "400"})
    assert result.returncode == 0, result.stderr
    _check_hostile_output(["show", "gdp"], fmt, result.stdout, result.stderr)


def _check_hostile_output(args: list[str], fmt: str, stdout: str, stderr: str) -> None:
    assert _raw_unsafe(stdout) == set() and stderr == ""
    if fmt == "json":
        records = json.loads(stdout)
        values = {v for r in records for v in r.values() if isinstance(v, str)}
        assert values & {HOSTILE_NAME, HOSTILE_ZH, HOSTILE_TITLE, HOSTILE_NOTE, *FORMULAS.values()}  # exact
        return
    # markdown writes a backslash as \\ (it renders as one)
    flat = stdout.replace("\\\\", "\\") if fmt == "markdown" else stdout
    if args == ["show", "gdp"]:
        assert "\\x1b[2J\\x1b]0;pwned\\x07 \\u202eevil\\u202c" in flat and "地区\\r生产\\x08总值" in flat
    if args == ["sources"]:
        assert "示例县\\x9b31m简报\\u200b" in flat


def test_json_keeps_the_exact_value_and_escapes_what_json_dumps_leaves_raw(tmp_path: Path) -> None:
    """json.dumps escapes C0 controls but not C1, bidi or separators: jiexiu's JSON escapes
    them too (\\u009b, \\u202e, \\u2028), and a JSON reader gets the exact value back."""
    _hostile(tmp_path)
    result = jiexiu("--data", "facts", "show", "gdp", "--format", "json", cwd=tmp_path, timeout=30)
    assert "\\u202e" in result.stdout and "\\u2028" in result.stdout and "\\u001b" in result.stdout
    records = json.loads(result.stdout)
    assert records[0]["name_en"] == HOSTILE_NAME and records[0]["name_zh"] == HOSTILE_ZH
    assert records[0]["note"] == HOSTILE_NOTE
    sources = json.loads(jiexiu("--data", "facts", "sources", "--format", "json", cwd=tmp_path).stdout)
    assert sources[0]["title"] == HOSTILE_TITLE and "\\u009b" in json.dumps(sources[0]["title"])


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    """A cell that begins with =, +, -, @ (or a tab, a carriage return, or one of these after
    blanks) gets a ' in front; a plain number such as -2.5 stays a number; JSON keeps all."""
    _hostile(tmp_path)
    result = jiexiu("--data", "facts", "export", "--format", "csv", cwd=tmp_path, timeout=30)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    heating = [r for r in rows if r["indicator"] == "clean_heating_area"]
    assert {r["name_en"] for r in heating} == {"'" + FORMULAS["name_en"]}
    assert {r["name_zh"] for r in heating} == {"'" + FORMULAS["name_zh"]}
    assert [r["scope"] for r in heating] == ["'" + FORMULAS["scope"], ""]
    assert [r["note"] for r in heating] == ["'" + FORMULAS["note"], ""]
    assert [(r["value"], r["unit"]) for r in heating] == [("15", "万平方米"), ("-2.5", "'" + FORMULAS["unit"])]
    sources = list(csv.DictReader(io.StringIO(jiexiu("--data", "facts", "sources", "-f", "csv", cwd=tmp_path).stdout)))
    assert sources[0]["publisher"] == "'" + FORMULAS["name_en"]
    exact = json.loads(jiexiu("--data", "facts", "export", cwd=tmp_path).stdout)
    assert {r["name_en"] for r in exact if r["indicator"] == "clean_heating_area"} == {FORMULAS["name_en"]}
    assert [r["value"] for r in exact if r["indicator"] == "clean_heating_area"] == [15, -2.5]


def test_cite_lines_are_one_line_each_and_escaped(tmp_path: Path) -> None:
    _hostile(tmp_path)
    result = jiexiu("--data", "facts", "show", "gdp", "--cite", cwd=tmp_path, timeout=30)
    assert result.returncode == 0 and _raw_unsafe(result.stdout) == set()
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "地区\\r生产\\x08总值 (GDP \\x1b[2J\\x1b]0;pwned\\x07 \\u202eevil\\u202c), 2023: 120.5亿元"
    )
    assert "《示例县\\x9b31m简报\\u200b》" in lines[0]


def test_verify_shows_the_text_around_a_number_escaped(tmp_path: Path) -> None:
    """An article's own escape sequences (a window title, screen clearing, a bidi override)
    around an uncovered number: verify's line shows them escaped."""
    facts = _stranger(tmp_path)
    article = (MINI / "mini.txt").read_bytes() + "\x1b[J\x1b[H\x07999\u202e号\n".encode()
    (facts / "mini.txt").write_bytes(article)
    yaml_file = facts / "f.yaml"
    old_sha = hashlib.sha256((MINI / "mini.txt").read_bytes()).hexdigest()
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace(old_sha, hashlib.sha256(article).hexdigest()), encoding="utf-8"
    )
    result = jiexiu("--data", "facts", "verify", cwd=tmp_path, timeout=30)
    assert result.returncode == 1 and _raw_unsafe(result.stderr) == set()
    assert result.stderr.splitlines()[0] == (
        "mini.txt:4:8: number '999' is neither a figure nor an exclusion: …市第二。 \\x1b[J\\x1b[H\\x07999\\u202e号 …"
    )


NAMES = ["a\x1b[31m\u202eb.txt", "x\ny.txt", "c\u200bd\r.txt"]


@pytest.mark.parametrize("name", NAMES, ids=["escape_and_bidi", "newline", "zero_width_and_cr"])
def test_extract_shows_a_file_name_escaped_and_keeps_it_exact_in_yaml(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes((MINI / "mini.txt").read_bytes())
    table = jiexiu("extract", name, cwd=tmp_path, timeout=30, env={"COLUMNS": "200"})
    assert table.returncode == 0 and _raw_unsafe(table.stdout) == set()
    assert table.stdout.startswith(f"{safe.line(name)}".join(["6 candidate figures in ", ""]))
    out = jiexiu("extract", name, "--format", "yaml", "--period", "2023", cwd=tmp_path, timeout=30).stdout
    assert _raw_unsafe(out) == set()
    comments = [line for line in out.splitlines() if line.startswith("  # ")]
    assert comments and all(line.startswith(f"  # {safe.line(name)}:") for line in comments)
    doc = yaml.safe_load(out)
    assert doc["sources"][0]["file"] == name and doc["figures"][0]["source"] == name
    missing = jiexiu("extract", "no" + name, cwd=tmp_path, timeout=30)
    assert (
        missing.returncode == 1
        and one_error_line(missing) == f"jiexiu: error: {safe.line('no' + name)}: no such text file"
    )


def test_an_error_that_quotes_the_data_is_one_line(tmp_path: Path) -> None:
    """A figure naming an indicator full of escapes: the error is one escaped line."""
    text = MINI_YAML.replace("  - indicator: gdp\n", f"  - indicator: {_q('gdp' + HOSTILE_NOTE + chr(0x1B))}\n", 1)
    _stranger(tmp_path, yaml_text=text)
    result = jiexiu("--data", "facts", "list", cwd=tmp_path, timeout=30)
    assert result.returncode == 1 and _raw_unsafe(result.stderr) == set()
    assert one_error_line(result) == (
        "jiexiu: error: facts/f.yaml:29:5: unknown indicator 'gdpfirst\\u2028second\\x1b'"
    )


# ---------------------------------------------------------------- the escaping itself


def test_exactly_controls_format_characters_separators_and_surrogates_are_escaped() -> None:
    """Every code point of the running Python's Unicode: escaped by safe.line exactly when
    it is a control (Cc), a format character (Cf: bidi, zero-width, tags), a surrogate (Cs)
    or a line or paragraph separator (Zl, Zp); an ideographic space, a private-use or an
    unassigned character is shown as it is."""
    escaped = []
    kept = []
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        (escaped if unicodedata.category(c) in safe.ESCAPED else kept).append(c)
    assert "\u202e" in escaped and "\u2066" in escaped and "\u200d" in escaped and "\U000e0041" in escaped
    for c in escaped:
        shown = safe.line(c)
        assert shown != c and shown.isascii() and shown.startswith("\\"), hex(ord(c))
    assert safe.line("".join(kept)) == "".join(kept)
    assert safe.cell("a\nb\tc\rd") == "a\nb\tc\\rd"


@given(st.text())
def test_escaped_text_holds_nothing_a_terminal_acts_on(text: str) -> None:
    assert _raw_unsafe(safe.line(text)) == set() and "\n" not in safe.line(text)
    assert _raw_unsafe(safe.cell(text).replace("\t", "")) == set()


@given(st.text())
def test_json_strings_read_back_exactly_and_hold_nothing_raw(text: str) -> None:
    written = safe.json_string(text)
    assert json.loads(written) == text
    assert _raw_unsafe(written) == set() and "\n" not in written


@given(st.text())
def test_yaml_reads_the_json_string_back_exactly(text: str) -> None:
    """extract --format yaml writes its strings with json_string: YAML reads them exactly."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # a lone surrogate is no YAML text (a file name that is not UTF-8 cannot be written back)
    assert yaml.safe_load(safe.json_string(text)) == text


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\\r=1"),  # shown as \r: text, no formula
        ("  =1", "'  =1"),
        ("\u3000=1", "'\u3000=1"),
        ("-23.1", "-23.1"),
        ("+8.5%", "+8.5%"),
        ("-1e3", "-1e3"),
        ("-", "'-"),
        ("a=1", "a=1"),
        ("'=1", "'=1"),
        ("", ""),
        ("增长-5%", "增长-5%"),
    ],
)
def test_csv_neutralising_rule(cell: str, written: str) -> None:
    assert safe.csv_cell(cell) == written


@given(st.text())
def test_no_csv_cell_begins_a_formula(text: str) -> None:
    cell = safe.csv_cell(text)
    first = cell.lstrip(" \u3000\t\r\n")[:1]
    if (cell[:1] and cell[:1] in "=+-@\t\r") or first in ("=", "+", "-", "@"):
        assert safe._plain_number(cell)


def test_the_shipped_outputs_carry_no_escape_and_no_quote_mark(run: Run) -> None:
    """Nothing in the shipped fact base needs escaping: its CSV keeps -23.1 as a number."""
    out = run("export", "--format", "csv").stdout
    assert _raw_unsafe(out) == set() and ",-23.1," in out and ",'" not in out


def test_a_loaded_article_path_is_resolved_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader resolves ``text:`` (links included) and verify reads exactly that file:
    a link swapped in after loading (a stranger's folder changed under the user) leads
    nowhere else, and the next load refuses it."""
    monkeypatch.chdir(tmp_path)
    facts = _stranger(tmp_path)
    fb = load(facts)
    assert fb.sources[0].text_path == (facts / "mini.txt").resolve()
    (facts / "mini.txt").unlink()
    (facts / "mini.txt").symlink_to(tmp_path / "private" / "notes.txt")
    with opened_paths() as opened:
        report = verify(fb)
    assert [p.message for p in report.problems] == [
        "article mini.txt: facts/mini.txt: leads outside the fact-base folder; text file not read"
    ]
    assert str((tmp_path / "private" / "notes.txt").resolve()) not in opened
    with pytest.raises(DataError, match="through a symbolic link"):
        load(facts)


def test_markdown_keeps_html_and_entities_from_the_data_as_text() -> None:
    """A renderer of the markdown would run a stranger's tag or decode an entity into a
    bidi override; a backslash before < and & keeps both as text."""
    from jiexiu_cli.present.render import Marked, Result
    from jiexiu_cli.present.render_markdown import to_markdown

    result = Result(
        records=[],
        columns=["quote"],
        rows=[[Marked("<img src=x onerror=alert(1)> &#x202e; 12", ((38, 40),))]],
        title="<b>t</b>",
    )
    assert to_markdown(result) == (
        "**\\<b>t\\</b>**\n\n| quote |\n| --- |\n| \\<img src=x onerror=alert(1)> \\&#x202e; **12** |\n"
    )


def test_a_highlight_stays_on_its_characters_when_the_text_before_it_is_escaped() -> None:
    from jiexiu_cli.present.render import Marked, shown_cell

    cell = shown_cell(Marked("\x1b[31m增长6.2%\u202e", ((7, 11),)))
    assert isinstance(cell, Marked)
    assert cell.text == "\\x1b[31m增长6.2%\\u202e"
    assert [cell.text[a:b] for a, b in cell.spans] == ["6.2%"]
