"""The whole fact base, pickled: for the commands that read all of it (list, export,
verify, compare, audit, extract). `show` and `search` read the compiled store (store.py).

The cache lives under ``$XDG_CACHE_HOME/jiexiu`` (default ``~/.cache/jiexiu``). Its key is
a hash of jiexiu's version and of every fact-base file's path and bytes, so an edited
file is a new key. Files are written atomically (a temporary file, then a rename), so
concurrent first runs are safe; a corrupt or unreadable cache is rebuilt; a cache that
cannot be written is skipped. The cache is never required.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, TypeVar

from jiexiu_cli import __version__
from jiexiu_cli.data_path import cache_dir, display_path, fact_files
from jiexiu_cli.errors import DataError
from jiexiu_cli.load import load_files
from jiexiu_cli.model import FactBase

T = TypeVar("T")
_FORMAT = 6  # bump when the pickled shapes change (5: figures have place, universe, defaulted base_period;
# 6: fragment_before, additive, qualifier over_about)


def fingerprint(files: list[Path]) -> str:
    """A key for these files' exact bytes (and jiexiu's version)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}/{_FORMAT}".encode())
    for f in files:
        try:
            data = f.read_bytes()
        except OSError as e:
            raise DataError(f"cannot read fact-base file: {e.strerror or e}", display_path(f)) from None
        h.update(str(f.resolve()).encode("utf-8", "surrogateescape"))
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def read_cache(name: str, expected: type[T]) -> T | None:
    path = cache_dir() / name
    try:
        with path.open("rb") as fh:
            obj = pickle.load(fh)
    except Exception:  # missing, truncated, corrupt, unreadable, from another version: rebuild
        return None
    return obj if isinstance(obj, expected) else None


def write_cache(name: str, obj: Any) -> None:
    """Write atomically; give up silently where the cache cannot be written."""
    folder = cache_dir()
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def open_factbase(path: Path) -> FactBase:
    """The fact base at ``path``, from the cache when its files are unchanged."""
    files = fact_files(path)
    key = fingerprint(files)
    name = f"factbase-{key}.pickle"
    cached = read_cache(name, FactBase)
    if cached is not None:
        return cached
    fb = load_files(files)._replace(key=key)
    write_cache(name, fb)
    return fb
