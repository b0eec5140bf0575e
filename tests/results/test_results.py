"""verify, audit and compare keep their results beside the store and redo only what an
edit made necessary: what they answer is always what computing it all afresh answers."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from jiexiu_cli.analysis import audit as audit_rules
from jiexiu_cli.analysis import verify as verify_rules
from jiexiu_cli.analysis.compare import comparable_pairs
from jiexiu_cli.factbase import store
from jiexiu_cli.factbase.data_path import cache_dir, shipped_data
from jiexiu_cli.factbase.loader import load
from jiexiu_cli.results import audit as results_audit
from jiexiu_cli.results import compare as results_compare
from jiexiu_cli.results import verify as results_verify
from tests.conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth


class Counted:
    """Counts calls of a function of a module (how much work a command did)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.calls = 0
        real = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    def take(self) -> int:
        n, self.calls = self.calls, 0
        return n


def old_enough(folder: Path) -> None:
    """Articles written two hours ago (a result is kept only for an article written more than two seconds before)."""
    past = 1_000_000_000  # 2001: long before any build
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


@pytest.fixture(autouse=True)
def here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches computed in this process, where the tests count them (worker processes:
    test_batches_shared_out_to_workers_answer_the_same)."""
    from jiexiu_cli.results import kept

    monkeypatch.setattr(kept, "PARALLEL_BATCHES", 10**9)


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """1,000 synthetic figures in three articles, a fourth that restates the first (so two
    articles state the same quantities), and the shipped fact base."""
    root = tmp_path / "facts"
    synth.synthesize(1000, root, seed=5)
    articles = root / "articles"
    shutil.copy(articles / "synth_00000.txt", articles / "synth_00010.txt")
    yaml = (articles / "synth_00000.yaml").read_text(encoding="utf-8")
    (articles / "synth_00010.yaml").write_text(yaml.replace("synth_00000.txt", "synth_00010.txt"), encoding="utf-8")
    old_enough(root)
    return root


def report(path: Path) -> Any:
    return store.answer(path, results_verify.verify)


def test_verify_as_the_whole_fact_base_does_then_from_what_it_kept(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = verify_rules.verify(load(facts))
    sources = len(load(facts).sources)
    checked = Counted(monkeypatch, verify_rules, "check_source")
    assert report(facts) == expected
    assert checked.take() == sources
    assert report(facts) == expected
    assert checked.take() == 0


def test_an_edited_figure_rechecks_its_article_only(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report(facts)
    checked = Counted(monkeypatch, verify_rules, "check_source")
    yaml = facts / "articles" / "synth_00000.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("qualifier: exact", "qualifier: about", 1), "utf-8")
    got = report(facts)
    assert checked.take() == 1
    assert got == verify_rules.verify(load(facts))


def test_a_changed_article_is_checked_again(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = report(facts)
    assert before.ok
    article = facts / "articles" / "synth_00001.txt"
    article.write_bytes(article.read_bytes().replace("。".encode(), "；".encode(), 1))
    after = report(facts)
    assert not after.ok and after == verify_rules.verify(load(facts))
    assert any("synth_00001.txt has changed" in p.message for p in after.problems)


def test_an_article_written_just_now_is_not_kept(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the racy window its stat could hide an edit: it is checked every time."""
    monkeypatch.setattr(results_verify, "RACY_NS", 3600 * 10**9)  # "just now": within the hour
    os.utime(facts / "articles" / "synth_00002.txt")
    report(facts)
    checked = Counted(monkeypatch, verify_rules, "check_source")
    report(facts)
    assert checked.take() == 1


@pytest.mark.parametrize("name", ["sha_mismatch", "claimed_twice", "duplicate_figure", "uncovered", "quote_missing"])
def test_the_problems_of_a_failing_fact_base_are_the_same(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = DATA / "verify" / f"{name}.yaml"
    expected = verify_rules.verify(load(path))
    assert not expected.ok
    assert report(path) == expected
    assert report(path) == expected


def audited(path: Path, indicators: set[str] | None = None) -> Any:
    """The checks, as a table gets them; and their JSON, as kept."""
    return store.answer(path, lambda s: _both(s, indicators))


def _both(s: store.Store, indicators: set[str] | None) -> Any:
    from jiexiu_cli.present.render_json import json_list, to_json
    from jiexiu_cli.present.views_audit import finding_record

    found = results_audit.findings(s, results_audit.audit(s, indicators, "found"))
    kept = results_audit.audit(s, indicators, "json")
    expected = to_json([finding_record(x) for x in found])
    assert "".join(json_list(x.text for x in kept)) == expected
    assert "".join(json_list(results_audit.texts(kept))) == expected
    spill, results_audit.SPILL = results_audit.SPILL, 0  # the texts of a long list go through a file, in order
    try:
        assert "".join(json_list(results_audit.texts(kept))) == expected
    finally:
        results_audit.SPILL = spill
    assert [(x.id, x.status) for x in kept] == [(x.id, x.status) for x in found]
    return found


def test_audit_as_the_whole_fact_base_does_then_from_what_it_kept(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fb = load(facts)
    expected = audit_rules.audit(fb)
    assert len({x.rule for x in expected}) >= 6  # sum, within, same, implied, stated multiple, same quantity ...
    derived = Counted(monkeypatch, audit_rules, "derived_checks")
    assert audited(facts) == expected
    assert derived.take() >= 1
    assert audited(facts) == expected
    assert derived.take() == 0
    some = {"gdp", next(x.inputs[0].indicator for x in expected if x.rule == "same-quantity")}
    assert audited(facts, some) == audit_rules.audit(fb, some)


def test_audit_puts_indicators_checks_in_the_order_of_the_whole(facts: Path) -> None:
    """Derived checks are listed family by family in the order of the fact base's figures
    (as audit listed them before it computed them indicator by indicator)."""
    fb = load(facts)
    pairs = audit_rules.declared_pairs(fb.checks)
    listed = [
        *audit_rules.declared(fb),
        *audit_rules.implied_baselines(fb),
        *audit_rules.stated_multiples(fb),
        *audit_rules.same_quantities(fb, pairs),
        *audit_rules.growth_bases(fb),
    ]
    assert audit_rules.audit(fb) == listed
    indicators = {f.indicator for f in fb.figures}
    assert len(indicators) > 20 and audited(facts) == listed


def test_an_edit_reaudits_only_its_indicators(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    audited(facts)
    yaml = facts / "articles" / "synth_00000.yaml"
    text = yaml.read_text(encoding="utf-8")
    first = text.index("indicator: ") + len("indicator: ")
    indicator = text[first : text.index("\n", first)]
    yaml.write_text(text.replace('value: "', 'value: "1', 1), encoding="utf-8")
    computed: list[set[str]] = []
    real = audit_rules.derived_checks

    def spy(fb: Any, pairs: Any) -> Any:
        computed.append({i.id for i in fb.indicators})
        return real(fb, pairs)

    monkeypatch.setattr(audit_rules, "derived_checks", spy)
    got = audited(facts)
    assert computed == [{indicator}, {indicator}]  # the checks for a table, then their JSON texts
    assert got == audit_rules.audit(load(facts))


def _whole_json(facts: Path) -> str:
    from jiexiu_cli.present.render_json import json_list

    return store.answer(facts, lambda s: "".join(json_list(results_audit.texts(results_audit.audit(s, None)))))


def _fresh_json(facts: Path) -> str:
    from jiexiu_cli.present.render_json import to_json
    from jiexiu_cli.present.views_audit import finding_record

    return to_json([finding_record(x) for x in audit_rules.audit(load(facts))])


def test_the_whole_list_kept_follows_the_files_order(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole audit is kept as one list in the fact base's order: a warm run reads it
    alone; files that change places make it anew, in the new order."""
    expected = _fresh_json(facts)
    assert _whole_json(facts) == expected
    opened = Counted(monkeypatch, results_audit, "unpack_texts")
    assert _whole_json(facts) == expected
    assert opened.take() == 0  # the indicators' texts stay shut
    articles = facts / "articles"
    (articles / "synth_00000.yaml").rename(articles / "zz_moved_last.yaml")
    expected = _fresh_json(facts)
    assert _whole_json(facts) == expected
    assert opened.take() > 0
    assert _whole_json(facts) == expected


def test_compare_as_the_whole_fact_base_does_then_from_what_it_kept(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jiexiu_cli.analysis.compare as compare_rules

    fb = load(facts)
    expected = comparable_pairs(fb)
    assert expected
    made = Counted(monkeypatch, compare_rules, "comparable_pairs")
    assert store.answer(facts, lambda s: results_compare.compare(s, None)) == expected
    assert made.take() >= 1
    assert store.answer(facts, lambda s: results_compare.compare(s, None)) == expected
    assert made.take() == 0
    gdp = [fb.indicator_by_id["gdp"], fb.indicator_by_id["gdp"]]
    assert store.answer(facts, lambda s: results_compare.compare(s, gdp)) == comparable_pairs(fb, gdp)


def _compare_json(facts: Path, chosen: Any, period: str | None, place: str | None) -> tuple[str, str, list[str]]:
    """compare's JSON made from the pairs, and as kept (with the indicator of each pair)."""
    from jiexiu_cli.present.render_json import json_list, to_json
    from jiexiu_cli.present.views_compare import comparison_record

    pairs = store.answer(facts, lambda s: results_compare.compare(s, chosen, period, place and s.place(place)))
    kept = store.answer(facts, lambda s: results_compare.compare_texts(s, chosen, period, place and s.place(place)))
    assert kept.indicators == [c.indicator.id for c in pairs]
    text = "".join(json_list(kept.texts()))
    assert b"".join(kept.json()).decode("utf-8") == text  # each indicator's texts joined as the list joins them
    return to_json([comparison_record(c) for c in pairs]), text, kept.indicators


@pytest.mark.parametrize(
    ("period", "place"), [(None, None), ("2022", None), ("2021", "介休市"), (None, "介休市"), ("1999", None)]
)
def test_compare_json_as_kept_is_the_json_of_its_pairs(facts: Path, period: str | None, place: str | None) -> None:
    """--format json writes the records kept as text: the same bytes, narrowed alike."""
    fb = load(facts)
    made, kept, indicators = _compare_json(facts, None, period, place)
    assert kept == made
    assert kept == _compare_json(facts, None, period, place)[1]  # the second time from what was kept
    if period is None and place is None:
        assert len(indicators) == len(comparable_pairs(fb)) > 0
    gdp = [fb.indicator_by_id["gdp"], fb.indicator_by_id["gdp"]]  # named twice: listed twice, as before
    made, kept, _ = _compare_json(facts, gdp, period, place)
    assert kept == made


def _results_file() -> Path:
    (found,) = cache_dir().glob("store-*.sqlite.results")
    return found


@pytest.mark.parametrize("damage", ["garbage", "empty", "foreign"])
def test_a_damaged_or_foreign_results_file_is_not_believed(facts: Path, damage: str) -> None:
    expected = verify_rules.verify(load(facts))
    report(facts)
    path = _results_file()
    if damage == "foreign":
        with sqlite3.connect(path) as con:  # a result whose key matches nothing of this fact base
            con.execute('UPDATE results SET value = \'{"problems": [["x", "planted"]]}\'')
            con.execute("UPDATE results SET key = 'not a key'")
        con.close()
    else:
        path.write_bytes(b"" if damage == "empty" else b"not sqlite" * 100)
    assert report(facts) == expected
    assert report(facts) == expected


def test_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    fb = load(shipped_data())
    assert report(shipped_data()) == verify_rules.verify(fb)
    assert audited(shipped_data()) == audit_rules.audit(fb)
    assert store.answer(shipped_data(), lambda s: results_compare.compare(s, None)) == comparable_pairs(fb)


@pytest.mark.parametrize(("period", "place"), [(None, None), ("2022", None), (None, "介休市"), ("1999", None)])
def test_compare_pairs_read_as_drawn_are_the_pairs(
    facts: Path, monkeypatch: pytest.MonkeyPatch, period: str | None, place: str | None
) -> None:
    """A table reads compare's pairs one indicator at a time (results_compare.pairs): the
    same pairs, in order, and the same view, made as they are read; what the view needs
    first (each pair's indicator, whether any sets two places against each other) known at once."""
    from jiexiu_cli.present.views_compare import compare_view

    def ask(s: Any) -> Any:
        where = place and s.place(place)
        return results_compare.compare(s, None, period, where), results_compare.pairs(s, None, period, where)

    whole, read = store.answer(facts, ask)
    assert read.indicators == [c.indicator.id for c in whole] and len(read) == len(whole)
    assert read.across == any(c.relation == "place-to-place" for c in whole)
    unpacked = Counted(monkeypatch, results_compare, "unpack")
    first = next(iter(read), None)
    assert unpacked.take() == (1 if whole else 0)  # one indicator's pairs decoded, not all
    assert first == (whole[0] if whole else None)
    assert list(read) == whole
    assert unpacked.take() > 1 or len(set(read.indicators)) <= 1
    lazy = compare_view(read, across=read.across)
    made = compare_view(whole)
    assert (lazy.rows, lazy.footnotes, lazy.title) == (made.rows, made.footnotes, made.title)


@pytest.mark.parametrize("batch", [1, 7, 2000])
def test_audit_findings_read_as_drawn_are_the_findings(
    facts: Path, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table reads audit's checks one at a time (results_audit.findings_read), and the
    figures they name a batch of checks at a time: the same findings and the same view, the
    sources their inputs quote known at once."""
    from jiexiu_cli.factbase.store_read import Store
    from jiexiu_cli.present.views_audit import audit_view

    monkeypatch.setattr(results_audit, "FIGURES_BATCH", batch)

    def ask(s: Any) -> Any:
        audited = results_audit.audit(s, None, "found")
        return results_audit.findings(s, audited), results_audit.findings_read(s, audited)

    whole, read = store.answer(facts, ask)
    assert len(whole) > 1 and len(read) == len(whole)
    assert read.sources == {f.source for x in whole for f in x.inputs}
    decoded = Counted(monkeypatch, results_audit, "decode")
    it = iter(read)
    assert next(it) == whole[0] and decoded.take() == 1  # made as it is read
    assert [whole[0], *it] == whole
    reads = Counted(monkeypatch, Store, "figures_by_id")
    assert list(read) == whole  # read again (a table reads its rows twice), a batch at a time
    assert reads.take() == -(-len(whole) // batch)
    lazy = audit_view(read, sources=read.sources)
    made = audit_view(whole)
    assert (lazy.rows, lazy.footnotes, lazy.title) == (made.rows, made.footnotes, made.title)


@pytest.mark.parametrize("spills", [True, False])
def test_a_table_draws_what_was_read_though_the_results_file_changes(
    facts: Path, monkeypatch: pytest.MonkeyPatch, spills: bool
) -> None:
    """A table's checks and pairs are read from the results file before it is drawn, and
    drawn from a temporary file (or, where none can be made, as held): every result in the
    results file gone meanwhile, they are drawn as they were read."""
    import tempfile

    from jiexiu_cli.results.kept import Results

    monkeypatch.setattr(results_audit, "OPEN", 1)  # texts read again as the checks are drawn
    if not spills:

        def refused(*args: Any, **kwargs: Any) -> Any:
            raise OSError("no temporary folder")

        monkeypatch.setattr(tempfile, "TemporaryFile", refused)

    def ask(s: Any) -> Any:
        results_compare.pairs(s, None)  # computed and kept
        expected = results_audit.findings(s, results_audit.audit(s, None, "found")), results_compare.compare(s, None)
        audited, pairs = results_audit.audit(s, None, "found"), results_compare.pairs(s, None)
        path = Results(s).path
        assert path is not None
        with sqlite3.connect(path) as con:
            assert con.execute("SELECT count(*) FROM results").fetchone()[0] > 0
            con.execute("DELETE FROM results")
        con.close()
        return expected, (list(results_audit.findings_read(s, audited)), list(pairs))

    expected, drawn = store.answer(facts, ask)
    assert len(expected[0]) > 1 and len(expected[1]) > 1
    assert drawn == expected


def test_audit_keeps_each_batch_as_soon_as_it_is_made(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the first audit holds at once is one batch of indicators, whatever the fact
    base's size: each batch's results are written as soon as they are made, none held."""
    from jiexiu_cli.results import kept

    monkeypatch.setattr(kept, "BATCH", 7)
    written: list[dict[str, int]] = []
    keep_all = kept.Results.keep_all

    def spy(self: kept.Results, kinds: Any, scopes: Any = None) -> bool:
        kinds = [(kind, list(rows)) for kind, rows in kinds]
        if any(kind in results_audit.AUDIT for kind, _ in kinds):
            written.append({kind: len(rows) for kind, rows in kinds})
        return keep_all(self, kinds, scopes)

    monkeypatch.setattr(kept.Results, "keep_all", spy)
    made: list[kept.PerIndicator] = []
    compute = kept.PerIndicator.compute

    def computing(self: kept.PerIndicator, ids: list[str], *args: Any) -> int:
        made.append(self)
        batches = compute(self, ids, *args)
        assert batches == len(written) == -(-len(ids) // 7) > 3
        return batches

    monkeypatch.setattr(kept.PerIndicator, "compute", computing)
    assert _whole_json(facts) == _fresh_json(facts)
    (per,) = made
    assert all(n == {"audit": 7, "audit-json": 7} for n in written[:-1])  # JSON: never the checks themselves
    assert per.fresh == {kind: {} for kind in results_audit.AUDIT}  # nothing held: read back from the file


def test_the_whole_list_is_kept_and_read_in_pieces(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole audit's texts are kept in pieces and written out a piece at a time (never
    held whole); where they cannot be kept they are held, and the answer is the same."""
    monkeypatch.setattr(results_audit, "PIECE", 2000)
    expected = _fresh_json(facts)
    assert _whole_json(facts) == expected
    with sqlite3.connect(_results_file()) as con:
        (pieces,) = con.execute("SELECT count(*) FROM results WHERE kind = 'audit-list-json'").fetchone()
    con.close()
    assert pieces > 10
    opened = Counted(monkeypatch, results_audit, "unpack_texts")
    derived = Counted(monkeypatch, audit_rules, "derived_checks")
    for _ in range(2):  # read from the file, which each run lets go of for the next
        assert _whole_json(facts) == expected
        assert opened.take() == 0 and derived.take() == 0
    monkeypatch.setattr(results_audit._Listed, "_reading", classmethod(lambda *args: None))
    with sqlite3.connect(_results_file()) as con:
        con.execute("DELETE FROM results WHERE kind LIKE 'audit-list%'")
    con.close()
    assert _whole_json(facts) == expected  # made again, held in memory


def test_batches_shared_out_to_workers_answer_the_same(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where there are several cores, the batches of a first run are computed in worker
    processes (forked, each with its own connection to the store): the answers and what
    is kept are those computed here."""
    from jiexiu_cli.results import kept

    monkeypatch.setattr(kept, "BATCH", 5)
    monkeypatch.setattr(kept, "PARALLEL_BATCHES", 2)
    monkeypatch.setattr(kept.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # (pytest-xdist's worker has threads)
    asked: list[tuple[int, int]] = []  # (batches, workers) of each computation
    real = kept._workers
    monkeypatch.setattr(kept, "_workers", lambda n, *args: asked.append((n, real(n, *args))) or asked[-1][1])
    assert _whole_json(facts) == _fresh_json(facts)
    pairs = store.answer(facts, lambda s: results_compare.compare(s, None))
    assert pairs == comparable_pairs(load(facts))
    assert len(asked) == 2 and all(n >= 2 and workers == 2 for n, workers in asked)
    asked.clear()
    assert _whole_json(facts) == _fresh_json(facts)  # then from what was kept
    assert store.answer(facts, lambda s: results_compare.compare(s, None)) == pairs
    assert asked == [(0, 1)]  # nothing computed again (audit read its whole list, compare its pairs)


def test_a_host_with_threads_of_its_own_is_never_forked(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library called from a program with threads (a notebook's kernel): a fork would
    copy their locks as they are at that instant, so the batches are computed in-process."""
    from jiexiu_cli.results import kept

    monkeypatch.setattr(kept, "BATCH", 5)
    monkeypatch.setattr(kept, "PARALLEL_BATCHES", 2)
    monkeypatch.setattr(kept.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    counted = threading.active_count
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    db = store.answer(facts, lambda s: s)  # the store built, not used beyond its path
    assert kept._workers(10, db) == 2  # the main thread alone
    monkeypatch.setattr(threading, "active_count", counted)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert kept._workers(10, db) == 1
        assert _whole_json(facts) == _fresh_json(facts)  # and the answer is the same
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "ascii"])
def test_compare_json_is_written_as_kept_whatever_stdout_encodes(
    facts: Path, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """compare --format json writes its UTF-8 as it is kept where stdout writes UTF-8, and
    decoded where it writes another encoding (as any other text: backslashes for what the
    encoding cannot hold)."""
    import io

    from jiexiu_cli.cli.edge import write_utf8

    kept = store.answer(facts, lambda s: results_compare.compare_texts(s, None))
    text = b"".join(kept.json()).decode("utf-8")
    assert "地区生产总值" in text
    out = io.BytesIO()
    stream = io.TextIOWrapper(out, encoding=encoding, errors="backslashreplace")
    monkeypatch.setattr(sys, "stdout", stream)
    write_utf8(kept.json(), size=1000)
    stream.flush()
    assert out.getvalue() == text.encode(encoding, "backslashreplace")


def test_each_form_of_the_results_is_computed_when_it_is_asked_for(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--format json computes and keeps JSON texts alone, a table the records alone: a
    first run makes only what it writes out; the other form is made when it is asked for."""

    def kinds() -> dict[str, int]:
        with sqlite3.connect(_results_file()) as con:
            found = dict(con.execute("SELECT kind, count(*) FROM results GROUP BY kind"))
        con.close()
        return found

    assert _whole_json(facts) == _fresh_json(facts)
    pairs = store.answer(facts, lambda s: "".join(json_list_of(results_compare.compare_texts(s, None))))
    assert "audit-found" not in kinds() and "compare-found" not in kinds()
    assert kinds()["audit-json"] == kinds()["audit"] > 20 and kinds()["compare-json"] == kinds()["compare"] > 20
    expected = audit_rules.audit(load(facts))
    derived = Counted(monkeypatch, audit_rules, "derived_checks")
    assert audited(facts) == expected  # the checks for a table: computed now, then kept
    assert derived.take() >= 1 and kinds()["audit-found"] == kinds()["audit"]
    assert audited(facts) == expected
    assert derived.take() == 0
    assert store.answer(facts, lambda s: results_compare.compare(s, None)) == comparable_pairs(load(facts))
    assert kinds()["compare-found"] == kinds()["compare"]
    assert store.answer(facts, lambda s: "".join(json_list_of(results_compare.compare_texts(s, None)))) == pairs


def json_list_of(kept: Any) -> list[str]:
    from jiexiu_cli.present.render_json import json_list

    return list(json_list(kept.texts()))
