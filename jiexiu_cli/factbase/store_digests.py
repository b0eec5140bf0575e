"""What each indicator's and each source's rows are, as one digest each: the results kept
beside the store (``results/kept.py``) are keyed by them."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from typing import Any


class Digests:
    """What each indicator's and each source's rows are, as one digest each: results kept
    beside the store (results/kept.py) are keyed by them.

    A digest is a sum (modulo 2^128) of one hash per row, so an update changes it row by
    row: the rows that go are taken off, the rows that come are added, a row whose
    automatic id is renumbered is taken off with its old id and added with its new one.
    An indicator's row: a figure's id, the digest of its fields, and its file and place
    in it (which fix its place in the fact base's order: files are in their paths' order).
    A source's rows: its figures' and exclusions', with their line and column (verify
    names file:line:column)."""

    def __init__(self, con: sqlite3.Connection, remember: bool = False) -> None:
        self.con = con
        self.sums: dict[tuple[str, str], int] = {}
        #: ``remember``: each row's hash by its text (an update takes a file's rows off and
        #: adds most of them back; a whole build meets each row once)
        self.memo: dict[str, int] | None = {} if remember else None

    def rows(self, where: str, args: Sequence[Any] = (), sign: int = 1, exclusions: bool = True) -> None:
        """Add (``sign`` 1) or take off (-1) the rows of figures (and exclusions) of ``where``."""
        sums, memo = self.sums, self.memo
        element = _element
        if memo is not None:

            def element(text: str) -> int:
                found = memo.get(text)
                if found is None:
                    found = memo[text] = _element(text)
                return found

        for indicator, source, fid, d, path, pos, line, col in self.con.execute(_DIGESTED_FIGURES.format(where), args):
            head = f"f\x1f{fid}\x1f{d.hex()}\x1f{path}\x1f"
            key = ("indicator", indicator)
            sums[key] = sums.get(key, 0) + sign * element(f"{head}{pos}")
            key = ("source", source)
            sums[key] = sums.get(key, 0) + sign * element(f"{head}{line}\x1f{col}")
        if exclusions:
            for source, d, path, line, col in self.con.execute(_DIGESTED_EXCLUSIONS.format(where), args):
                key = ("source", source)
                sums[key] = sums.get(key, 0) + sign * element(f"e\x1f{d.hex()}\x1f{path}\x1f{line}\x1f{col}")

    def save(self, whole: bool) -> None:
        """Write the digests (``whole``: these are all; else changes to those kept)."""
        con = self.con
        if whole:
            con.execute("DELETE FROM digests")
            changed = self.sums
        else:  # a row taken off and added back unchanged leaves its name's digest as it was
            moved = {key: delta for key, delta in self.sums.items() if delta % _MOD}
            con.execute("CREATE TEMP TABLE IF NOT EXISTS moved (kind, name, PRIMARY KEY (kind, name))")
            con.execute("DELETE FROM temp.moved")
            con.executemany("INSERT INTO temp.moved VALUES (?, ?)", moved)
            sql = (
                "SELECT d.kind, d.name, d.digest FROM digests d"
                " JOIN temp.moved m ON m.kind = d.kind AND m.name = d.name"
            )
            kept = {(kind, name): int(digest, 16) for kind, name, digest in con.execute(sql)}
            changed = {key: kept.get(key, 0) + delta for key, delta in moved.items()}
        con.executemany("DELETE FROM digests WHERE kind = ? AND name = ?", changed)
        con.executemany(
            "INSERT INTO digests VALUES (?, ?, ?)",
            ((kind, name, f"{total % _MOD:032x}") for (kind, name), total in changed.items() if total % _MOD),
        )


_MOD = 1 << 128
_DIGESTED_FIGURES = (
    "SELECT x.indicator, x.source, x.id, x.digest, f.path, x.pos, x.line, x.col"
    " FROM figures x JOIN files f ON f.k = x.k WHERE {}"
)
_DIGESTED_EXCLUSIONS = (
    "SELECT x.source, x.digest, f.path, x.line, x.col FROM exclusions x JOIN files f ON f.k = x.k WHERE {}"
)


def _element(text: str) -> int:
    """One row's hash: its parts joined by U+001F (bytes as hex), as a number."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(), "big")
