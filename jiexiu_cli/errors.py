"""The exceptions of the Python API, where docs/CONTRACT.md promises them (``jiexiu_cli.errors``);
they are defined in :mod:`jiexiu_cli.core.errors` and are also ``jx.NotFoundError`` and so on."""

from jiexiu_cli.core.errors import CheckFailed, DataError, DataProblems, JiexiuError, NotFoundError, UsageError

__all__ = ["CheckFailed", "DataError", "DataProblems", "JiexiuError", "NotFoundError", "UsageError"]
