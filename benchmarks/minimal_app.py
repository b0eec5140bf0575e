"""The yardstick: a minimal Typer app that prints one Rich table, nothing else.

jiexiu's start-up is compared with this app run in the same environment, so the ratio
shows what jiexiu adds on top of the framework (``python benchmarks/minimal_app.py show``).
"""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False)


@app.command()
def show(name: str = "gdp") -> None:
    """Print one small table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=name)
    table.add_column("period")
    table.add_column("value")
    table.add_row("2021", "341.3亿元")
    table.add_row("2025", "432亿元")
    Console().print(table)


@app.command()
def other() -> None:
    """A second command, so that Typer builds a group as jiexiu does."""


if __name__ == "__main__":
    app()
