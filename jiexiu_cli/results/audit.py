"""audit's results, kept per indicator (every derived check concerns one indicator's
figures alone; see ``audit.FAMILIES``) and per declared check, each with what it was
computed from; and the checks' JSON texts written out in the fact base's order."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from jiexiu_cli.results.codec import decode, encode, figure_ids
from jiexiu_cli.results.kept import PerIndicator, Results, pack, pack_texts, unpack, unpack_texts

if TYPE_CHECKING:
    from jiexiu_cli.analysis.audit import Finding
    from jiexiu_cli.core.model import Check, Figure
    from jiexiu_cli.factbase.store_read import Store


class Audited:
    """One audit check as kept: its id, status and indicators, and one text: its JSON
    record, or the check itself (:func:`findings` makes it again, for a table); a derived
    check's text is read from its indicator's kept texts when asked for (:func:`texts`
    writes many out in order)."""

    __slots__ = ("_text", "id", "indicators", "status")

    def __init__(
        self, id: str, status: str, indicators: list[str], text: str | tuple[_Texts, str, int] | tuple[_Listed, int]
    ) -> None:
        self.id = id
        self.status = status
        self.indicators = indicators
        self._text = text

    @property
    def text(self) -> str:
        if isinstance(self._text, str):
            return self._text
        if isinstance(self._text[0], _Listed):
            return self._text[0].text(int(self._text[-1]))
        kept, i, n = self._text
        return kept.texts(i)[n]


class _Texts:
    """Each indicator's kept texts, held compressed, a few indicators open at a time."""

    def __init__(self, blobs: dict[str, Any]) -> None:
        from collections import OrderedDict

        self.blobs = blobs
        self.open: OrderedDict[str, list[str]] = OrderedDict()

    def texts(self, i: str) -> list[str]:
        texts = self.open.get(i)
        if texts is None:
            texts = self.open[i] = unpack_texts(self.blobs[i])
            if len(self.open) > 64:
                self.open.popitem(last=False)
        return texts


#: checks written out in order one by one (above, their texts go through a file first)
SPILL = 2000


def texts(audited: list[Audited]) -> Iterator[str]:
    """The texts of these checks, in order, each indicator's kept texts opened once.

    Checks come family by family and, within one, in the fact base's order, so one
    indicator's checks are spread through the list: its texts are opened once, written
    to a temporary file (where each one's place is noted) and read back in order; all
    of them held at once would grow with the fact base."""
    import tempfile

    places = [x._text[-1] for x in audited if not isinstance(x._text, str) and isinstance(x._text[0], _Listed)]
    if audited and len(places) == len(audited):  # the whole list, kept as one
        first = audited[0]._text
        assert not isinstance(first, str) and isinstance(first[0], _Listed)
        yield from first[0].texts(int(k) for k in places)
        return
    derived = [
        (k, cast(tuple[_Texts, str, int], x._text)) for k, x in enumerate(audited) if not isinstance(x._text, str)
    ]
    if len(derived) < SPILL:
        yield from (x.text for x in audited)
        return
    groups: dict[tuple[int, str], tuple[_Texts, list[tuple[int, int]]]] = {}
    for k, (kept, i, n) in derived:
        groups.setdefault((id(kept), i), (kept, []))[1].append((k, n))
    where: dict[int, tuple[int, int]] = {}  # the check's place in the list -> (offset, length)
    with tempfile.TemporaryFile() as spill:
        offset = 0
        for (_, i), (kept, slots) in groups.items():
            unpacked = unpack_texts(kept.blobs[i])
            chunk = []
            for k, n in slots:
                data = unpacked[n].encode("utf-8")
                where[k] = (offset, len(data))
                offset += len(data)
                chunk.append(data)
            spill.write(b"".join(chunk))
        spill.flush()
        fd = spill.fileno()
        for k, x in enumerate(audited):
            if isinstance(x._text, str):
                yield x._text
            else:
                at, size = where[k]
                yield os.pread(fd, size, at).decode("utf-8")


#: what audit keeps of each indicator: its checks' order, ids and statuses; their JSON
#: records; the checks themselves
AUDIT = ("audit", "audit-json", "audit-found")


def audit(store: Store, indicators: set[str] | None, text: str = "json") -> list[Audited]:
    """audit.audit over the store, in the same order, as kept checks with their JSON
    records (``text="json"``) or themselves (``"found"``, for :func:`findings`): each
    indicator's derived checks and each declared check kept with what they were computed
    from. Only the texts asked for are read (the JSON is the largest part)."""
    from jiexiu_cli.analysis import audit as rules

    checks = store.checks()
    pairs = rules.declared_pairs(checks)
    made: list[Callable[[Any], str]] = []  # views and the JSON writer, imported when a check is made

    def entry(x: Finding) -> list[Any]:
        from jiexiu_cli.present import views_audit

        if not made:
            from jiexiu_cli.present.render_json import json_items

            made.append(json_items())
        item = made[0]
        inputs = sorted({f.indicator for f in x.inputs})
        return [x.id, x.status, inputs, item(views_audit.finding_record(x)), encode([x])]

    with Results(store) as results:
        store.temp("declared", {fid for p in pairs for fid in p})
        indicator_of = dict(store.con.execute("SELECT id, indicator FROM figures WHERE id IN temp.declared"))
        within: dict[str, list[list[str]]] = {}  # the declared pairs inside each indicator (same-quantity skips them)
        for p in pairs:
            owners = {indicator_of.get(fid) for fid in p}
            owner = owners.pop() if len(owners) == 1 else None
            if owner is not None:
                within.setdefault(owner, []).append(sorted(p))
        per = PerIndicator(store, results, AUDIT, lambda i: sorted(within.get(i, [])))
        wanted = sorted(per.keys) if indicators is None else sorted(indicators & per.keys.keys())

        def compute(batch: list[str]) -> dict[str, dict[str, Any]]:
            fb = store.factbase_of(batch)
            by_indicator: dict[str, list[list[Any]]] = {}
            for rank, anchors, seq, x in rules.derived_checks(fb, pairs):
                by_indicator.setdefault(anchors[0].indicator, []).append(
                    [rank, [a.id for a in anchors], seq, *entry(x)]
                )
            order, texts, themselves = AUDIT
            return {
                order: {i: pack([row[:6] for row in rows]) for i, rows in by_indicator.items()},
                texts: {i: pack_texts([row[6] for row in rows]) for i, rows in by_indicator.items()},
                themselves: {i: pack_texts([row[7] for row in rows]) for i, rows in by_indicator.items()},
            }

        declared, declared_keys = _declared(store, results, checks, entry)
        whole = indicators is None and text == "json"
        if whole:  # the whole list, as kept when nothing it was made from has changed since
            files = list(store.con.execute("SELECT ord, path, hash FROM files ORDER BY ord"))
            list_key = results.key(LISTED[0], [per.keys[i] for i in wanted], declared_keys, files)
            listed = _Listed.kept(results, list_key)
            if listed is not None:
                return listed.audited()
        per.compute(
            per.missing(wanted), "auditing the indicators", compute, set(per.keys) if indicators is None else None
        )
        which = 3 if text == "json" else 4
        found = [Audited(row[0], row[1], row[2], row[which]) for row in declared]
        kind = AUDIT[1] if text == "json" else AUDIT[2]
        derived = []
        blobs: dict[str, Any] = {}
        kept = _Texts(blobs)
        for i in wanted:
            rows = unpack(per.value(i))
            if rows:
                blobs[i] = per.value(i, kind)
                derived += [(*row, (kept, i, n)) for n, row in enumerate(rows)]
        position = store.positions({a for row in derived for a in row[1]})
        derived.sort(key=lambda row: (row[0], [position[a] for a in row[1]], row[2]))
        found += [Audited(*row[3:]) for row in derived]
        if whole:
            listed = _Listed.made(found)
            listed.keep(results, list_key)
            return listed.audited()
    if indicators is None:
        return found
    return [x for x in found if any(i in indicators for i in x.indicators)]


#: what audit keeps of the whole list (no indicator named, as JSON): each check's id,
#: status and indicators, in order; their JSON texts in that order, as one compressed stream
LISTED = ("audit-list", "audit-list-json")


class _Listed:
    """The whole audit as kept: its checks in order, and their JSON texts, each ended by
    NUL (which JSON text never holds raw), compressed as one stream, written out by
    decompressing it a piece at a time (held whole, the texts would grow with the fact
    base; compressed they are a small part of it)."""

    def __init__(self, rows: list[list[Any]], blob: bytes) -> None:
        self.rows = rows
        self.blob = blob
        self._all: list[str] | None = None

    @classmethod
    def made(cls, found: list[Audited]) -> _Listed:
        import zlib

        packer = zlib.compressobj(1)
        parts, held, n = [], [], 0
        for text in texts(found):
            held.append(text)
            n += len(text)
            if n >= 1 << 20:
                parts.append(packer.compress("\x00".join(held).encode("utf-8") + b"\x00"))
                held, n = [], 0
        if held:
            parts.append(packer.compress("\x00".join(held).encode("utf-8") + b"\x00"))
        parts.append(packer.flush())
        return cls([[x.id, x.status, x.indicators] for x in found], b"".join(parts))

    @classmethod
    def kept(cls, results: Results, key: str) -> _Listed | None:
        rows = results.kept(LISTED[0]).get("all")
        if rows is None or rows[0] != key:
            return None
        blob = results.kept(LISTED[1]).get("all")
        if blob is None or blob[0] != key or not isinstance(blob[1], bytes):
            return None
        return cls(unpack(rows[1]), blob[1])

    def keep(self, results: Results, key: str) -> None:
        results.keep(LISTED[1], [("all", key, self.blob)])
        results.keep(LISTED[0], [("all", key, pack(self.rows))])  # the rows last: with them, the texts are there

    def audited(self) -> list[Audited]:
        return [Audited(i, status, inds, (self, n)) for n, (i, status, inds) in enumerate(self.rows)]

    def text(self, n: int) -> str:
        if self._all is None:
            self._all = list(self.texts(range(len(self.rows))))
        return self._all[n]

    def texts(self, wanted: Iterable[int]) -> Iterator[str]:
        """The texts of the checks at ``wanted`` (in increasing order)."""
        import zlib

        chosen = iter(wanted)
        following = next(chosen, None)
        unpacker = zlib.decompressobj()
        n, rest = 0, b""
        step = 1 << 18
        for start in range(0, len(self.blob) + 1, step):
            if following is None:
                return
            piece = self.blob[start : start + step]
            parts = (rest + (unpacker.decompress(piece) if piece else unpacker.flush())).split(b"\x00")
            rest = parts.pop()
            for part in parts:
                if n == following:
                    yield part.decode("utf-8")
                    following = next(chosen, None)
                    if following is None:
                        return
                n += 1


def findings(store: Store, audited: list[Audited]) -> list[Finding]:
    """The checks themselves, for a table (audit(..., text="found"); figures from the store)."""
    encoded = [json.loads(x.text)[0] for x in audited]
    figures = store.figures_by_id({fid for x in encoded for fid in figure_ids(x)})
    return [decode(x, figures) for x in encoded]


class Findings:
    """:func:`findings` for a table, decoded one at a time as they are read (never all of
    them held at once); the sources their inputs quote are known at once."""

    def __init__(self, audited: list[Audited], figures: dict[str, Figure], sources: set[str]) -> None:
        self._audited = audited
        self._figures = figures
        #: the sources of the checks' inputs
        self.sources = sources

    def __len__(self) -> int:
        return len(self._audited)

    def __iter__(self) -> Iterator[Finding]:
        for x in self._audited:
            yield decode(json.loads(x.text)[0], self._figures)


def findings_read(store: Store, audited: list[Audited]) -> Findings:
    """:func:`findings`, read as they are drawn (:class:`Findings`)."""
    wanted: set[str] = set()
    inputs: set[str] = set()
    for x in audited:
        encoded = json.loads(x.text)[0]
        wanted.update(figure_ids(encoded))
        inputs.update(figure_ids(encoded["inputs"]))
    figures = store.figures_by_id(wanted)
    return Findings(audited, figures, {figures[fid].source for fid in inputs})


def _declared(
    store: Store, results: Results, checks: list[Check], entry: Callable[[Any], list[Any]]
) -> tuple[list[list[Any]], list[str]]:
    """Each declared check's entry, kept with the check and its figures; and the keys."""
    from jiexiu_cli.analysis import audit as rules

    store.temp("declared", {fid for c in checks for fid in c.figures})
    parts = dict(store.con.execute("SELECT id, hex(digest) FROM figures WHERE id IN temp.declared"))
    kept = results.kept("audit-check")
    out = []
    new = []
    keys = []
    for c in checks:
        key = results.key("audit-check", c, [parts.get(fid) for fid in c.figures])
        keys.append(key)
        hit = kept.get(c.id)
        if hit is not None and hit[0] == key:
            out.append(json.loads(hit[1]))
            continue
        fb = store.factbase([], list(store.figures_by_id(set(c.figures)).values()), (c,))
        (finding,) = rules.declared(fb)
        made = entry(finding)
        out.append(made)
        new.append((c.id, key, json.dumps(made, ensure_ascii=False)))
    results.keep("audit-check", new, {c.id for c in checks})
    return out, keys
