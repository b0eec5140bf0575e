"""``jiexiu init FOLDER``: a new fact-base folder that builds on the shipped fact base.

It writes three things and nothing else: ``jiexiu.toml`` (``include = ["shipped"]``:
every command given ``--data FOLDER`` reads the shipped fact base and the folder's own
files as one, :func:`jiexiu_cli.factbase.data_path.fact_base`), ``seeds/`` for the articles, and a
starter fact-base file whose comments say what goes where (valid as it is: the folder
answers at once). An existing folder that holds anything is never written into.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.factbase.data_path import CONFIG, SHIPPED, display_path

STARTER = "facts.yaml"
SEEDS = "seeds"

CONFIG_TEXT = f"""\
# A jiexiu fact-base folder. Every command given --data with this folder reads the fact base
# shipped with jiexiu and every *.yaml below this folder as one fact base: a figure here may
# name a shipped indicator (gdp) or source, and ids must be unique across both.
# Remove "{SHIPPED}" to stand alone. Nothing outside this folder can be included.
include = ["{SHIPPED}"]
"""

STARTER_TEXT = """\
# A fact-base file. jiexiu reads every *.yaml below this folder, on top of the shipped fact
# base (jiexiu.toml says so); `jiexiu --data {folder} list` shows the indicators you may name.
#
# The curator's loop, one article at a time:
#   1. put the article, exactly as published, as UTF-8 text in {folder}/seeds/ (article.txt);
#   2. jiexiu --data {folder} extract {folder}/seeds/article.txt --format yaml > {folder}/seeds/article.yaml
#      writes its source (with the sha256), every candidate figure and every non-figure,
#      beside the article (its text: is the article's name, relative to the YAML file);
#   3. in seeds/article.yaml give each figure its indicator (a shipped one such as gdp, or
#      one defined under indicators:), check period, unit, qualifier and kind against the quote;
#   4. jiexiu --data {folder} verify   until it passes; then jiexiu --data {folder} show gdp.
#
# What goes where (the README's "The fact base" lists every key):
#
# sources:                        # one per article
#   - file: article.txt           # its name, which figures and exclusions name as source:
#     text: seeds/article.txt     # where it is, from this file; it must lie inside this folder
#     sha256: …                   # sha256sum {folder}/seeds/article.txt
#     title: …
#     publisher: …
#     date: "2023-04-20"
#     covers: "2023Q1"            # the period the article reports on
#     place: 介休市
# indicators:                     # only new ones: the shipped ones are known already
#   - id: tourism_revenue         # ASCII, unique
#     name_zh: 旅游收入
#     name_en: Tourism revenue
#     topic: economy
# figures:
#   - indicator: gdp
#     period: "2023Q1"
#     value: "86.1"               # as printed, in quotes
#     unit: 亿元
#     qualifier: exact
#     kind: level
#     quote: 地区生产总值完成86.1亿元    # verbatim from the article
# exclusions:                     # number tokens that are not figures
#   - text: "2023"
#     context: 2023年一季度
#     reason: a year
figures: []
"""


def init_folder(folder: Path) -> tuple[str, list[str]]:
    """Create the fact-base folder ``folder`` (and its parents); the folder and what it
    wrote, as shown to the user. A DataError where ``folder`` is a file or a folder that holds anything."""
    shown = display_path(folder)
    try:
        if folder.is_dir() or folder.is_symlink():
            if folder.is_symlink() or any(os.scandir(folder)):
                raise DataError("already exists and is not empty: init writes only a new or empty folder", shown)
        elif folder.exists():
            raise DataError("already exists and is not a folder: init writes only a new or empty folder", shown)
    except OSError as e:
        raise DataError(f"cannot use this folder: {e.strerror or e}", shown) from None
    except ValueError as e:  # a NUL in the path
        raise DataError(f"cannot use this folder: {e}", shown) from None
    made = not folder.exists()
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SEEDS).mkdir()
        written.append(folder / SEEDS)
        for name, text in ((CONFIG, CONFIG_TEXT), (STARTER, STARTER_TEXT.format(folder=shown))):
            _write_new(folder / name, text)
            written.append(folder / name)
    except OSError as e:
        _undo(written, folder if made else None)
        raise DataError(f"cannot write the folder: {e.strerror or e}", shown) from None
    return shown, [display_path(p) + ("/" if p.is_dir() else "") for p in written]


def _write_new(path: Path, text: str) -> None:
    """Write ``path`` whole, or not at all (a file that exists is never replaced)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _undo(written: list[Path], folder: Path | None) -> None:
    """Remove what init wrote before it failed (and the folder it made)."""
    for p in reversed(written):
        with contextlib.suppress(OSError):
            p.rmdir() if p.is_dir() else p.unlink()
    if folder is not None:
        with contextlib.suppress(OSError):
            folder.rmdir()
