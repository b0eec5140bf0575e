"""A folder that builds on the shipped fact base (issue 18, item 1): ``jiexiu init FOLDER``
writes ``jiexiu.toml`` (``include = ["shipped"]``), ``seeds/`` and a starter file; every
command given ``--data FOLDER`` then reads the shipped fact base and the folder's own files
as one, each confined to its own folder tree; a ``jiexiu.toml`` a stranger wrote reaches
nothing outside the folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.factbase import data_path
from jiexiu_cli.factbase.data_path import fact_base, shipped_data
from jiexiu_cli.factbase.loader import load
from tests.cli.test_installed import jiexiu, one_error_line
from tests.cli.test_stranger import opened_paths
from tests.conftest import ROOT, Run

ARTICLE = "示例：介休市2023年地区生产总值完成300.5亿元，增长6.1%。\n"
SECRET = "机密档案 4242 号"


def _facts_file(facts: Path, article: str = ARTICLE, extra: str = "") -> Path:
    """An article in facts/seeds and a fact-base file for it: a new gdp figure (a shipped
    indicator), its growth rate, and the year excluded."""
    (facts / "seeds" / "county.txt").write_text(article, encoding="utf-8")
    sha = hashlib.sha256(article.encode("utf-8")).hexdigest()
    path = facts / "county.yaml"
    path.write_text(
        f"""sources:
  - file: county.txt
    text: seeds/county.txt
    sha256: {sha}
    title: 示例
    publisher: 示例报
    date: "2024-01-20"
    covers: "2023"
    place: 介休市
figures:
  - indicator: gdp
    period: "2023"
    value: "300.5"
    unit: 亿元
    qualifier: exact
    kind: level
    quote: 介休市2023年地区生产总值完成300.5亿元
  - indicator: gdp
    period: "2023"
    value: "6.1"
    unit: "%"
    qualifier: exact
    kind: growth_rate
    basis: real
    quote: 增长6.1%
exclusions:
  - text: "2023"
    context: 介休市2023年
    reason: a year
{extra}""",
        encoding="utf-8",
    )
    return path


def _json(run: Run, *args: str) -> list[dict[str, Any]]:
    """A command's JSON records, each number as the exact text printed (300.50 stays)."""
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout, parse_float=str, parse_int=str))


def _shipped_gdp(run: Run) -> list[str]:
    return [r["id"] for r in _json(run, "show", "gdp")]


# ---------------------------------------------------------------- init


def test_init_writes_a_folder_that_answers_at_once(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "facts")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "created facts/seeds/, facts/jiexiu.toml, facts/facts.yaml"
    assert "jiexiu --data facts verify" in result.stdout
    assert sorted(p.name for p in (tmp_path / "facts").iterdir()) == ["facts.yaml", "jiexiu.toml", "seeds"]
    assert (tmp_path / "facts" / "jiexiu.toml").read_text(encoding="utf-8").endswith('include = ["shipped"]\n')
    starter = (tmp_path / "facts" / "facts.yaml").read_text(encoding="utf-8")
    assert "sources:" in starter and "jiexiu --data facts extract facts/seeds/" in starter
    # the starter is a valid file, and the folder is the shipped fact base until it grows
    assert [r["id"] for r in _json(run, "--data", "facts", "show", "gdp")] == _shipped_gdp(run)
    verified = run("--data", "facts", "verify")
    assert verified.exit_code == 0, verified.stderr


@pytest.mark.parametrize("what", ["a non-empty folder", "a file", "a symbolic link"])
def test_init_never_writes_over_anything(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "facts"
    if what == "a file":
        target.write_text("mine\n", encoding="utf-8")
        why = "already exists and is not a folder"
    elif what == "a symbolic link":
        (tmp_path / "elsewhere").mkdir()
        target.symlink_to(tmp_path / "elsewhere")
        why = "already exists and is not empty"
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine\n", encoding="utf-8")
        why = "already exists and is not empty"
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    result = run("init", "facts")
    assert result.exit_code == 1
    assert result.stderr == f"jiexiu: error: facts: {why}: init writes only a new or empty folder\n"
    assert result.stdout == ""
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_init_fills_an_empty_folder_and_makes_parents(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert run("init", "empty").exit_code == 0
    assert run("init", "a/b/facts").exit_code == 0
    assert (tmp_path / "a/b/facts/jiexiu.toml").is_file()
    assert run("init", " ").exit_code == 2


def test_init_in_a_folder_it_cannot_write_is_one_line(run: Run, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who may write anywhere")
        result = run("init", str(locked / "facts"))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1
    assert result.stderr.startswith("jiexiu: error: ") and result.stderr.count("\n") == 1
    assert "permission denied" in result.stderr.lower()
    assert not (locked / "facts").exists()


# ---------------------------------------------------------------- the shipped base and the folder as one


def test_a_new_figure_of_a_shipped_indicator_shows_beside_the_shipped_ones(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's own case: a new file naming gdp, with its article under facts/seeds."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "facts").exit_code == 0
    _facts_file(tmp_path / "facts")
    records = _json(run, "--data", "facts", "show", "gdp")
    ids = [r["id"] for r in records]
    assert set(_shipped_gdp(run)) < set(ids)
    new = [r for r in records if r["source"] == "county.txt"]
    assert [(r["value"], r["unit"], r["kind"]) for r in new] == [
        ("300.5", "亿元", "level"),
        ("6.1", "%", "growth_rate"),
    ]
    verified = run("--data", "facts", "verify")
    assert verified.exit_code == 0, verified.stdout + verified.stderr
    assert "county.txt: 3/3 number tokens covered" in verified.stdout
    assert "002_a7ce63afe1259d76.txt: 186/186 number tokens covered" in verified.stdout
    # the library reads the same fact base
    fb = load(Path("facts"))
    assert {s.file for s in fb.sources} >= {"county.txt", "jiexiu-2022q1.txt"}


def test_a_quote_not_in_the_folder_article_fails_verify(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("init", "facts")
    path = _facts_file(tmp_path / "facts")
    path.write_text(path.read_text(encoding="utf-8").replace("300.5亿元\n", "300.6亿元\n", 1), encoding="utf-8")
    result = run("--data", "facts", "verify")
    assert result.exit_code == 1
    assert "facts/county.yaml:11:5: figure gdp.2023.level: quote is not a verbatim substring of the article" in (
        result.stdout + result.stderr
    )


def test_the_installed_entry_point_end_to_end(tmp_path: Path) -> None:
    """jiexiu init facts && (a new gdp file) && jiexiu --data facts show gdp, verify."""
    assert jiexiu("init", "facts", cwd=tmp_path).returncode == 0
    _facts_file(tmp_path / "facts")
    shown = jiexiu("--data", "facts", "show", "gdp", "--format", "json", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    sources = {r["source"] for r in json.loads(shown.stdout)}
    assert {"county.txt", "jiexiu-2022q1.txt"} <= sources and len(sources) >= 3
    verified = jiexiu("--data", "facts", "verify", cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    again = jiexiu("init", "facts", cwd=tmp_path)
    assert again.returncode == 1
    assert (
        one_error_line(again)
        == "jiexiu: error: facts: already exists and is not empty: init writes only a new or empty folder"
    )


def test_a_folder_may_name_shipped_sources_and_define_its_own_indicators(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("init", "facts")
    (tmp_path / "facts" / "more.yaml").write_text(
        """indicators:
  - id: county_tourism
    name_zh: 旅游人次
    name_en: Tourist visits
    topic: economy
exclusions:
  - source: jiexiu-2022q1.txt
    text: "7.8"
    context: 增长7.8%
    reason: a test that a shipped source is known to the folder
""",
        encoding="utf-8",
    )
    result = run("--data", "facts", "list", "--topic", "economy", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "county_tourism" in {r["indicator"] for r in json.loads(result.stdout)}


def test_ids_are_unique_across_the_shipped_base_and_the_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("init", "facts")
    (tmp_path / "facts" / "facts.yaml").write_text(
        "indicators:\n  - id: gdp\n    name_zh: 生产总值\n    name_en: GDP again\n    topic: economy\n",
        encoding="utf-8",
    )
    shipped = data_path.display_path(shipped_data() / "indicators.yaml")
    for args in (["show", "gdp"], ["verify"], ["list"]):
        result = run("--data", "facts", *args)
        assert result.exit_code == 1
        assert result.stderr == (
            f"jiexiu: error: facts/facts.yaml:2:5: indicator id 'gdp' is defined twice (first at {shipped}:4:5)\n"
        )


def test_the_folder_files_come_after_the_shipped_ones_each_confined_to_its_tree(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "jiexiu.toml").write_text('include = ["shipped"]\n', encoding="utf-8")
    (facts / "a.yaml").write_text("figures: []\n", encoding="utf-8")
    files, roots = fact_base(facts)
    shipped = sorted(shipped_data().glob("*.yaml"))
    assert [f.resolve() for f in files] == [*(f.resolve() for f in shipped), (facts / "a.yaml").resolve()]
    assert roots == (os.path.realpath(shipped_data()), os.path.realpath(facts))
    assert data_path.root_of(os.path.realpath(files[0]), roots) == roots[0]
    assert data_path.root_of(os.path.realpath(facts / "a.yaml"), roots) == roots[1]


def test_a_folder_article_outside_the_folder_is_refused_even_inside_the_shipped_base(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder's files are confined to the folder (and the shipped seeds): the shipped
    base's own folder tree is not theirs."""
    monkeypatch.chdir(tmp_path)
    run("init", "facts")
    path = _facts_file(tmp_path / "facts")
    inside_shipped = str(shipped_data() / "indicators.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("seeds/county.txt", inside_shipped), encoding="utf-8")
    result = run("--data", "facts", "show", "gdp")
    assert result.exit_code == 1
    assert result.stderr.startswith("jiexiu: error: facts/county.yaml:3:11: article path ")
    assert "leads outside the fact-base folder facts; not read" in result.stderr


# ---------------------------------------------------------------- a jiexiu.toml from a stranger


def _outside_folder(tmp_path: Path) -> Path:
    """A folder outside with a fact base whose figures would show the secret."""
    private = tmp_path / "private"
    private.mkdir()
    (private / "notes.txt").write_text(SECRET + "\n", encoding="utf-8")
    (private / "secret.yaml").write_text(f"indicators:\n  - id: secret\n    name_zh: {SECRET}\n", encoding="utf-8")
    return private


INCLUDES = {
    "dotdot": (
        'include = ["shipped", "../private"]',
        "include '../private' leads outside the fact-base folder; not read",
    ),
    "etc": (
        'include = ["../../../../../../etc"]',
        "include '../../../../../../etc' leads outside the fact-base folder; not read",
    ),
    "absolute": ('include = ["{private}"]', "include '{private}' leads outside the fact-base folder; not read"),
    "inside": ('include = ["seeds"]', "include 'seeds' is inside the folder (its files are read already)"),
}
TAIL = ': a folder builds on the shipped fact base (include = ["shipped"]) and every *.yaml below it'


@pytest.mark.parametrize("case", sorted(INCLUDES))
def test_an_include_other_than_the_shipped_base_is_one_line_and_nothing_is_read(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    private = _outside_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    run("init", "facts")
    config, message = (s.replace("{private}", str(private)) for s in INCLUDES[case])
    (tmp_path / "facts" / "jiexiu.toml").write_text(config + "\n", encoding="utf-8")
    for args in (["show", "gdp"], ["list"], ["verify"], ["export"]):
        with opened_paths() as opened:
            result = run("--data", "facts", *args)
        assert result.exit_code == 1
        assert result.stderr == f"jiexiu: error: facts/jiexiu.toml: {message}{TAIL}\n"
        assert result.stdout == ""
        assert not [p for p in opened if p == str(private) or p.startswith(str(private) + os.sep) or p == "/etc"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('include = "shipped"', 'include must be a list of names, such as include = ["shipped"]'),
        ("include = [1]", 'include must be a list of names, such as include = ["shipped"]'),
        ('inclde = ["shipped"]', "unknown setting 'inclde' (expected: include)"),
        ("include = [", "invalid TOML: Invalid value (at end of document)"),
    ],
)
def test_a_configuration_that_is_not_one_is_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run("init", "facts")
    (tmp_path / "facts" / "jiexiu.toml").write_text(config + "\n", encoding="utf-8")
    result = run("--data", "facts", "show", "gdp")
    assert result.exit_code == 1
    assert result.stderr == f"jiexiu: error: facts/jiexiu.toml: {message}\n"


@pytest.mark.parametrize("kind", ["link outside", "fifo", "not utf-8"])
def test_a_configuration_file_that_is_a_trap_is_one_line(tmp_path: Path, kind: str) -> None:
    """As a process, with a timeout: a FIFO does not hang, a link out is not followed."""
    private = _outside_folder(tmp_path)
    assert jiexiu("init", "facts", cwd=tmp_path).returncode == 0
    config = tmp_path / "facts" / "jiexiu.toml"
    config.unlink()
    if kind == "link outside":
        (private / "jiexiu.toml").write_text(f'include = ["shipped"]\n# {SECRET}\n', encoding="utf-8")
        config.symlink_to(private / "jiexiu.toml")
        message = "leads outside the fact-base folder; configuration file not read"
    elif kind == "fifo":
        os.mkfifo(config)
        message = "not a regular file (a pipe or a device?), expected a configuration file"
    else:
        config.write_bytes(b"include = ['\xff']\n")
        message = "not valid UTF-8; save it as UTF-8"
    result = jiexiu("--data", "facts", "show", "gdp", cwd=tmp_path, timeout=30)
    assert result.returncode == 1
    assert one_error_line(result) == f"jiexiu: error: facts/jiexiu.toml: {message}"
    assert SECRET not in result.stdout + result.stderr


def test_a_jiexiu_toml_in_a_subfolder_or_beside_a_file_is_not_read(run: Run, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    (facts / "sub").mkdir(parents=True)
    (facts / "sub" / "jiexiu.toml").write_text('include = ["../../x"]\n', encoding="utf-8")
    (facts / "jiexiu.toml").write_text('include = ["../../x"]\n', encoding="utf-8")
    (facts / "a.yaml").write_text(
        "indicators:\n  - {id: a, name_zh: 甲, name_en: A, topic: economy}\n", encoding="utf-8"
    )
    # --data naming a file: its folder's configuration is not the file's
    assert run("--data", str(facts / "a.yaml"), "list").exit_code == 0
    assert run("--data", str(facts), "list").exit_code == 1


# ---------------------------------------------------------------- the compiled store


def test_an_edit_in_the_folder_or_in_the_base_it_includes_rebuilds_the_store(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store of a folder is keyed by every file it read: the shipped base's too (here a
    copy of it stands in for the shipped one, so that it can be edited)."""
    base = tmp_path / "base"
    shutil.copytree(ROOT / "data", base / "data")
    shutil.copytree(ROOT / "seeds", base / "seeds")
    monkeypatch.setattr(data_path, "shipped_data", lambda: base / "data")
    monkeypatch.setattr(data_path, "shipped_seeds", lambda: base / "seeds")
    monkeypatch.setattr("jiexiu_cli.factbase.loader.shipped_seeds", lambda: base / "seeds")
    monkeypatch.chdir(tmp_path)
    run("init", "facts")
    _facts_file(tmp_path / "facts")

    def names() -> tuple[str, list[str]]:
        records = _json(run, "--data", "facts", "show", "gdp")
        listed = _json(run, "--data", "facts", "list")
        return next(r["name_en"] for r in listed if r["indicator"] == "gdp"), [r["value"] for r in records]

    name, values = names()
    assert name == "Gross domestic product (GDP)" and "300.5" in values
    shipped = base / "data" / "indicators.yaml"
    shipped.write_text(shipped.read_text(encoding="utf-8").replace("Gross domestic product (GDP)", "GDP, edited"))
    own = tmp_path / "facts" / "county.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace('value: "300.5"', 'value: "300.6"'), encoding="utf-8")
    name, values = names()
    assert name == "GDP, edited" and "300.6" in values and "300.5" not in values
    (tmp_path / "facts" / "jiexiu.toml").write_text("include = []\n", encoding="utf-8")
    alone = run("--data", "facts", "show", "gdp")
    assert alone.exit_code == 1 and "facts/county.yaml:11:5: unknown indicator 'gdp'" in alone.stderr


def test_a_missing_data_path_is_still_one_line(run: Run, tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "nowhere"), "show", "gdp")
    assert result.exit_code == 1
    assert result.stderr.endswith("nowhere: no such file or folder\n")
    with pytest.raises(DataError):
        fact_base(tmp_path / "nowhere")
