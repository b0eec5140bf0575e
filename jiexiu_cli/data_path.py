"""Where the fact base lives: --data, $JIEXIU_DATA, or the copy shipped in the package."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV = "JIEXIU_DATA"


def shipped_data() -> Path:
    """The fact base that ships inside the wheel (``jiexiu_cli/data``), or, in a source
    checkout or an editable install, the ``data/`` folder beside the package."""
    inside = resources.files("jiexiu_cli").joinpath("data")
    if inside.is_dir():
        return Path(str(inside))
    return Path(__file__).resolve().parent.parent / "data"


def data_path(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    return shipped_data()
