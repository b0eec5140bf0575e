"""What the store derives from the order of things across files: each figure's automatic
id (in file order), each period's rank (in time order)."""

from __future__ import annotations

import sqlite3

from jiexiu_cli.factbase.store_schema import temp_values


def _numbered(bases: set[str] | None) -> str:
    """Each figure of these bases (None: every one without an id) and its automatic id."""
    where = "x.base IN (SELECT v FROM temp.bases)" if bases is not None else "x.base IS NOT NULL"
    return (
        "SELECT n, CASE WHEN r = 1 THEN base ELSE base || '.' || r END AS id FROM (SELECT x.n AS n, x.base AS base,"
        f" row_number() OVER (PARTITION BY x.base ORDER BY f.ord, x.pos) AS r FROM figures x JOIN files f ON f.k = x.k"
        f" WHERE {where})"
    )


def renumbering(con: sqlite3.Connection) -> list[tuple[str, int, bool]]:
    """(new automatic id, figure, whether of a file the update read) of every figure of
    ``temp.bases`` whose id an update changes (the figures of the files it read have none
    yet)."""
    sql = (
        f"SELECT w.id, w.n, x.k IN (SELECT v FROM temp.new_files) FROM ({_numbered(set())}) w"
        " JOIN figures x ON x.n = w.n WHERE x.id IS NOT w.id"
    )
    return [(i, n, bool(new)) for i, n, new in con.execute(sql)]


def assign_ids(con: sqlite3.Connection, bases: set[str] | None) -> None:
    """The automatic ids of figures without one: ``indicator.period.kind`` for the first
    in file order, then ``.2``, ``.3`` ... (``bases``: only these; None: every one)."""
    if bases is not None:
        if not bases:
            return
        temp_values(con, "bases", bases)
    con.execute(
        f"UPDATE figures SET id = w.id FROM ({_numbered(bases)}) AS w"
        " WHERE figures.n = w.n AND figures.id IS NOT w.id"  # only ids that change: the index moves less
    )


#: each file's automatic-id bases and how many of its figures have each, kept by a whole
#: build as the files' rows come in (:func:`number_on`)
FILE_BASES = "CREATE TEMP TABLE file_bases (base TEXT, k INT, c INT, PRIMARY KEY (base, k)) WITHOUT ROWID"
FILE_BASES_OF_PART = (
    "INSERT INTO temp.file_bases SELECT base, :k, count(*) FROM part.figures WHERE base IS NOT NULL GROUP BY base"
)


def number_on(con: sqlite3.Connection) -> None:
    """A whole build's automatic ids, as :func:`assign_ids` gives them: each file's
    figures come numbered as that file alone numbers them (``base``, ``base.2`` ...:
    ``store_rows.rows_of``), so only a base some file before has too is numbered on, by
    how many figures of the files before have it (``temp.file_bases``; a whole build's
    ``k`` is in file order). Most ids never change: no window over every figure."""
    con.execute("CREATE TEMP TABLE number_on (k INT, base TEXT, before INT, PRIMARY KEY (k, base)) WITHOUT ROWID")
    con.execute(
        "INSERT INTO temp.number_on SELECT k, base, before FROM (SELECT k, base,"
        " sum(c) OVER (PARTITION BY base ORDER BY k ROWS UNBOUNDED PRECEDING) - c AS before"
        " FROM temp.file_bases) WHERE before > 0"
    )
    con.execute(
        "UPDATE figures SET id = figures.base || '.' || (w.before + CASE WHEN figures.id = figures.base THEN 1"
        " ELSE CAST(substr(figures.id, length(figures.base) + 2) AS INTEGER) END)"
        " FROM temp.number_on AS w WHERE w.k = figures.k AND w.base = figures.base"
    )
    con.execute("DROP TABLE temp.number_on")
    con.execute("DROP TABLE temp.file_bases")


def order_periods(con: sqlite3.Connection) -> None:
    """Each period's rank in time order, so SQL can sort by period as jiexiu does
    (:func:`jiexiu_cli.factbase.query.period_key`, the one place that knows how periods order)."""
    from jiexiu_cli.factbase.query import period_key

    periods = sorted(
        (p for (p,) in con.execute("SELECT DISTINCT period FROM figures")), key=lambda p: (period_key(p), p)
    )
    con.execute("DELETE FROM periods")
    con.executemany("INSERT INTO periods VALUES (?, ?)", ((p, i) for i, p in enumerate(periods)))
