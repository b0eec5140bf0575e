"""Where the fact base lives (--data, $JIEXIU_DATA, or the copy shipped in the package),
which files it is made of, and where its compiled form is cached.

Kept free of heavy imports (no importlib.resources): it is on every command's start-up path.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jiexiu_cli.errors import DataError

ENV = "JIEXIU_DATA"
FACT_SUFFIXES = (".yaml", ".yml")


def shipped_data() -> Path:
    """The fact base that ships inside the wheel (``jiexiu_cli/data``), or, in a source
    checkout or an editable install, the ``data/`` folder beside the package."""
    package = Path(__file__).resolve().parent
    inside = package / "data"
    if inside.is_dir():
        return inside
    return package.parent / "data"


def data_path(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    return shipped_data()


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/jiexiu`` (default ``~/.cache/jiexiu``): where compiled forms are kept."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jiexiu"


def display_path(path: Path) -> str:
    """A path as a user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return str(path)


def fact_files(path: Path) -> list[Path]:
    """The fact-base files that ``path`` names: itself, or every ``*.yaml``/``*.yml`` below
    it (hidden files and folders skipped, symlinked folders not followed), in path order.
    Every command starts here, so it walks with ``os.scandir`` (0.4 ms for 71 files)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise DataError("no such file or folder", display_path(path)) from None
    except PermissionError:
        raise DataError("cannot reach it: permission denied", display_path(path)) from None
    except OSError as e:  # a name too long, a symlink loop, ...
        raise DataError(f"cannot use this path: {e.strerror or e}", display_path(path)) from None
    except ValueError as e:  # a NUL inside the path
        raise DataError(f"cannot use this path: {e}", display_path(path)) from None
    if stat.S_ISDIR(mode):
        found: list[str] = []
        try:
            _walk(str(path), found)
        except PermissionError:
            raise DataError("cannot read folder: permission denied", display_path(path)) from None
        except OSError as e:
            raise DataError(f"cannot read folder: {e.strerror or e}", display_path(path)) from None
        if not found:
            raise DataError("folder holds no fact-base file (*.yaml)", display_path(path))
        found.sort(key=lambda f: f.split(os.sep))  # the order of the paths' parts
        return [Path(f) for f in found]
    if not stat.S_ISREG(mode):  # /dev/zero never ends; a pipe read to fingerprint it is empty after
        raise DataError("not a regular file (a pipe or a device?), expected a fact-base file", display_path(path))
    return [path]


def _walk(folder: str, found: list[str]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir() and not entry.is_symlink():
                _walk(entry.path, found)
            elif entry.name.endswith(FACT_SUFFIXES) and entry.is_file():
                found.append(entry.path)
