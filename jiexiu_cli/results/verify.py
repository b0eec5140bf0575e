"""verify's results, kept per article: the source entry, its figures and exclusions (each
figure's id, place and a digest of its fields), the article file's stat (size, mtime,
ctime, inode; kept only for an article last written more than two seconds before, as the
store's racy-clean rule), the paths as the user is shown them, and jiexiu's code."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from jiexiu_cli.results.kept import Results

if TYPE_CHECKING:
    from jiexiu_cli.analysis.verify import Report, SourceResult
    from jiexiu_cli.factbase.store_read import Store

RACY_NS = 2_000_000_000


def verify(store: Store) -> Report:
    from jiexiu_cli.analysis import verify as rules
    from jiexiu_cli.factbase.progress import Progress
    from jiexiu_cli.factbase.text_files import ARTICLE_LIMIT, max_bytes

    limit = max_bytes(ARTICLE_LIMIT)  # an article over it is a problem (and a wrong setting an error, at once)
    sources = store.sources()
    with Results(store) as results:
        digests = store.digests("source")
        kept = results.kept("verify")
        found: list[SourceResult] = []
        new = []
        with Progress("verifying the articles", len(sources), "articles") as progress:
            for s in sources:
                stat, stable = _article_stat(s.text_path)
                # the view: the paths in problems are shown as from the folder jiexiu runs in
                key = results.key(
                    "verify", s, store.shown_path(s.text_path), stat, digests.get(s.file), store.view, limit
                )
                hit = kept.get(s.file)
                if hit is not None and hit[0] == key:
                    result = _verified(hit[1])
                else:
                    result = rules.check_source(
                        s, store.figures("x.source = ?", (s.file,)), store.exclusions("x.source = ?", (s.file,))
                    )
                    if stable:
                        new.append((s.file, key, _verified_text(result)))
                found.append(result)
                progress.advance()
        results.keep("verify", new, {s.file for s in sources})
    ids = [fid for r in found for fid, _ in r.duplicates]
    position = store.positions(ids)
    return rules.assemble(store.counts(), found, position.__getitem__)


def _article_stat(path: Any) -> tuple[Any, bool]:
    """What the article's result depends on of the file itself, without reading it; and
    whether a result may be kept (a regular file last written two seconds ago or more)."""
    import stat
    import time

    try:
        st = os.stat(path)
    except (OSError, ValueError) as e:
        return ("unreadable", type(e).__name__, getattr(e, "errno", None)), False
    regular = stat.S_ISREG(st.st_mode)
    stable = regular and st.st_mtime_ns < time.time_ns() - RACY_NS
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev), stable


def _verified_text(r: SourceResult) -> str:
    c = r.coverage
    return json.dumps(
        {
            "problems": [[p.where, p.message] for p in r.problems],
            "coverage": None if c is None else [c.source, c.tokens, c.by_figures, c.by_exclusions],
            "duplicates": [[fid, p.where, p.message] for fid, p in r.duplicates],
        },
        ensure_ascii=False,
    )


def _verified(text: str) -> SourceResult:
    from jiexiu_cli.analysis.verify import Problem, SourceCoverage, SourceResult

    d = json.loads(text)
    return SourceResult(
        [Problem(w, m) for w, m in d["problems"]],
        None if d["coverage"] is None else SourceCoverage(*d["coverage"]),
        [(fid, Problem(w, m)) for fid, w, m in d["duplicates"]],
    )
