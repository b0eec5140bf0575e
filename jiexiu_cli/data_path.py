"""Where the fact base lives (--data, $JIEXIU_DATA, or the copy shipped in the package),
which files it is made of, and where its compiled form is cached.

Kept free of heavy imports (no importlib.resources): it is on every command's start-up path.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
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


def display_path(path: Path | str) -> str:
    """A path as a user would type it: relative to the working directory when inside it.

    Lexical (``os.path.abspath``), never through symbolic links: an error about a link names
    the link, not whatever it points to."""
    try:
        full = os.path.abspath(path)
        cwd = os.getcwd()
    except (OSError, ValueError):  # the working directory is gone; a NUL in the path
        return str(path)
    if full == cwd:
        return "."
    inside = cwd.rstrip(os.sep) + os.sep
    return full[len(inside) :] if full.startswith(inside) else full


def shipped_seeds() -> Path:
    """The articles shipped with jiexiu (``jiexiu_cli/seeds`` in the wheel, ``seeds/`` in a
    checkout): every fact base may name them (the shipped one names them ``../seeds/…``)."""
    package = Path(__file__).resolve().parent
    inside = package / "seeds"
    if inside.is_dir():
        return inside
    return package.parent / "seeds"


def fact_root(path: Path) -> str:
    """The folder tree a fact base may read articles from (and, in a folder, its files):
    the folder ``--data`` names, or the folder of the file it names; with symbolic links
    resolved, as every path is compared."""
    real = os.path.realpath(path)
    return real if os.path.isdir(real) else os.path.dirname(real)


def is_inside(real: str, roots: Iterable[str]) -> bool:
    """Is the resolved path ``real`` one of ``roots`` or below one (roots resolved too)?"""
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def fact_files(path: Path) -> list[Path]:
    """The fact-base files that ``path`` names: itself, or every ``*.yaml``/``*.yml`` below
    it (hidden files and folders skipped, symlinked folders not followed), in path order.

    Inside a folder, a fact-base file must be a regular file inside the folder's tree: a
    symbolic link that leads outside it, a pipe, a device or a broken link under a fact-base
    name is one error naming it, never read. Every command starts here, so it walks with
    ``os.scandir`` (0.4 ms for 71 files)."""
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
    root = fact_root(path)
    if stat.S_ISDIR(mode):
        found: list[str] = []
        try:
            _walk(str(path), root, found)
        except PermissionError:
            raise DataError("cannot read folder: permission denied", display_path(path)) from None
        except OSError as e:
            raise DataError(f"cannot read folder: {e.strerror or e}", display_path(path)) from None
        if not found:
            raise DataError("folder holds no fact-base file (*.yaml)", display_path(path))
        found.sort(key=lambda f: f.split(os.sep))  # the order of the paths' parts
        return [Path(f) for f in found]
    if not stat.S_ISREG(mode):  # /dev/zero never ends; a pipe read to fingerprint it is empty after
        raise DataError(NOT_REGULAR + ", expected a fact-base file", display_path(path))
    return [path]


#: why a pipe, a device or a socket is never read as a fact-base file or an article
NOT_REGULAR = "not a regular file (a pipe or a device?)"


def _walk(folder: str, root: str, found: list[str]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, root, found)
            elif entry.name.endswith(FACT_SUFFIXES):
                _check_fact_file(entry, root)
                if entry.is_file():  # a symlink to a folder inside the tree: not followed
                    found.append(entry.path)


def _check_fact_file(entry: os.DirEntry[str], root: str) -> None:
    """A fact-base name inside the folder: a regular file inside the tree, or an error."""
    if entry.is_symlink() and not is_inside(os.path.realpath(entry.path), (root,)):
        raise DataError(
            f"symbolic link leads outside the fact-base folder {display_path(root)}; not read", display_path(entry.path)
        )
    try:
        mode = entry.stat().st_mode
    except FileNotFoundError:
        raise DataError("broken symbolic link, expected a fact-base file", display_path(entry.path)) from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise DataError(NOT_REGULAR + ", expected a fact-base file", display_path(entry.path))
