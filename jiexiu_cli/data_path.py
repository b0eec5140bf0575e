"""Where the fact base lives (--data, $JIEXIU_DATA, or the copy shipped in the package),
and where its compiled form is cached.

Kept free of heavy imports (no importlib.resources): it is on every command's start-up path.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "JIEXIU_DATA"


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
