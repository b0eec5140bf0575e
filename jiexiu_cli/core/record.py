"""The base of every record: an immutable, slotted class with value equality, hashing,
``repr``, pickling and ``_replace``.

Why :class:`Record` and not dataclasses: the rule of the house is *no dataclasses (nor
NamedTuples) on the start-up path*. Records are imported by every answer, and both
generate and compile code when each class is created, a cost paid on every start of
every command (measured: CHANGELOG, issue 8's start-up); these plain slotted classes,
written out in full, cost next to nothing. Modules a quick answer never imports
(extract, verify, audit) may use dataclasses. :class:`Record` gives them what the code
relies on: value equality, hashing, ``repr``, immutability, pickling and ``_replace``.
``tests/factbase/test_load.py`` holds each class's ``__slots__``, annotations and ``__init__`` to
the same fields in the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, Self


class Record:
    """An immutable record whose fields are its ``__slots__``."""

    __slots__ = ()
    #: the fields, in the constructor's order (as NamedTuple's)
    _fields: ClassVar[tuple[str, ...]] = ()

    #: reads every field in one call, in C (set for each record class)
    _get: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if len(cls._fields) < 2:  # attrgetter of one name returns the value, not a tuple
            raise TypeError(f"{cls.__name__}: a record has two fields or more")
        cls._get = attrgetter(*cls._fields)

    def _values(self) -> tuple[Any, ...]:
        return type(self)._get(self)

    def _replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (as NamedTuple's ``_replace``)."""
        values: dict[str, Any] = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return type(self)(**values)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Self], tuple[Any, ...]]:
        return type(self), self._values()
