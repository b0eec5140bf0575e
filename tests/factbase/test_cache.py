"""The cache (issue 5): corrupt, truncated, unwritable, stale, and eight cold first runs at
once. Every case must still answer correctly; the cache is never required."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jiexiu_cli.factbase.data_path import cache_dir
from tests.conftest import DATA, Run

SCRIPT = Path(sys.executable).parent / "jiexiu"


def gdp(run: Run, *extra: str) -> list[float]:
    return [r["value"] for r in run.json(*extra, "show", "gdp")]


def store_files() -> list[Path]:
    return sorted(cache_dir().glob("store-*.sqlite"))


@pytest.fixture
def expected(run: Run) -> list[float]:
    """show gdp's values, answered (and cached) once."""
    values = gdp(run)
    assert values and 432 in values
    assert len(store_files()) == 1
    return values


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "zeroed"])
def test_a_damaged_cache_is_rebuilt(run: Run, expected: list[float], damage: str) -> None:
    (db,) = store_files()
    data = db.read_bytes()
    damaged = {
        "garbage": b"not a database at all" * 100,
        "truncated": data[: len(data) // 3],
        "empty": b"",
        "zeroed": data[:4096] + bytes(len(data) - 4096),
    }[damage]
    db.write_bytes(damaged)
    assert gdp(run) == expected
    assert run.json("search", "焦化")
    assert db.read_bytes() != damaged  # rebuilt in place of the damaged one
    assert gdp(run) == expected


def test_a_cache_folder_that_is_a_regular_file(run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("I am a file", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    values = gdp(run)
    assert 432 in values and run.json("search", "焦化")
    assert run("compare", "gdp").exit_code == 0
    assert blocker.read_text(encoding="utf-8") == "I am a file"


def test_the_jiexiu_folder_is_a_regular_file(run: Run) -> None:
    folder = cache_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("", encoding="utf-8")
    assert 432 in gdp(run)
    assert run("show", "gpd").exit_code == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_cache_folder(run: Run) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        assert 432 in gdp(run)
        assert not store_files()
    finally:
        folder.chmod(0o700)


def test_a_read_only_cache_folder_with_a_good_cache_is_read(run: Run, expected: list[float]) -> None:
    folder = cache_dir()
    folder.chmod(0o500)
    try:
        assert gdp(run) == expected
    finally:
        folder.chmod(0o700)


def test_an_edited_fact_base_is_seen_at_once(run: Run, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(DATA / "mini", facts)
    assert 120.5 in gdp(run, "--data", str(facts))
    yaml = facts / "mini.yaml"
    text = yaml.read_text(encoding="utf-8")
    # same size, within the same second as the build: the content hash tells
    yaml.write_text(text.replace('value: "120.5"', 'value: "120.4"'), encoding="utf-8")
    values = gdp(run, "--data", str(facts))
    assert 120.4 in values and 120.5 not in values
    assert len(store_files()) == 1  # replaced, not piled up


def test_files_added_and_removed_are_seen(run: Run, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(DATA / "mini", facts)
    assert run("--data", str(facts), "show", "sample_gdp").exit_code == 1
    shutil.copytree(DATA / "third", facts / "third")
    assert run("--data", str(facts), "show", "sample_gdp").exit_code == 0
    shutil.rmtree(facts / "third")
    assert run("--data", str(facts), "show", "sample_gdp").exit_code == 1
    assert 120.5 in gdp(run, "--data", str(facts))


def test_eight_cold_first_runs_at_once(tmp_path: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip("the jiexiu script is not installed beside this Python")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cold"), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("JIEXIU_DATA", None)
    args = [[str(SCRIPT), "show", "gdp", "--format", "json"], [str(SCRIPT), "search", "焦化", "--format", "json"]]
    procs = [
        subprocess.Popen(args[i % 2], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for i in range(8)
    ]
    outs = [(p.communicate(timeout=120), p.returncode) for p in procs]
    for i, ((out, err), code) in enumerate(outs):
        assert code == 0, err.decode()
        records = json.loads(out)
        if i % 2 == 0:
            assert 432 in [r["value"] for r in records]
        else:
            assert any("焦化" in r["quote"] for r in records)
    later = subprocess.run(args[0], env=env, cwd=tmp_path, capture_output=True, timeout=60)
    assert later.returncode == 0 and 432 in [r["value"] for r in json.loads(later.stdout)]
    folder = tmp_path / "cold" / "jiexiu"
    assert len(list(folder.glob("store-*.sqlite"))) == 1
    assert not list(folder.glob(".*.tmp"))  # no temporary file left behind


def test_a_killed_builds_leftovers_are_swept(run: Run) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True)
    old, fresh = folder / ".store-x.sqlite.old.tmp", folder / ".store-x.sqlite.new.tmp"
    old.write_bytes(b"half a database")
    fresh.write_bytes(b"a build still running")
    os.utime(old, (0, 1_000_000_000))
    assert 432 in gdp(run)
    assert not old.exists() and fresh.exists()


class Hashes:
    """Counts the content hashes the store's freshness check computes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from jiexiu_cli.factbase import store_fresh

        self.paths: list[str] = []
        real = store_fresh.content_hash

        def counted(path: str) -> str:
            self.paths.append(path)
            return real(path)

        monkeypatch.setattr(store_fresh, "content_hash", counted)

    def during(self, run: Run, *args: str) -> int:
        self.paths.clear()
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        return len(self.paths)


def racy_fact_base(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fact base written just now, with a racy window (a minute) that its build falls in."""
    from jiexiu_cli.factbase import store_fresh

    monkeypatch.setattr(store_fresh, "RACY_NS", 60 * 10**9)
    facts = tmp_path / "facts"
    shutil.copytree(DATA / "mini", facts)
    for path in facts.iterdir():
        os.utime(path)  # copytree kept the checkout's mtimes: written now, as by an install
    return facts


def test_racily_clean_files_are_hashed_until_a_stamp_says_they_were_checked(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import time

    facts = racy_fact_base(monkeypatch, tmp_path)
    hashes = Hashes(monkeypatch)
    show = ("--data", str(facts), "show", "gdp")
    hashes.during(run, *show)  # builds the store within the window of the files' mtimes
    assert hashes.during(run, *show) == 1  # racy: hashed; too soon for a stamp
    assert not list(cache_dir().glob("*.verified"))
    now = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: now() + 61 * 10**9)  # a minute later
    assert hashes.during(run, *show) == 1  # hashed once more, now out of the window: stamped
    assert len(list(cache_dir().glob("*.verified"))) == 1
    assert hashes.during(run, *show) == 0  # the stats alone
    assert hashes.during(run, "--data", str(facts), "search", "地区") == 0


@pytest.mark.parametrize("stamp", ["another-build 99999999999999999999\n", "garbage", "", "\xff\xfe"])
def test_a_stamp_of_another_build_or_garbage_is_ignored(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, stamp: str
) -> None:
    facts = racy_fact_base(monkeypatch, tmp_path)
    hashes = Hashes(monkeypatch)
    show = ("--data", str(facts), "show", "gdp")
    hashes.during(run, *show)
    (db,) = store_files()
    (db.parent / (db.name + ".verified")).write_text(stamp, encoding="latin-1")
    assert hashes.during(run, *show) == 1


def test_a_racily_clean_file_whose_content_differs_is_rebuilt(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The hash is what catches an edit that kept the stat (simulated: the stored hash differs)."""
    import sqlite3

    facts = racy_fact_base(monkeypatch, tmp_path)
    show = ("--data", str(facts), "show", "gdp")
    assert run(*show).exit_code == 0
    (db,) = store_files()
    with sqlite3.connect(db) as con:
        con.execute("UPDATE files SET hash = 'not the content'")
    con.close()
    hashes = Hashes(monkeypatch)
    assert hashes.during(run, *show) >= 1
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        assert con.execute("SELECT hash FROM files").fetchone()[0] != "not the content"  # rebuilt
    con.close()


KILLED = """
import os, sys
from pathlib import Path
from jiexiu_cli.factbase import store, store_build

def die(*args, **kwargs):
    os._exit(9)  # killed in the middle of an update: rows deleted, nothing committed

store_build._finish = die
store.answer(Path(sys.argv[1]), lambda s: None)
"""


def test_an_update_killed_halfway_is_rolled_back(run: Run, tmp_path: Path) -> None:
    """An update is one transaction: a process killed inside it leaves the store as it was
    (SQLite rolls its journal back), and the next run brings it up to date."""
    facts = tmp_path / "facts"
    shutil.copytree(DATA / "mini", facts)
    shutil.copytree(DATA / "third", facts / "third")
    assert 120.5 in gdp(run, "--data", str(facts))
    yaml = facts / "mini.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace('value: "120.5"', 'value: "120.25"'), encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILLED, str(facts)], env=os.environ, capture_output=True)
    assert killed.returncode == 9, killed.stderr
    assert list(cache_dir().glob("store-*.sqlite-journal"))  # the update was under way
    values = gdp(run, "--data", str(facts))
    assert 120.25 in values and 120.5 not in values
    assert not list(cache_dir().glob("*-journal"))
    assert run("--data", str(facts), "show", "sample_gdp", "--format", "json").exit_code == 0


def test_a_failed_update_builds_the_store_whole(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from jiexiu_cli.factbase import store_build

    facts = tmp_path / "facts"
    shutil.copytree(DATA / "mini", facts)
    assert 120.5 in gdp(run, "--data", str(facts))
    yaml = facts / "mini.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace('value: "120.5"', 'value: "120.25"'), encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_build, "update", fail)
    values = gdp(run, "--data", str(facts))
    assert 120.25 in values and 120.5 not in values


def test_files_of_earlier_formats_and_orphans_are_removed(run: Run, expected: list[float], tmp_path: Path) -> None:
    """A pickle of an earlier version, a store named by an earlier scheme and the stamp of a
    store that is gone are removed by the next build; the current store stays."""
    folder = cache_dir()
    current = store_files()
    planted = [
        folder / "factbase-0123abcd.pickle",
        folder / "store-short.sqlite",
        folder / "store-gone.sqlite.verified",
    ]
    for path in planted:
        path.write_bytes(b"left by an earlier version")
    facts = tmp_path / "facts"
    shutil.copytree(DATA / "mini", facts)
    assert 120.5 in gdp(run, "--data", str(facts))  # a build: the folder is swept after it
    assert not any(path.exists() for path in planted)
    assert all(path.exists() for path in current)
    assert len(store_files()) == 2


def test_the_cache_is_kept_under_its_size_least_recently_used_first(
    run: Run, expected: list[float], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = store_files()
    monkeypatch.setenv("JIEXIU_CACHE_MAX", "1K")  # less than any one store
    facts = tmp_path / "facts"
    shutil.copytree(DATA / "mini", facts)
    assert 120.5 in gdp(run, "--data", str(facts))
    left = store_files()
    assert len(left) == 1 and left != shipped  # the older store went; never the one just written
    assert not [p for p in cache_dir().iterdir() if p.name.startswith(shipped[0].name)]  # companions too
    assert gdp(run) == expected  # and the shipped base still answers, built again
