"""A fact base from a stranger (issue 16): nothing it holds prints raw control characters.

Every hostile fact base is written here, in tmp_path: escape sequences, carriage returns,
backspaces, C1 controls, bidi overrides and zero-width characters in names, quotes, titles,
notes and file names, and cells a spreadsheet would run. Each case asserts the exit code,
the exact output, and that nothing a terminal acts on reaches it raw.

The process cases run the entry point (``JIEXIU_BIN``, see test_installed.py), so CI proves
them on the installed wheel, from outside the checkout, with a timeout: a hang is a failure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from jiexiu_cli import safe

from .conftest import DATA, Run
from .test_installed import jiexiu, one_error_line

MINI = DATA / "mini"
MINI_YAML = (MINI / "mini.yaml").read_text(encoding="utf-8")
#: what the files outside the fact base hold: it must never show
SECRET = "机密档案 4242 号"


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
