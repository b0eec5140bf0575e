"""What a whole-fact-base command printed, kept: `compare`'s, `audit`'s or `list`'s table
(at one width, in one colour system) or Markdown, kept beside the store with a key of everything it
was made from (the results it shows, the command's options, how it was printed), so that the
same command asked again prints it as kept instead of laying out tens of thousands of rows
again (a minute at 100,000 figures).

Two outputs are kept for each command and format (``compare table``, ``audit markdown``):
the last two printed in different ways (in a terminal and into a pipe: with and without
colour), and only where they are long (:data:`KEEP_ROWS`): a short one is quicker made than
read. With the text, the command keeps what it needs to know besides (audit: each check's
status, for its exit code) as ``facts``.

The text is kept in the results file (``results_kept.Results``) in compressed pieces, written
once the whole output has been printed (an output cut short, by ``| head`` or Ctrl-C, is not
kept). A kept output is printed only if its every piece is there with its key and it holds no
control character but a newline and (in colour) the SGR sequences of a table's styles: a
results file written by a stranger can neither change an answer nor print a raw escape.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiexiu_cli.factbase import cache
from jiexiu_cli.results.kept import pack, unpack

if TYPE_CHECKING:
    from jiexiu_cli.factbase.store_read import Store
    from jiexiu_cli.results.kept import Results

#: the kind of the results file's rows that hold printed outputs
KIND = "shown"
#: an output of fewer rows than this is made again, not kept (1,000 of compare's pairs take
#: about a second to lay out; reading them back, a few milliseconds)
KEEP_ROWS = 1000
#: the outputs kept of each command and format, each printed in its own way
KEEP_FORMS = 2
#: a kept text up to this size is held as read (checked) until it is printed; a longer one
#: is decompressed again as it is printed (at 100,000 figures compare's table at 80 columns is 57 MB)
HOLD = 64 << 20
#: the text is kept in pieces of about this many characters, each compressed on its own
PIECE = 1 << 20

#: what a kept text must not hold: a control character (C0 but the newline, DEL; C1 as
#: UTF-8), once a colour table's SGR sequences (ESC [ digits and semicolons m) are taken out
_C0 = bytes(range(32)).replace(b"\n", b"") + b"\x7f"
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_SGR = re.compile(rb"\x1b\[[0-9;]*m")


class Shown:
    """A command's output in one ``form`` (how it is printed: format, width, colours): whether
    it is kept with the key of what it is made from (:meth:`find`), its text as kept
    (:meth:`pieces`), and a :class:`Keeping` of it as it is printed (:meth:`keeping`)."""

    def __init__(self, name: str, form: str, colour: bool = False) -> None:
        #: the command and format: ``compare table``
        self.name = name
        #: everything else the printed text depends on (width, colours)
        self.form = form
        #: the scope of the kept output: the name and a digest of the form
        self.scope = f"{name}@{zlib.crc32(form.encode('utf-8', 'surrogatepass')):08x}"
        #: whether the text may hold a table's colours (SGR sequences)
        self.colour = colour
        self.key: str | None = None
        #: what the command kept with the text
        self.facts: Any = None
        self._pieces: list[bytes] | None = None
        #: the pieces are held decompressed
        self._plain = False
        #: the results file the output is kept in
        self._path: Path | None = None

    def find(self, results: Results, *parts: Any) -> bool:
        """Whether the output made from ``parts`` (the keys of what it shows, the command's
        options) is kept; if so its text is read, compressed, with its facts. Remembers
        the results file, for :meth:`keeping`."""
        self.key = results.key(KIND, self.name, self.form, *parts)
        self._path = results.path if results.con is not None else None
        if results.con is None:
            return False
        try:  # one statement: the head and its pieces as one transaction saw them
            rows = results.con.execute(
                "SELECT scope, key, value FROM results WHERE kind = ? AND scope >= ? AND scope < ? ORDER BY scope",
                (KIND, self.scope, self.scope + "\x7f"),
            ).fetchall()
        except sqlite3.Error:
            return False
        if not rows or rows[0][0] != self.scope or any(key != self.key for _, key, _ in rows):
            return False
        try:
            count, facts = unpack(rows[0][2])
        except (ValueError, TypeError, zlib.error):
            return False
        pieces = [value for scope, _, value in rows[1:] if scope.startswith(self.scope + "/")]
        if count != len(pieces) or len(pieces) != len(rows) - 1 or not all(isinstance(p, bytes) for p in pieces):
            return False
        # each piece checked; held as checked while they are few, else decompressed again when printed
        texts: list[bytes] = []
        size = 0
        try:
            for piece in pieces:
                text = zlib.decompress(piece)
                if not _clean(text, self.colour):
                    return False
                size += len(text)
                if size <= HOLD:
                    texts.append(text)
        except zlib.error:
            return False
        self._pieces = texts if size <= HOLD else pieces
        self._plain = size <= HOLD
        self.facts = facts
        return True

    @property
    def kept(self) -> bool:
        return self._pieces is not None

    def pieces(self) -> Iterator[bytes]:
        """The kept text, as UTF-8, a piece at a time."""
        assert self._pieces is not None
        if self._plain:
            yield from self._pieces
            return
        for piece in self._pieces:
            yield zlib.decompress(piece)  # each was read whole by find() (no file change reaches it)

    def keeping(self, rows: int, facts: Callable[[], Any] | None = None) -> Keeping | None:
        """A :class:`Keeping` of the output of ``rows`` rows as it is printed, with
        ``facts()``, or None where it is not to be kept (short, or no results file)."""
        if rows < KEEP_ROWS or self._path is None or self.key is None:
            return None
        return Keeping(self, facts)


def of_store(store: Store, shown: Shown, rows: int) -> bool:
    """:meth:`Shown.find` for an output made from the whole store (``list``): keyed by every
    fact-base file's content (all the store holds is made from them). ``rows``: the most rows
    the output can have (fewer than :data:`KEEP_ROWS`: never kept, the results file not opened)."""
    if rows < KEEP_ROWS:
        return False
    from jiexiu_cli.results.kept import Results

    with Results(store) as results:
        files = store.con.execute("SELECT ord, path, hash FROM files ORDER BY ord").fetchall()
        return shown.find(results, files)


class Keeping:
    """The text of an output collected as it is printed, compressed a piece at a time;
    kept by :meth:`done` once all of it has been printed (never an output cut short)."""

    def __init__(self, shown: Shown, facts: Callable[[], Any] | None) -> None:
        self.shown = shown
        self.facts = facts
        self.pieces: list[bytes] = []
        self._held: list[str] = []
        self._size = 0
        #: the output was cut short (the reader went away): it is not kept
        self.cut = False

    def write(self, text: str) -> None:
        self._held.append(text)
        self._size += len(text)
        if self._size >= PIECE:
            self._flush()

    def _flush(self) -> None:
        if self._held:
            self.pieces.append(zlib.compress("".join(self._held).encode("utf-8", "surrogatepass"), 1))
            self._held, self._size = [], 0

    def done(self) -> bool:
        """Keep the output printed (replacing the one kept before); whether it was kept."""
        path = self.shown._path
        if self.cut or path is None or not cache.trusted(path):
            return False
        self._flush()
        scope, key = self.shown.scope, self.shown.key
        head = pack([len(self.pieces), self.facts() if self.facts is not None else None])  # made once printed
        try:
            con = sqlite3.connect(path, timeout=5)
            try:
                with con:
                    _forget(con, scope)
                    con.executemany(
                        "INSERT INTO results VALUES (?, ?, ?, ?)",
                        [
                            (KIND, scope, key, head),
                            *((KIND, f"{scope}/{n:08d}", key, p) for n, p in enumerate(self.pieces)),
                        ],
                    )
                    # of the outputs of this command and format printed in other ways, the last ones stay
                    name = self.shown.name + "@"
                    heads = con.execute(
                        "SELECT scope FROM results WHERE kind = ? AND scope >= ? AND scope < ?"
                        " AND instr(scope, '/') = 0 ORDER BY rowid DESC",
                        (KIND, name, name + "\x7f"),
                    ).fetchall()
                    for (older,) in heads[KEEP_FORMS:]:
                        _forget(con, older)
            finally:
                con.close()
        except sqlite3.Error:
            return False  # busy or read-only: the next run makes it again
        return True


def _forget(con: sqlite3.Connection, scope: str) -> None:
    """The output kept as ``scope`` goes: its head and its pieces."""
    con.execute("DELETE FROM results WHERE kind = ? AND scope >= ? AND scope < ?", (KIND, scope, scope + "\x7f"))


def _clean(text: bytes, colour: bool) -> bool:
    """Whether a kept text holds no control character a table or Markdown could not have
    printed (in ``colour``, a table's SGR sequences)."""
    if colour and b"\x1b" in text:
        text = _SGR.sub(b"", text)
    # deleting the C0 bytes is a tenth of the time of a search for them (a kept table is tens of MB)
    return len(text.translate(None, _C0)) == len(text) and _C1.search(text) is None
