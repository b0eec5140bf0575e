"""The cache folder, ``$XDG_CACHE_HOME/jiexiu`` (default ``~/.cache/jiexiu``): whether it can
be trusted, its files' names, locks and clean-up. The cache is never required.

Threat model: a cache folder shared with other users (an ``XDG_CACHE_HOME`` on a shared
server), or a file someone else put in it, must neither run code nor change an answer.
Nothing in it is ever a format that can run code on load (no pickle, no marshal): the
store is SQLite, read-only, checked to be exactly what this version writes; stamps are
two numbers. And, as ssh and git refuse such files, the folder is used only if it is the
user's own and no one else can write to it (it is created 0700), and each file only if it
is a regular file of the user's that no one else can write to; otherwise the answer is
computed in memory and one line, ``jiexiu: warning: ...``, says why.

Hygiene: one store per fact-base location (and its stamp and results), replaced in
place by each rebuild; temporary files of a killed build removed after an hour; files of
earlier formats (``factbase-*.pickle``, stores named by an earlier scheme) removed; and
the folder kept under a size (``JIEXIU_CACHE_MAX``, default 2G: the stores used least
recently go first, never the one just written).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from jiexiu_cli.factbase.data_path import cache_dir

#: the size the cache folder is kept under, unless JIEXIU_CACHE_MAX says otherwise
DEFAULT_MAX = 2 << 30
#: a temporary file untouched for this long was left by a build that was killed
STALE_S = 3600
#: the files a store is made of, beside ``store-<key>.sqlite``
COMPANIONS = (".verified", ".lock", ".results")

_warned: set[str] = set()


def warn(message: str) -> None:
    """One line on stderr, once per process: the answer still comes."""
    if message in _warned:
        return
    _warned.add(message)
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in message)
    sys.stderr.write(f"jiexiu: warning: {text}\n")


def _unsafe(st: os.stat_result, what: str) -> str | None:
    """Why a folder or file with this stat must not be trusted, or None."""
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is not None and st.st_uid != uid:
        return f"{what} is owned by another user (uid {st.st_uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"others can write to {what} (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def folder() -> Path | None:
    """The cache folder, created private (0700) if missing; None where there can be none
    (a read-only parent, a regular file in its place) or it must not be trusted (with a
    warning)."""
    path = cache_dir()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
        link = os.lstat(path)
        st = os.stat(path) if stat.S_ISLNK(link.st_mode) else link
    except (OSError, ValueError):
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    why = _unsafe(st, f"the cache folder {path}")
    if stat.S_ISLNK(link.st_mode) and link.st_uid not in (0, st.st_uid):  # a link someone else made
        why = f"the cache folder {path} is a link owned by another user (uid {link.st_uid})"
    if why:
        warn(f"{why}: not used, answers are computed in memory")
        return None
    return path


def trusted(path: Path) -> bool:
    """Whether a file of the cache may be read: it exists, is a regular file (not a link),
    is the user's own and no one else can write to it (with a warning where it is not)."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(st.st_mode):
        warn(f"the cache file {path} is not a regular file: not used, answers are computed in memory")
        return False
    why = _unsafe(st, f"the cache file {path}")
    if why:
        warn(f"{why}: not used, answers are computed in memory")
        return False
    return True


def store_path(where: Path, data: Path) -> Path:
    """One store per fact-base location, whatever jiexiu's version (a store another version
    wrote is rebuilt in its place)."""
    import zlib  # not hashlib: this is on every answer's path, and a clash only costs a rebuild

    key = os.path.abspath(data).encode("utf-8", "surrogateescape")
    return where / f"store-{zlib.crc32(key):08x}{zlib.adler32(key):08x}{len(key) & 0xFFFF:04x}.sqlite"


def companion(db: Path, suffix: str) -> Path:
    return db.with_name(db.name + suffix)


@contextlib.contextmanager
def locked(db: Path) -> Iterator[None]:
    """Held while a store is built or brought up to date, so that concurrent first runs
    build it once (the others wait, then read it). Where there is no lock to take, each
    builds its own copy and the last rename wins, which is just as correct."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    path = companion(db, ".lock")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        yield
        return
    try:
        if _unsafe(os.fstat(fd), "the lock") is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def temporary(db: Path) -> str | None:
    """A new private temporary file beside ``db`` (to write and rename), or None."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=f".{db.name}.", suffix=".tmp", dir=db.parent)
        os.close(fd)
    except OSError:
        return None
    return name


def unlink(name: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _limit() -> int:
    text = os.environ.get("JIEXIU_CACHE_MAX", "").strip().upper()
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    try:
        return max(0, int(float(number) * scale)) if number else DEFAULT_MAX
    except ValueError:
        return DEFAULT_MAX


def sweep(where: Path, keep: Path) -> None:
    """Clean the folder after ``keep`` (a store) was written: leftovers of killed builds,
    files of earlier formats, stamps and results of stores that are gone; then, while the
    folder is over its size, the stores used least recently (with their companions)."""
    import time

    now = time.time()
    try:
        entries = list(os.scandir(where))
    except OSError:
        return
    stores: dict[str, os.DirEntry[str]] = {}
    others: list[os.DirEntry[str]] = []
    for entry in entries:
        name = entry.name
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if name.startswith(".store-") and name.endswith(".tmp"):
            if st.st_mtime < now - STALE_S:
                unlink(entry.path)
        elif name.startswith("factbase-") and name.endswith(".pickle"):
            unlink(entry.path)  # the whole-fact-base pickles of earlier versions: nothing reads them now
        elif name.startswith("store-") and name.endswith(".sqlite"):
            if len(name) != len(keep.name):  # named by an earlier scheme: nothing reads it now
                unlink(entry.path)
                for suffix in COMPANIONS:
                    unlink(entry.path + suffix)
            else:
                stores[name] = entry
        elif name.startswith("store-"):
            others.append(entry)
    for entry in others:  # a stamp, lock or results file whose store is gone
        base = next((entry.name[: -len(s)] for s in COMPANIONS if entry.name.endswith(s)), None)
        if base is not None and base not in stores:
            unlink(entry.path)
    _bound(where, keep, stores, entries)


def _bound(where: Path, keep: Path, stores: dict[str, os.DirEntry[str]], entries: list[os.DirEntry[str]]) -> None:
    def size(e: os.DirEntry[str]) -> int:
        try:
            return e.stat(follow_symlinks=False).st_size
        except OSError:
            return 0

    total = sum(size(e) for e in entries)
    limit = _limit()
    if total <= limit:
        return

    def used(e: os.DirEntry[str]) -> float:
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            return 0.0
        return max(st.st_atime, st.st_mtime)

    for name in sorted(stores, key=lambda n: used(stores[n])):
        if total <= limit:
            break
        if name == keep.name:
            continue
        entry = stores[name]
        total -= size(entry)
        unlink(entry.path)
        for suffix in COMPANIONS:
            path = where / (name + suffix)
            with contextlib.suppress(OSError):
                total -= path.stat().st_size
            unlink(path)


# ---------------------------------------------------------------- the racily-clean stamp


def verified(db: Path, build: str) -> int:
    """When the racily clean files of this build were last found unchanged (0: never)."""
    path = companion(db, ".verified")
    if not path.exists() or not trusted(path):
        return 0
    try:
        with open(path, encoding="ascii") as fh:
            stamp_build, _, when = fh.read(64).strip().partition(" ")
        return int(when) if stamp_build == build else 0
    except (OSError, ValueError, UnicodeDecodeError):
        return 0


def stamp(db: Path, build: str, when: int) -> None:
    """Write the stamp atomically; where it cannot be written, later runs hash again."""
    tmp = temporary(db)
    if tmp is None:
        return
    try:
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write(f"{build} {when}\n")
        os.replace(tmp, companion(db, ".verified"))
    except OSError:
        unlink(tmp)
