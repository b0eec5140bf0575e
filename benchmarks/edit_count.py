"""How many hand edits turn `jiexiu extract --format yaml` into the curated fact-base file.

The scenario (issue 18): a curator has the shipped fact base, except the curated file of
the article (copied to a temporary folder: ``data/`` without that file, and ``seeds/``),
runs ``jiexiu --data TMP extract ARTICLE --format yaml`` and edits what it writes until
the file passes ``verify`` and states what the curated file states.

**What is counted.** Both files are normalised the same way into *field lines*, one per
field of a record, and the two sets are diffed:

* a **figure** is identified by the article token its number is, located by verify's own
  rule (quote, quote_nth, printed or value, nth): two quotes of different extent around the
  same number are the same figure (the quote's extent is a curator's choice; how many
  differ is printed as information, not counted). Its fields: ``indicator``, ``period``,
  ``value``, ``printed``, ``unit``, ``qualifier``, ``qualifier_zh``, ``status``, ``kind``,
  ``place``, ``universe``, ``scope``, ``base_period``, ``basis``, ``fragment``,
  ``fragment_before``, ``additive``, with the loader's defaults filled in on both sides
  (``status`` actual, ``base_period`` of a growth rate the same span a year earlier);
* a **source** is identified by its ``file``; its fields: ``text``, ``sha256``, ``title``,
  ``publisher``, ``date``, ``covers``, ``place``;
* an **indicator** defined by the curated file is paired with the indicator the generated
  file proposes for the same figures (a proposal is a commented block: uncommenting it is
  one edit); its fields: ``id``, ``name_zh``, ``name_en``, ``aliases`` (one field),
  ``topic``;
* an **exclusion** is identified by the token it takes out (verify's rule again); how the
  tokens are grouped into entries (``all: true``) is not counted.

One edit is: one field changed, added or deleted in a record both files have; one record
deleted (a whole block: one edit); one record added (one edit per field written);
uncommenting a proposed indicator block. Free text is not counted: ``note``,
``unit_note``, ``description``, an exclusion's ``reason``, and comments; nor ``id`` of a
figure. A renamed proposed indicator id counts every line that names it (strict).

``--known-indicators`` puts the curated file's indicators into the fact base first (the
next article of a kind the fact base knows); their definitions are then not counted.

Run: ``python benchmarks/edit_count.py`` (the first-quarter article), or
``python benchmarks/edit_count.py seeds/002_a7ce63afe1259d76.txt data/review_2021.yaml``;
``--jiexiu "python -m jiexiu_cli"`` runs another build (``PYTHONPATH=... `` of an older
checkout gives the "before" figure); ``--show`` lists every edit.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIGURE_FIELDS = (
    "indicator",
    "period",
    "value",
    "printed",
    "unit",
    "qualifier",
    "qualifier_zh",
    "status",
    "kind",
    "place",
    "universe",
    "scope",
    "base_period",
    "basis",
    "fragment",
    "fragment_before",
    "additive",
)
SOURCE_FIELDS = ("text", "sha256", "title", "publisher", "date", "covers", "place")
INDICATOR_FIELDS = ("id", "name_zh", "name_en", "aliases", "topic")
_STATUSES = ("estimate", "expected", "target")


def generate(article: Path, curated: Path, jiexiu: list[str], work: Path, known_indicators: bool = False) -> str:
    """The YAML extract writes for ``article`` against the shipped fact base without ``curated``."""
    folder = work / "facts"
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    (folder / "data" / curated.name).unlink()
    if known_indicators:  # the next article of a kind the fact base has: its indicators are defined
        import yaml

        found = yaml.safe_load(curated.read_text(encoding="utf-8")).get("indicators") or []
        (folder / "data" / "known_indicators.yaml").write_text(
            yaml.safe_dump({"indicators": found}, allow_unicode=True), encoding="utf-8"
        )
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    cmd = [*jiexiu, "--data", str(folder), "extract", str(article), "--format", "yaml"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, cwd=work)
    if done.returncode != 0:
        sys.exit(f"extract failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def _records(text: str) -> dict[str, list[dict[str, Any]]]:
    from jiexiu_cli.present.extract_update import read_structure

    return read_structure(text, "<yaml>")[1]


def _proposed(text: str) -> list[dict[str, Any]]:
    """The indicators a generated file proposes in its commented block."""
    import yaml

    block = re.findall(r"(?m)^#(   - id: .*\n(?:#     .*\n)*)", text)
    out = []
    for b in block:
        data = yaml.safe_load(re.sub(r"(?m)^#", "", b))
        out += data if isinstance(data, list) else []
    return out


def _default_base(period: str, kind: str) -> str | None:
    from jiexiu_cli.core import periods

    try:
        p = periods.parse(period)
    except periods.PeriodError:
        return None
    return str(p.shifted(-1)) if kind == "growth_rate" and p.kind != "years" else None


def _figure_fields(rec: dict[str, Any]) -> dict[str, str]:
    out = {k: str(rec[k]) for k in FIGURE_FIELDS if k in rec and rec[k] not in (None, "")}
    q = out.get("qualifier", "")
    out.setdefault("status", q if q in _STATUSES else "actual")
    base = _default_base(out.get("period", ""), out.get("kind", ""))
    if base is not None:
        out.setdefault("base_period", base)
    if "indicator" not in out:
        out["indicator"] = '""'
    return out


def _token_of(text: str, tokens: list[Any], rec: dict[str, Any]) -> int | None:
    from jiexiu_cli.analysis.locate import locate

    shown = rec.get("printed") or rec.get("value")
    nth = int(rec.get("nth", 1))
    qn = int(rec["quote_nth"]) if "quote_nth" in rec else None
    found = locate(text, tokens, str(rec.get("quote", "")), qn, str(shown), nth)
    return None if isinstance(found, str) else found[1][0]


def _excluded(text: str, recs: list[dict[str, Any]]) -> set[int]:
    from jiexiu_cli.analysis.extract.mark import excluded_by
    from jiexiu_cli.core.model import Exclusion, Location

    ex = [
        Exclusion(
            source="",
            context=str(r["context"]),
            reason="",
            at=Location("", 0, 0),
            text=r.get("text"),
            context_nth=int(r["context_nth"]) if "context_nth" in r else None,
            nth=int(r.get("nth", 1)),
            all=str(r.get("all", "")).lower() == "true",
        )
        for r in recs
    ]
    return set(excluded_by(text, ex))


def count(
    generated: str, curated: str, article: str, known_indicators: bool = False
) -> tuple[int, list[str], dict[str, int]]:
    """(edits, what each is, information) from the generated YAML to the curated one."""
    from jiexiu_cli.core.numbers import tokenize

    tokens = tokenize(article)
    gen, cur = _records(generated), _records(curated)
    edits: list[str] = []
    info: Counter[str] = Counter()

    # sources
    gsrc = {s["file"]: s for s in gen.get("sources", [])}
    for s in cur.get("sources", []):
        g = gsrc.get(s["file"])
        if g is None:
            edits += [f"source {s['file']}: add {k}" for k in ("file", *SOURCE_FIELDS) if k in s]
            continue
        for k in SOURCE_FIELDS:
            a, b = g.get(k), s.get(k)
            if str(a) != str(b):
                edits.append(f"source {s['file']}: {k} {a!r} -> {b!r}")

    # figures, by token
    gfig = {_token_of(article, tokens, r): r for r in gen.get("figures", [])}
    cfig = {_token_of(article, tokens, r): r for r in cur.get("figures", [])}
    for t, c in cfig.items():
        g = gfig.get(t)
        cf = _figure_fields(c)
        if g is None:
            edits += [f"figure {c.get('quote')!r}: add {k}" for k in cf]
            continue
        if g.get("quote") != c.get("quote"):
            info["quotes of another extent (not counted)"] += 1
        gf = _figure_fields(g)
        for k in sorted(set(cf) | set(gf)):
            if cf.get(k) != gf.get(k):
                what = f"figure {c.get('printed') or c.get('value')} ({c.get('quote')})"
                edits.append(f"{what}: {k} {gf.get(k)!r} -> {cf.get(k)!r}")
    for t, g in gfig.items():
        if t not in cfig:
            edits.append(f"figure {g.get('printed') or g.get('value')} ({g.get('quote')}): delete")

    # indicators the curated file defines, against the proposals for the same figures
    proposed = {p.get("id"): p for p in _proposed(generated)}
    for ind in [] if known_indicators else cur.get("indicators", []):
        theirs = [gfig[t].get("indicator") for t, c in cfig.items() if c.get("indicator") == ind["id"] and t in gfig]
        pick = Counter(theirs).most_common(1)[0][0] if theirs else None
        p = proposed.get(pick)
        if p is None:
            edits += [f"indicator {ind['id']}: add {k}" for k in INDICATOR_FIELDS if k in ind]
            continue
        edits.append(f"indicator {ind['id']}: uncomment the proposed block {pick}")
        for k in INDICATOR_FIELDS:
            a, b = p.get(k) or None, ind.get(k) or None
            if (a if not isinstance(a, list) else sorted(a)) != (b if not isinstance(b, list) else sorted(b)):
                edits.append(f"indicator {ind['id']}: {k} {a!r} -> {b!r}")

    # exclusions, by token
    gx, cx = _excluded(article, gen.get("exclusions", [])), _excluded(article, cur.get("exclusions", []))
    edits += [f"exclusion of token {tokens[t].text!r} at {tokens[t].start}: add" for t in sorted(cx - gx)]
    edits += [f"exclusion of token {tokens[t].text!r} at {tokens[t].start}: delete" for t in sorted(gx - cx)]
    info["figures curated"] = len(cfig)
    info["figures offered"] = len(gfig)
    return len(edits), edits, dict(info)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("article", nargs="?", default=str(ROOT / "seeds" / "jiexiu-2022q1.txt"))
    ap.add_argument("curated", nargs="?", default=str(ROOT / "data" / "quarter_2022q1.yaml"))
    ap.add_argument("--jiexiu", default=f"{shlex.quote(sys.executable)} -m jiexiu_cli", help="the command to run")
    ap.add_argument("--show", action="store_true", help="list every edit")
    ap.add_argument(
        "--known-indicators",
        action="store_true",
        help="the curated file's indicators are in the fact base already (the next article of a known kind)",
    )
    args = ap.parse_args()
    article, curated = Path(args.article).resolve(), Path(args.curated).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        generated = generate(article, curated, shlex.split(args.jiexiu), Path(tmp), args.known_indicators)
    curated_text, article_text = curated.read_text(encoding="utf-8"), article.read_text(encoding="utf-8")
    n, edits, info = count(generated, curated_text, article_text, args.known_indicators)
    if args.show:
        for e in edits:
            print(f"  {e}")
    kinds = Counter(re.sub(r"^(\w+).*?: (\w+).*$", r"\1 \2", e) for e in edits)
    print(f"{article.name} -> {curated.name}: {n} hand edits")
    print("  by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))
    print("  " + ", ".join(f"{k}: {v}" for k, v in info.items()))


if __name__ == "__main__":
    main()
