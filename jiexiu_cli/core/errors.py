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


#: how many problems of a fact base one run names (then how many more there are)
MAX_PROBLEMS = 20


class DataProblems(DataError):
    """Several problems of one fact base, found in one run: each a line ``file:line:column:
    message``, in file order, the first :data:`MAX_PROBLEMS`, then how many more there are.
    The CLI prints each line as its own error line; ``str()`` joins them with newlines."""

    def __init__(self, problems: list[str], more: int = 0) -> None:
        self.lines = [*problems, *([f"… and {more} more problem{'s' if more > 1 else ''}"] if more else [])]
        JiexiuError.__init__(self, "\n".join(self.lines))
        self.where = None
        self.problem = self.message
        self.problems = problems
        self.more = more
        self.total = len(problems) + more


def data_error(problems: list[str], total: int | None = None) -> DataError:
    """One error for these problems (the first :data:`MAX_PROBLEMS` of ``total``): the
    problem itself where there is one, else all of them."""
    total = len(problems) if total is None else total
    if total == 1:
        return DataError(problems[0])
    shown = problems[:MAX_PROBLEMS]
    return DataProblems(shown, total - len(shown))


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
