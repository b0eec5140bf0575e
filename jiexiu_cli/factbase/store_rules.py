"""The rules across a fact base's files, run in SQL over the compiled store: the one
validator (:func:`every_problem`), and, for an update, whether what it changed can have
broken one (:class:`Changes`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.factbase.store_digests import Digests
from jiexiu_cli.factbase.store_schema import temp_values

#: the fact-base file ``k`` as the user is shown it
Shown = Callable[[int], str]


class Changes:
    """What an update changed, for the rules across files to look at only that: the files
    it read (``new``), the keys the files it dropped held, and whether the store was valid
    before (if it was, a rule it now breaks involves a changed row or a key gone)."""

    def __init__(self, con: sqlite3.Connection, dropped: list[int]) -> None:
        self.con = con
        self.digests = Digests(con, remember=True)
        self.new: set[int] = set()
        row = con.execute("SELECT value FROM meta WHERE key = 'error'").fetchone()
        self.valid_before = row is not None and row[0] == ""
        temp_values(con, "dropped_files", dropped)
        dropped_rows = "WHERE k IN (SELECT v FROM temp.dropped_files)"
        self.gone = {
            "indicator": {i for (i,) in con.execute(f"SELECT id FROM indicators {dropped_rows}")},
            "source": {s for (s,) in con.execute(f"SELECT file FROM sources {dropped_rows}")},
            "period": {p for (p,) in con.execute(f"SELECT DISTINCT period FROM figures {dropped_rows}")},
        }

    def periods_changed(self) -> bool:
        """Whether a period came or went (else the periods' order stands)."""
        con = self.con
        came = "SELECT 1 FROM figures x WHERE x.k IN (SELECT v FROM temp.new_files)"
        if con.execute(f"{came} AND x.period NOT IN (SELECT period FROM periods) LIMIT 1").fetchone():
            return True
        return any(
            not con.execute("SELECT 1 FROM figures WHERE period = ? LIMIT 1", (p,)).fetchone()
            for p in self.gone["period"]
        )

    def suspect(self) -> bool:
        """Whether a rule across files may be broken by this update (then every rule is
        checked, to find the first break in file order)."""
        con = self.con
        new = "k IN (SELECT v FROM temp.new_files)"
        for table, key in (("sources", "file"), ("indicators", "id")):
            if con.execute(
                f"SELECT 1 FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE {new})"
                f" GROUP BY {key} HAVING count(*) > 1 LIMIT 1"
            ).fetchone():
                return True
        if con.execute(
            "SELECT 1 FROM figures WHERE id IN (SELECT id FROM figures WHERE"
            f" {new} OR base IN (SELECT v FROM temp.bases)) GROUP BY id HAVING count(*) > 1 LIMIT 1"
        ).fetchone():
            return True
        unknown_indicator = "indicator NOT IN (SELECT id FROM indicators)"
        unknown_source = "source NOT IN (SELECT file FROM sources)"
        queries = [
            f"SELECT 1 FROM figures WHERE {new} AND ({unknown_indicator} OR {unknown_source})",
            f"SELECT 1 FROM exclusions WHERE {new} AND {unknown_source}",
        ]
        for kind, column, tables in (
            ("indicator", "indicator", ("figures",)),
            ("source", "source", ("figures", "exclusions")),
        ):
            if self.gone[kind]:
                temp_values(con, f"gone_{kind}", self.gone[kind])
                queries += [
                    f"SELECT 1 FROM {t} WHERE {column} IN (SELECT v FROM temp.gone_{kind}) AND "
                    f"{unknown_indicator if kind == 'indicator' else unknown_source}"
                    for t in tables
                ]
        if any(con.execute(q + " LIMIT 1").fetchone() for q in queries):
            return True
        if not any(con.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in ("sources", "indicators", "figures")):
            return True
        for kind in ("source", "indicator", "figure"):
            temp_values(con, f"broken_{kind}", ())  # the store was valid: no record is a problem
        never: Shown = str  # a message is not asked for here, only whether there is one
        return bool(_twice(con, "checks", "id", "check id", never) or _unknown_check_figures(con))


def every_problem(
    con: sqlite3.Connection, shown: Shown, first_file: str | None, files: Sequence[tuple[int, str]] = ()
) -> tuple[list[str], int]:
    """Every problem of the fact base, in file order (file, line, column), as lines
    ``file:line:column: message``: the first ``MAX_PROBLEMS``, and how many there are.

    The problems of each file on its own (``files``: (ord, :func:`problems_text`) of each
    file that has some), then the rules across files, over the records that are not
    problems themselves: sources, indicator ids and figure ids each unique (each second
    one, naming the first); each figure's indicator and source known, then each
    exclusion's source; a fact base not empty; check ids unique and each check's figures
    known. A reference to a record that is a problem itself is not one more. The one
    validator: every command, and the library, refuse a fact base with these lines.

    Each rule is first asked whether it is broken at all, through an index (cheap at any
    size); only a broken one is searched for its cases, and only the problems shown are
    worded (a "did you mean" looks through every name)."""
    import json

    from jiexiu_cli.core.errors import MAX_PROBLEMS

    found: list[tuple[int, int, int, Callable[[], str]]] = []
    count = 0
    broken: dict[str, set[str]] = {"source": set(), "indicator": set(), "figure": set()}
    for ord_, text in files:
        kept = json.loads(text)
        count += kept["n"] - len(kept["first"])  # beyond the first of a file: never shown
        found += [(ord_, line, col, _said(message)) for line, col, message in kept["first"]]
        for kind, name in kept.get("broken", ()):
            broken[kind].add(name)
    for kind, names in broken.items():
        temp_values(con, f"broken_{kind}", names)
    found += _rules(con, shown, bool(files), first_file)
    count += len(found)
    found.sort(key=lambda p: p[:3])  # stable: at one place, in the order of the rules
    return [say() for *_, say in found[:MAX_PROBLEMS]], count


def _rules(
    con: sqlite3.Connection, shown: Shown, some_broken: bool, first_file: str | None
) -> list[tuple[int, int, int, Callable[[], str]]]:
    """The problems across files: (ord, line, column, what to say)."""
    from jiexiu_cli.factbase.loader import unknown_name

    found: list[tuple[int, int, int, Callable[[], str]]] = []
    names: dict[str, set[str]] = {}

    def known(sql: str) -> set[str]:
        if sql not in names:
            names[sql] = {v for (v,) in con.execute(sql)}
        return names[sql]

    def unknown(what: str, name: str, sql: str, where: str, tail: str = "") -> Callable[[], str]:
        return lambda: str(DataError(unknown_name(what, name, known(sql)) + tail, where))

    for table, key, what in (
        ("sources", "file", "source"),
        ("indicators", "id", "indicator id"),
        ("figures", "id", "figure id"),
    ):
        found += _twice(con, table, key, what, shown)
    indicators, sources = "SELECT id FROM indicators", "SELECT file FROM sources"
    unknown_indicator = f"x.indicator NOT IN ({indicators}) AND x.indicator NOT IN temp.broken_indicator"
    unknown_source = f"x.source NOT IN ({sources}) AND x.source NOT IN temp.broken_source"
    for indicator, source, bad_indicator, bad_source, ord_, k, line, col in _every(
        con,
        "figures",
        f"x.indicator, x.source, {unknown_indicator}, {unknown_source}",
        f"({unknown_indicator}) OR ({unknown_source})",
    ):
        at = _at((k, line, col), shown)
        if bad_indicator:
            found.append((ord_, line, col, unknown("indicator", indicator, indicators, at)))
        if bad_source:
            found.append((ord_, line, col, unknown("source", source, sources, at)))
    for source, ord_, k, line, col in _every(con, "exclusions", "x.source", unknown_source):
        found.append((ord_, line, col, unknown("source", source, sources, _at((k, line, col), shown))))
    if (
        not found
        and not some_broken
        and not any(con.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in ("sources", "indicators", "figures"))
    ):
        empty = DataError("the fact base is empty: no sources, indicators or figures", first_file)
        found.append((0, 0, 0, _said(str(empty))))
    found += _twice(con, "checks", "id", "check id", shown)
    for check_id, fid, ord_, k, line, col in _unknown_check_figures(con):
        tail = f" in check {check_id!r}"
        found.append(
            (ord_, line, col, unknown("figure", fid, "SELECT id FROM figures", _at((k, line, col), shown), tail))
        )
    return found


def _said(message: str) -> Callable[[], str]:
    return lambda: message


def _at(row: Sequence[Any], shown: Shown) -> str:
    k, line, col = row
    return f"{shown(k)}:{line}:{col}"


def _every(con: sqlite3.Connection, table: str, columns: str, where: str) -> list[Any]:
    """(columns..., ord, k, line, col) of each record of ``table`` (``x``) of ``where``, in file order."""
    return con.execute(
        f"SELECT {columns}, f.ord, x.k, x.line, x.col FROM {table} x JOIN files f ON f.k = x.k WHERE {where}"
        " ORDER BY f.ord, x.pos"
    ).fetchall()


def _twice(
    con: sqlite3.Connection, table: str, key: str, what: str, shown: Shown
) -> list[tuple[int, int, int, Callable[[], str]]]:
    """Each record of ``table`` whose ``key`` an earlier one (in file order) has already."""
    if not con.execute(f"SELECT 1 FROM {table} GROUP BY {key} HAVING count(*) > 1 LIMIT 1").fetchone():
        return []
    rows = con.execute(
        f"SELECT key, k, line, col, first_k, first_line, first_col, ord FROM ("
        f" SELECT x.{key} AS key, x.k, x.line, x.col, f.ord, x.pos,"
        f"  row_number() OVER w AS r, first_value(x.k) OVER w AS first_k,"
        f"  first_value(x.line) OVER w AS first_line, first_value(x.col) OVER w AS first_col"
        f" FROM {table} x JOIN files f ON f.k = x.k"
        f" WHERE x.{key} IN (SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1)"
        f" WINDOW w AS (PARTITION BY x.{key} ORDER BY f.ord, x.pos))"
        " WHERE r >= 2 ORDER BY ord, pos"
    ).fetchall()
    found: list[tuple[int, int, int, Callable[[], str]]] = []
    for row in rows:
        name, at, first = row[0], _at(row[1:4], shown), _at(row[4:7], shown)
        message = str(DataError(f"{what} {name!r} is defined twice (first at {first})", at))
        found.append((row[7], row[2], row[3], _said(message)))
    return found


def _unknown_check_figures(con: sqlite3.Connection) -> list[tuple[str, str, int, int, int, int]]:
    """(check id, figure id, ord, k, line, col) of each figure a check names that does not
    exist (nor is a problem itself). Checks are few: read them all, and ask the store
    which of their figures exist."""
    checks = con.execute(
        "SELECT x.id, x.figures, f.ord, x.k, x.line, x.col FROM checks x JOIN files f ON f.k = x.k"
        " ORDER BY f.ord, x.pos"
    ).fetchall()
    if not checks:
        return []
    from jiexiu_cli.factbase.store_schema import tuple_of

    named = {fid for _, figures, *_ in checks for fid in tuple_of(figures)}
    temp_values(con, "named", named)
    known = {i for (i,) in con.execute("SELECT id FROM figures WHERE id IN (SELECT v FROM temp.named)")}
    known |= {i for (i,) in con.execute("SELECT v FROM temp.broken_figure WHERE v IN (SELECT v FROM temp.named)")}
    return [(check_id, fid, *at) for check_id, figures, *at in checks for fid in tuple_of(figures) if fid not in known]
