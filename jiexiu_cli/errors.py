"""The project's own exceptions. Each knows its exit code; only the CLI exits.

Exit codes (docs/CONTRACT.md): 0 success; 1 not found, no result, invalid data or
failed verification; 2 wrong usage.
"""

from __future__ import annotations


class JiexiuError(Exception):
    """Base of every error jiexiu raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DataError(JiexiuError):
    """The fact base (or an article it names) cannot be read or is invalid."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.problem = message


class NotFoundError(JiexiuError):
    """A name, period or query matched nothing."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class UsageError(JiexiuError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class CheckFailed(JiexiuError):
    """`verify` or `audit` found problems; the report has already been produced."""
