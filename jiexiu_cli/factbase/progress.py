"""A progress bar for long work (building the store, verifying, auditing).

Shown on stderr, and only when stderr is a terminal, the work has run for about a second
and ``--quiet`` was not given: never in a pipe, a file or a script's captured output.
Rich is imported only when the bar is about to appear.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any

#: set by the command line's --quiet
QUIET = False
#: seconds of work before a bar appears
AFTER_S = 1.0


class Progress:
    """``with Progress("building the store", 71) as p: ... p.advance()``."""

    def __init__(self, what: str, total: int, unit: str = "files") -> None:
        self.what = what
        self.total = total
        self.unit = unit
        self.done = 0
        self.began = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.off = QUIET or total <= 1 or not _terminal()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.off:
            return
        if self.bar is None:
            if time.monotonic() - self.began < AFTER_S or self.done >= self.total:
                return
            self._start()
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, left=self.total - self.done)

    def _start(self) -> None:
        try:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(f"{self.unit}, {{task.fields[left]}} left"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.bar.add_task(self.what, total=self.total, left=self.total)
            self.bar.start()
        except Exception:  # a terminal Rich cannot draw on: no bar, the work goes on
            self.bar = None
            self.off = True

    def close(self) -> None:
        if self.bar is not None:
            try:
                self.bar.stop()
            finally:
                self.bar = None


def _terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
