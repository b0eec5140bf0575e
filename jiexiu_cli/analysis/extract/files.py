"""Articles read for extract: a file or standard input, checked as the loader checks
articles (size, encoding, one read of a pipe), then extracted and marked. The one place
extract touches files."""

from __future__ import annotations

from collections.abc import Callable

from jiexiu_cli.analysis.extract.mark import mark_in
from jiexiu_cli.analysis.extract.model import Extraction
from jiexiu_cli.analysis.extract.pipeline import extract
from jiexiu_cli.core.model import FactBase


def read_article(path: str) -> tuple[str, str, str, str]:
    """(name, shown path, sha256, text) of an article file, or of standard input for '-'.

    The errors are the loader's: a missing file, a folder, a device, GBK, UTF-16 or binary
    data, more than the article size limit (standard input and pipes too) are each one
    DataError line. A pipe (``<(…)``, ``-``) is read, once.
    """
    import hashlib
    from pathlib import Path

    from jiexiu_cli.factbase.data_path import display_path
    from jiexiu_cli.factbase.text_files import ARTICLE_LIMIT, decode_utf8, read_bytes, read_stdin

    if path == "-":
        data = read_stdin("text file", ARTICLE_LIMIT)
        return "stdin", "<stdin>", hashlib.sha256(data).hexdigest(), decode_utf8(data, "<stdin>")
    p = Path(path)
    data = read_bytes(p, "text file", limit=ARTICLE_LIMIT, pipes=True)  # once: a pipe cannot be read twice
    return p.name, display_path(p), hashlib.sha256(data).hexdigest(), decode_utf8(data, display_path(p))


def extract_file(path: str, period: str | None, fb: FactBase | None) -> Extraction:
    """Read and extract one article. Its period: ``period`` if given (any spelling
    ``periods.parse`` reads: 2021, 2021-2025, 2022Q1, 2022年一季度), else what the fact
    base records for the same article (same sha256), else what the text says of itself."""
    from jiexiu_cli.core import periods
    from jiexiu_cli.core.errors import UsageError

    if period is not None:
        try:
            period = str(periods.parse(period))
        except periods.PeriodError as e:
            raise UsageError(f"--period must be a period ({periods.GRAMMAR}): {e}") from None
    name, shown, sha, text = read_article(path)
    year = None
    known = [s for s in fb.sources if s.sha256 == sha] if fb is not None else []
    if known:
        period = period or known[0].covers
        year = int(known[0].date[:4]) if known[0].date[:4].isdigit() else None
    return extract(text, name, shown, sha, period, year)


def extract_files(
    paths: list[str], period: str | None, fb: FactBase | None, facts_for: Callable[[str], FactBase] | None = None
) -> list[Extraction]:
    """Every article, refused when two of them share a file name: the name is the source
    id of the fact base, and two sources cannot have one id. ``facts_for``: the fact base
    to mark an article's candidates against, given its text (where ``fb`` holds only the
    sources: a store hands over just the figures whose quote the text holds)."""
    from pathlib import PurePath

    from jiexiu_cli.core.errors import UsageError

    seen: dict[str, str] = {}
    for path in paths:
        name = "stdin" if path == "-" else PurePath(path).name
        if name in seen and seen[name] != path:
            raise UsageError(
                f"{seen[name]} and {path} have the same file name {name!r}, which is a source's id: rename one"
            )
        seen[name] = path
    out = []
    for path in dict.fromkeys(paths):
        ex = extract_file(path, period, fb)
        out.append(mark_in(facts_for(ex.text) if facts_for is not None and fb is not None else fb, ex))
    return out
