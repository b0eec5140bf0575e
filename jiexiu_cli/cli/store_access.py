"""What every command asks of the fact base: the folder --data names, the store asked one
question, and the indicators a command line names (each once, every unknown one reported).
"""

from pathlib import Path
from typing import Any

import typer

from jiexiu_cli.cli.edge import say_not_found
from jiexiu_cli.core.errors import NotFoundError


def data_folder(ctx: typer.Context) -> Path:
    from jiexiu_cli.factbase.data_path import data_path

    return data_path(ctx.obj.get("data") if ctx.obj else None)


def ask_store(ctx: typer.Context, ask: Any) -> Any:
    """Ask the compiled fact base (store.py): each command reads only what it needs."""
    from jiexiu_cli.factbase.store import answer

    return answer(data_folder(ctx), ask)


def resolve_all(resolve: Any, names: list[str]) -> list[Any]:
    """The indicators ``names`` name (``resolve``: a name to its indicator), each once, in
    order. Every name that names none is reported (with suggestions); then the command
    stops, exit 1."""
    found, missing = [], []
    for name in names:
        try:
            found.append(resolve(name))
        except NotFoundError as e:
            missing.append(e)
    for error in missing[:-1]:
        say_not_found(error)
    if missing:
        raise missing[-1]
    return list(dict.fromkeys(found))
