"""Markdown written a line at a time: each row as it is read, never the whole table as text."""

from __future__ import annotations

from collections.abc import Iterator

from jiexiu_cli.present.render import Marked, Result
from jiexiu_cli.present.render_markdown import iter_markdown, to_markdown


def test_each_row_is_written_before_the_next_is_read() -> None:
    read: list[int] = []

    def rows() -> Iterator[list[str | Marked]]:
        for n in range(3):
            read.append(n)
            yield [f"r{n}", Marked(f"x|{n}", ((2, 3),))]

    result = Result(records=[], columns=["a", "b"], rows=rows(), title="T", footnotes=["[1] note"])  # type: ignore[arg-type]
    lines = iter_markdown(result)
    assert [next(lines) for _ in range(3)] == ["**T**\n\n", "| a | b |\n", "| --- | --- |\n"]
    assert next(lines) == "| r0 | x\\|**0** |\n" and read == [0]
    assert next(lines) == "| r1 | x\\|**1** |\n" and read == [0, 1]
    assert list(lines) == ["| r2 | x\\|**2** |\n", "\n", "[1] note  \n"]


def test_to_markdown_is_the_lines_joined() -> None:
    result = Result(records=[], columns=["a"], rows=[["1"], ["<b>"]], footnotes=["n"])
    assert to_markdown(result) == "| a |\n| --- |\n| 1 |\n| \\<b> |\n\nn  \n"
