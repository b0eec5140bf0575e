"""jiexiu: exact figures from the public record of Jiexiu (介休市, Shanxi).

As a library (``jiexiu_cli.api``)::

    import jiexiu_cli as jx
    fb = jx.load()
    fb.show("gdp")

The names below are imported on first use (PEP 562), so that the command line, which
imports this package first, pays nothing for them.
"""

# Not `from typing import TYPE_CHECKING`: this module is the first the command line imports,
# and typing (with re and enum) would then be loaded before anything else; type checkers
# read this name alike.
TYPE_CHECKING = False

__version__ = "0.1.0"

#: name -> the module that defines it
_LAZY = {
    "load": "jiexiu_cli.api",
    "FactBook": "jiexiu_cli.api",
    "MissingExtra": "jiexiu_cli.api",
    "JiexiuError": "jiexiu_cli.core.errors",
    "DataError": "jiexiu_cli.core.errors",
    "NotFoundError": "jiexiu_cli.core.errors",
    "UsageError": "jiexiu_cli.core.errors",
    "CheckFailed": "jiexiu_cli.core.errors",
}

__all__ = [
    "CheckFailed",
    "DataError",
    "FactBook",
    "JiexiuError",
    "MissingExtra",
    "NotFoundError",
    "UsageError",
    "__version__",
    "load",
]

if TYPE_CHECKING:
    from jiexiu_cli.api import FactBook, MissingExtra, load
    from jiexiu_cli.core.errors import CheckFailed, DataError, JiexiuError, NotFoundError, UsageError


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jiexiu_cli' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
