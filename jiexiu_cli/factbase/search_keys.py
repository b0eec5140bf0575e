"""How a name's or a quote's text is keyed for the store's search indexes: the characters
the FTS5 index holds, pairs of characters for "did you mean", syllables kept as one
string, pinyin initials."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from jiexiu_cli.factbase.search import Text


def indexed_chars(folded: str) -> str:
    """The characters of a text that the FTS5 index holds, one token each: ASCII letters and
    digits and the CJK ideographs of Unicode 6.1 (what the unicode61 tokenizer surely keeps
    as tokens). Dropping the same characters from a quote and a term keeps a term's
    characters a run of the quote's."""
    if not _FINDALL:
        import re

        _FINDALL.append(re.compile("[0-9A-Za-z\u4e00-\u9fcc\u3400-\u4db5]").findall)
    return " ".join(_FINDALL[0](folded))


#: the indexed characters' pattern, compiled once (every name and quote of a build)
_FINDALL: list[Callable[[str], list[str]]] = []


def name_grams(key: str) -> set[str]:
    """Pairs of characters, adjacent or one apart (so gpd and gdp share gd and gp); a
    one-character name is its own gram."""
    if len(key) == 1:
        return {key}
    return {key[i : i + 2] for i in range(len(key) - 1)} | {key[i] + key[i + 2] for i in range(len(key) - 2)}


def decode_syllables(text: str, encoded: str) -> tuple[str, ...]:
    """The syllables of each character of ``text`` (:func:`encode_syllables`)."""
    parts = encoded.split("\x1f")
    if len(parts) != len(text):
        return tuple(c.lower() for c in text)
    return tuple(parts)


def encode_syllables(t: Text) -> str:
    """The syllables as one string, joined by U+001F (a YAML file cannot hold it)."""
    return "\x1f".join(t.syllables)


def initials(t: Text) -> str:
    """Pinyin initials of the Chinese characters (what search's initials match reads)."""
    return "".join(
        s[0]
        for c, s in zip(t.text, t.syllables, strict=False)
        if ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf") and s[:1].isalpha()  # has_han(c), inline
    )
