"""The cache runs nothing and trusts nothing (issue 16): whatever a stranger plants in the
cache folder, nothing runs and no answer changes; a folder or file that is not the user's
own, or that others can write to, is not used (one warning line, the same answer); a store
that is not exactly what this version writes is rebuilt.

Process tests: CI runs them against the installed wheel too (``JIEXIU_BIN``)."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.cli.test_installed import jiexiu
from tests.conftest import Run

#: each test runs jiexiu as a process (the installed entry point): slow; .ci/run also runs
#: them against the wheel
pytestmark = pytest.mark.process

WARNING = "jiexiu: warning: "
COMMANDS = [
    ["show", "gdp", "--format", "json"],
    ["search", "焦化", "--format", "json"],
    ["list", "--format", "json"],
    ["sources", "--format", "json"],
    ["export", "--format", "csv"],
    ["verify", "--format", "json"],
    ["compare", "--format", "json"],
    ["audit", "--format", "json"],
]


class Planted:
    """Unpickling this runs a command that leaves a file behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch '{self.marker}'",)


def run_all(cache: Path, cwd: Path) -> list[tuple[int, str, str]]:
    env: dict[str, str | None] = {"XDG_CACHE_HOME": str(cache)}
    return [(r.returncode, r.stdout, r.stderr) for r in (jiexiu(*args, cwd=cwd, env=env) for args in COMMANDS)]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[int, str, str]]:
    """Every command's answer with a cache of its own."""
    return run_all(tmp_path_factory.mktemp("clean-cache"), tmp_path_factory.mktemp("cwd"))


def _folder(cache: Path) -> Path:
    folder = cache / "jiexiu"
    folder.mkdir(parents=True, mode=0o700)
    return folder


def test_planted_files_run_nothing_and_change_no_answer(tmp_path: Path, clean: list[tuple[int, str, str]]) -> None:
    marker = tmp_path / "ran"
    folder = _folder(tmp_path / "cache")
    payload = pickle.dumps(Planted(marker))
    for name in ("factbase-0123456789abcdef0123456789abcdef.pickle", "store-x.pickle", "x.pickle", "index.marshal"):
        (folder / name).write_bytes(payload)
    (folder / "store-0000000000000000.sqlite").write_bytes(payload)  # a name an earlier version used
    assert run_all(tmp_path / "cache", tmp_path) == clean
    assert not marker.exists()
    assert not list(folder.glob("factbase-*.pickle"))  # what earlier versions wrote is swept


def test_a_store_whose_schema_is_not_this_versions_is_rebuilt(
    tmp_path: Path, clean: list[tuple[int, str, str]]
) -> None:
    cache = tmp_path / "cache"
    assert run_all(cache, tmp_path) == clean
    (store,) = (cache / "jiexiu").glob("store-*.sqlite")
    with sqlite3.connect(store) as con:  # another schema, and a figure changed
        con.execute("ALTER TABLE figures ADD COLUMN planted TEXT")
        con.execute("UPDATE figures SET value = '999' WHERE value = '432'")
    con.close()
    assert run_all(cache, tmp_path) == clean
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as con:
        columns = [r[1] for r in con.execute("PRAGMA table_info(figures)")]
    con.close()
    assert "planted" not in columns  # replaced by a store of this version


def test_a_store_that_is_not_a_database_or_another_versions_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = jiexiu("show", "gdp", "--format", "json", cwd=tmp_path, env={"XDG_CACHE_HOME": str(cache)})
    (store,) = (cache / "jiexiu").glob("store-*.sqlite")
    with sqlite3.connect(store) as con:
        con.execute("UPDATE meta SET value = '0.0.0' WHERE key = 'version'")
        con.execute("UPDATE meta SET value = 'x' WHERE key = 'format'")
    con.close()
    again = jiexiu("show", "gdp", "--format", "json", cwd=tmp_path, env={"XDG_CACHE_HOME": str(cache)})
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, "")


def _one_warning(stderr: str, *words: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(WARNING), stderr
    assert all(w in lines[0] for w in words), lines[0]


def test_the_cache_folder_is_created_private(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = jiexiu("show", "gdp", cwd=tmp_path, env={"XDG_CACHE_HOME": str(cache)})
    assert result.returncode == 0 and result.stderr == ""
    assert stat.S_IMODE((cache / "jiexiu").stat().st_mode) == 0o700
    for f in (cache / "jiexiu").iterdir():
        assert not f.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH), f


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path, clean: list[tuple[int, str, str]]) -> None:
    cache = tmp_path / "cache"
    folder = _folder(cache)
    folder.chmod(0o777)
    for (code, out, err), (want_code, want_out, _) in zip(run_all(cache, tmp_path), clean, strict=True):
        assert (code, out) == (want_code, want_out)
        _one_warning(err.split("jiexiu: error")[0], "others can write to the cache folder", "not used")
    assert list(folder.iterdir()) == []  # nothing written to it


def test_a_store_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env: dict[str, str | None] = {"XDG_CACHE_HOME": str(cache)}
    first = jiexiu("show", "gdp", "--format", "json", cwd=tmp_path, env=env)
    (store,) = (cache / "jiexiu").glob("store-*.sqlite")
    store.chmod(0o666)
    before = store.read_bytes()
    again = jiexiu("show", "gdp", "--format", "json", cwd=tmp_path, env=env)
    assert again.stdout == first.stdout and again.returncode == 0
    _one_warning(again.stderr, "others can write to the cache file", store.name)
    assert store.read_bytes() == before and stat.S_IMODE(store.stat().st_mode) == 0o666  # left alone


def test_a_store_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env: dict[str, str | None] = {"XDG_CACHE_HOME": str(cache)}
    first = jiexiu("show", "gdp", "--format", "json", cwd=tmp_path, env=env)
    (store,) = (cache / "jiexiu").glob("store-*.sqlite")
    elsewhere = tmp_path / "elsewhere.sqlite"
    shutil.move(store, elsewhere)
    store.symlink_to(elsewhere)
    again = jiexiu("show", "gdp", "--format", "json", cwd=tmp_path, env=env)
    assert again.stdout == first.stdout
    _one_warning(again.stderr, "not a regular file")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_store_owned_by_someone_else_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env: dict[str, str | None] = {"XDG_CACHE_HOME": str(cache)}
    first = jiexiu("show", "gdp", "--format", "json", cwd=tmp_path, env=env)
    (store,) = (cache / "jiexiu").glob("store-*.sqlite")
    os.chown(store, 12345, 12345)
    again = jiexiu("show", "gdp", "--format", "json", cwd=tmp_path, env=env)
    assert again.stdout == first.stdout
    _one_warning(again.stderr, "owned by another user (uid 12345)")


# ---------------------------------------------------------------- in-process: someone else's uid


def test_a_cache_folder_of_another_user_is_not_used(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from jiexiu_cli.factbase import cache

    expected = run("show", "gdp", "--format", "json").stdout
    other = os.geteuid() + 1
    monkeypatch.setattr(cache.os, "geteuid", lambda: other)
    monkeypatch.setattr(cache, "_warned", set())
    result = run("show", "gdp", "--format", "json")
    assert result.stdout == expected
    _one_warning(result.stderr, "the cache folder", "is owned by another user", "not used")


def test_a_store_of_another_user_is_not_used(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from jiexiu_cli.factbase import cache

    expected = run("show", "gdp", "--format", "json").stdout
    real = os.lstat

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        st = real(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path).endswith(".sqlite"):
            fields = list(st)
            fields[stat.ST_UID] = st.st_uid + 1
            return os.stat_result(fields)
        return st

    monkeypatch.setattr(cache.os, "lstat", lstat)
    monkeypatch.setattr(cache, "_warned", set())
    result = run("show", "gdp", "--format", "json")
    assert result.stdout == expected
    _one_warning(result.stderr, "the cache file", "is owned by another user", "not used")
