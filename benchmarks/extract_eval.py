"""How well `jiexiu extract` reads each genre: precision, recall, unit, sign and period.

The corpus is tests/data/genres/: documents written for the tests (invented counties and
numbers) in the layouts of the public record (a statistical bulletin with a 单位 table, a
government work report, a forum repost with BBCode and page chrome, an HTML news page
with a table, a Markdown page, a text in Traditional characters, a tab-aligned table).
Beside each, ``NAME.expected.json`` keys every figure by hand: an anchor (a unique
piece of the raw text holding the number), the number as printed, its value (negative
for a fall), its unit as printed and its period; optionally a sixth element, its kind (``rank``,
``target_gap``), scored where given.

    python benchmarks/extract_eval.py                      # the per-genre table (Markdown)
    python benchmarks/extract_eval.py --misses             # and every miss, for debugging
    python benchmarks/extract_eval.py tests/data/heldout   # another corpus (any folder of pairs)

tests/data/heldout/ and tests/data/heldout2/ are corpora of the same form written by someone
who had not read the extractor's rules (their README says how they were keyed): the honest
figures for documents the rules were not written against.

Measures, per genre and in all:

* recall: expected figures offered as a candidate at their position with the right value;
* precision: candidates that are an expected figure;
* unit: found figures whose unit is the one printed;
* sign: falls (negative expected values) read as negative;
* period: found figures with the right period;
* kind: found figures keyed with a kind whose kind is that one.

A figure is found when a candidate's number token covers the first character of the keyed
number (a token may begin at a sign the key leaves out, or span a number split by markup),
with the right value and sign. Units are compared under NFKC (full-width ``％`` is ``%``;
``億元`` is not ``亿元``).
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "genres"
sys.path.insert(0, str(ROOT))


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    candidates: int = 0
    true_candidates: int = 0
    unit_right: int = 0
    falls: int = 0
    falls_right: int = 0
    period_right: int = 0
    kinds: int = 0
    kinds_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k in ("expected", "found", "candidates", "true_candidates", "unit_right", "falls", "falls_right"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.period_right += other.period_right
        self.kinds += other.kinds
        self.kinds_right += other.kinds_right
        self.misses += other.misses

    def row(self, name: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:.1f}% ({a}/{b})" if b else "–"

        return (
            f"| {name} | {self.expected} | {pct(self.found, self.expected)} | "
            f"{pct(self.true_candidates, self.candidates)} | {pct(self.unit_right, self.found)} | "
            f"{pct(self.falls_right, self.falls)} | {pct(self.period_right, self.found)} | "
            f"{pct(self.kinds_right, self.kinds)} |"
        )


def documents(corpus: Path = CORPUS) -> list[tuple[Path, Path]]:
    out = []
    for expected in sorted(corpus.glob("*.expected.json")):
        stem = expected.name[: -len(".expected.json")]
        doc = next(p for p in corpus.iterdir() if p.name.startswith(stem + ".") and p != expected)
        out.append((doc, expected))
    return out


def score(doc: Path, expected_path: Path) -> tuple[str, Score]:
    from jiexiu_cli.analysis.extract.pipeline import extract
    from jiexiu_cli.core.numbers import same_number, tokenize

    data = doc.read_bytes()
    raw = data.decode("utf-8")
    key = json.loads(expected_path.read_text(encoding="utf-8"))
    ex = extract(raw, doc.name, doc.name, hashlib.sha256(data).hexdigest())
    tokens = tokenize(raw)
    spans = [(tokens[i].start, tokens[i].end, c) for c in ex.candidates for i in c.tokens or (c.token,)]
    by_start = {start: c for start, _, c in spans}

    def covering(pos: int) -> object:
        return by_start.get(pos) or next((c for start, end, c in spans if start <= pos < end), None)

    s = Score(candidates=len(ex.candidates))
    matched: set[int] = set()
    for anchor, number, value, unit, period, *kind in key["figures"]:
        at = raw.find(anchor)
        if at < 0 or raw.find(anchor, at + 1) >= 0:
            raise SystemExit(f"{expected_path.name}: anchor {anchor!r} must occur once in {doc.name}")
        pos = at + anchor.index(number)
        want = Decimal(value)
        s.expected += 1
        s.falls += want < 0
        c: Any = covering(pos)
        where = f"{doc.name}: {anchor!r}"
        if c is None or not same_number(want, c.value) or (want < 0) != (c.value < 0):
            got = "nothing" if c is None else f"{c.value} {c.unit!r}"
            s.misses.append(f"{where}: expected {value} {unit!r}, got {got}")
            continue
        s.found += 1
        matched.add(id(c))
        s.falls_right += want < 0
        if unicodedata.normalize("NFKC", c.unit) == unicodedata.normalize("NFKC", unit):
            s.unit_right += 1
        else:
            s.misses.append(f"{where}: unit {c.unit!r}, expected {unit!r}")
        if c.period == period:
            s.period_right += 1
        else:
            s.misses.append(f"{where}: period {c.period!r}, expected {period!r}")
        if kind:
            s.kinds += 1
            if c.kind == kind[0]:
                s.kinds_right += 1
            else:
                s.misses.append(f"{where}: kind {c.kind!r}, expected {kind[0]!r}")
    s.true_candidates = len(matched)
    for c in ex.candidates:
        if id(c) not in matched:
            s.misses.append(f"{doc.name}:{c.line}:{c.column}: not a figure, offered as {c.shown} {c.unit!r}")
    return key["genre"], s


def evaluate(corpus: Path = CORPUS) -> tuple[list[tuple[str, Score]], Score]:
    rows = [score(doc, expected) for doc, expected in documents(corpus)]
    total = Score()
    for _, s in rows:
        total.add(s)
    return rows, total


def table(rows: list[tuple[str, Score]], total: Score) -> str:
    lines = [
        "| genre | figures | recall | precision | unit as printed | falls negative | period right "
        "| kind (where keyed) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [s.row(genre) for genre, s in rows]
    lines.append(total.row("**all**"))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv if not a.startswith("--")] or [CORPUS]
    for n, corpus in enumerate(folders):
        rows, total = evaluate(corpus)
        if len(folders) > 1:
            print(("\n" if n else "") + f"{corpus}:\n")
        print(table(rows, total))
        if "--misses" in argv:
            for _, s in rows:
                for m in s.misses:
                    print(m)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
