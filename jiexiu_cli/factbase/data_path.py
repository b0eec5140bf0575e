"""Where the fact base lives (--data, $JIEXIU_DATA, or the copy shipped in the package),
which files it is made of, and where its compiled form is cached.

Kept free of heavy imports (no importlib.resources): it is on every command's start-up path.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from jiexiu_cli.core.errors import DataError

ENV = "JIEXIU_DATA"
#: the folder trees of a fact base (``fact_base``): those of the bases it includes, then its own
Roots = tuple[str, ...]
FACT_SUFFIXES = (".yaml", ".yml")


def shipped_data() -> Path:
    """The fact base that ships inside the wheel (``jiexiu_cli/data``), or, in a source
    checkout or an editable install, the ``data/`` folder beside the package."""
    package = Path(__file__).resolve().parent.parent  # jiexiu_cli/, above factbase/
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
    package = Path(__file__).resolve().parent.parent  # jiexiu_cli/, above factbase/
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


#: the file in a fact-base folder that says what the folder builds on (``jiexiu init`` writes it)
CONFIG = "jiexiu.toml"
#: the name, in a folder's ``include``, of the fact base shipped with jiexiu
SHIPPED = "shipped"


def included(path: Path) -> list[Path]:
    """The fact bases the folder ``path`` builds on, as its ``jiexiu.toml`` names them in
    ``include`` (none where it has no such file, or ``path`` is a file).

    A stranger may have written the file: the only fact base it may name outside the folder
    is the shipped one (``"shipped"``); any other path is one error naming the file and the
    entry, and nothing there is read. A path inside the folder adds nothing (every
    ``*.yaml`` below it is read already) and is refused too, so a misreading cannot hide."""
    config = path / CONFIG
    try:
        if not os.path.lexists(config):
            return []
    except (OSError, ValueError):
        return []
    from jiexiu_cli.factbase.text_files import read_bytes

    shown = display_path(config)
    data = read_bytes(config, "configuration file", within=(fact_root(path),))
    import tomllib

    try:
        settings = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataError("not valid UTF-8; save it as UTF-8", shown) from None
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"invalid TOML: {e}", shown) from None
    unknown = sorted(set(settings) - {"include"})
    if unknown:
        raise DataError(f"unknown setting {unknown[0]!r} (expected: include)", shown)
    names = settings.get("include", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DataError('include must be a list of names, such as include = ["shipped"]', shown)
    bases: list[Path] = []
    for name in names:
        if name != SHIPPED:
            target = os.path.realpath(os.path.join(fact_root(path), name))
            where = "is inside the folder (its files are read already)"
            if not is_inside(target, (fact_root(path),)):
                where = "leads outside the fact-base folder; not read"
            raise DataError(
                f"include {name!r} {where}: a folder builds on the shipped fact base "
                f'(include = ["{SHIPPED}"]) and every *.yaml below it',
                shown,
            )
        if shipped_data() not in bases:
            bases.append(shipped_data())
    return bases


def fact_base(path: Path) -> tuple[list[Path], tuple[str, ...]]:
    """The fact-base files of ``path`` and the folder trees they are confined to.

    Files: those of the fact bases its folder includes (``jiexiu.toml``: :func:`included`),
    then its own (:func:`own_fact_files`) that are not among them. Trees: the included bases'
    folders, then its own (:func:`fact_root`); each file is confined to the tree it lies in
    (:func:`root_of`): an included base's articles to its own folder, the folder's to the
    folder."""
    bases = included(path) if _is_dir(path) else []
    own = fact_root(path)
    roots = (*(r for r in dict.fromkeys(fact_root(b) for b in bases) if r != own), own)
    if not bases:
        return own_fact_files(path), roots
    files = [f for base in bases for f in own_fact_files(base)]
    seen = {os.path.realpath(f) for f in files}  # a folder inside an included base: its files once
    files += [f for f in own_fact_files(path, empty_ok=True) if os.path.realpath(f) not in seen]
    return files, roots


def fact_files(path: Path) -> list[Path]:
    """The fact-base files of ``path``, those of the bases it includes first (:func:`fact_base`)."""
    return fact_base(path)[0]


def root_of(real: str, roots: tuple[str, ...]) -> str:
    """The tree among ``roots`` that the resolved file ``real`` lies in (the deepest, where
    one lies inside another); the last (the folder's own) if none."""
    inside = [root for root in roots if is_inside(real, (root,))]
    return max(inside, key=len) if inside else roots[-1]


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def own_fact_files(path: Path, empty_ok: bool = False) -> list[Path]:
    """The fact-base files that ``path`` names: itself, or every ``*.yaml``/``*.yml`` below
    it (hidden files and folders skipped, symlinked folders not followed), in path order
    (``empty_ok``: a folder may hold none, where it builds on another fact base).

    Inside a folder, a fact-base file must be a regular file inside the folder's tree: a
    symbolic link that leads outside it, a pipe, a device or a broken link under a fact-base
    name is one error naming it, never read. Every command starts here, so it walks with
    ``os.scandir`` (each entry's type comes with the listing, no stat per file)."""
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
        if not found and not empty_ok:
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
