"""Reading a file a stranger may have written: its bytes, never past a size limit, never a
pipe or a device unless asked, never outside the folder it must lie in; its text as UTF-8,
or one line saying why not (used by the fact-base reader, verify and extract)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jiexiu_cli.core.errors import DataError, UsageError
from jiexiu_cli.factbase.data_path import NOT_REGULAR, display_path, is_inside

#: The size limits, in MiB, and the variables that raise them. A real county never comes
#: near them: the shipped fact-base files are 3-62 KB (550-600 bytes a figure, so 64 MiB is
#: some 110,000 figures in one file), the articles 6-12 KB (16 MiB holds 5.5 million Chinese
#: characters); a stranger's sparse file or endless pipe ends at them with one line instead
#: of filling the memory.
FACT_FILE_LIMIT = ("JIEXIU_MAX_FACT_FILE_MIB", 64)
ARTICLE_LIMIT = ("JIEXIU_MAX_ARTICLE_MIB", 16)
_MIB = 1 << 20
_OPEN = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)


def max_bytes(limit: tuple[str, int]) -> int:
    """The size limit in bytes: the variable's whole MiB when it is set, else the default."""
    variable, default = limit
    value = os.environ.get(variable, "").strip()
    if not value:
        return default * _MIB
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"{variable} must be a whole number of MiB (at least 1), got {value!r}")
    return int(value) * _MIB


def read_text(path: Path, what: str = "file", *, within: tuple[str, ...] | None = None) -> str:
    """A fact-base file's text as UTF-8 (a UTF-8 BOM is accepted), or a DataError saying why not."""
    return decode_utf8(read_bytes(path, what, within=within), display_path(path))


def read_bytes(
    path: Path,
    what: str = "file",
    *,
    limit: tuple[str, int] = FACT_FILE_LIMIT,
    pipes: bool = False,
    within: tuple[str, ...] | None = None,
) -> bytes:
    """A regular file's bytes, or a DataError saying why not: missing, a folder, a pipe or a
    device, unreadable, over the size ``limit``, or outside ``within``.

    Open first, then look at what was opened (never stat, then open): the open does not block
    (a FIFO nobody writes to cannot hang it), fstat on the descriptor says what it is, and at
    most the limit and one byte more is read (a file that grows while read is still refused).
    ``pipes``: a pipe is read too (extract's own FILE arguments, ``<(…)``). ``within``: the
    resolved path must be one of these folders' trees (or one of these files), checked before
    the open and again on the open descriptor, so a link swapped in between cannot lead the
    read outside.
    """
    shown = display_path(path)
    target = os.fspath(path)
    flags = _OPEN | getattr(os, "O_NONBLOCK", 0)
    try:
        if within is not None:
            target = os.path.realpath(target)
            if not is_inside(target, within):
                raise DataError(f"leads outside the fact-base folder; {what} not read", shown)
            flags |= getattr(os, "O_NOFOLLOW", 0)  # every link was resolved: a link now is a swap
        fd = os.open(target, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise DataError(f"no such {what}", shown) from None
    except PermissionError:
        raise DataError(f"cannot read {what}: permission denied", shown) from None
    except OSError as e:
        raise DataError(f"cannot read {what}: {e.strerror or e}", shown) from None
    except ValueError as e:  # a NUL inside the path
        raise DataError(f"cannot read {what}: {e}", shown) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DataError(f"is a directory, expected a {what}", shown)
        if pipes and stat.S_ISFIFO(st.st_mode):
            _wait_for_the_writer(fd)
        if not (stat.S_ISREG(st.st_mode) or (pipes and stat.S_ISFIFO(st.st_mode))):
            raise DataError(f"{NOT_REGULAR}, expected a {what}", shown)
        if within is not None and not _opened_inside(fd, st, target, within):
            raise DataError(f"changed while being opened: now outside the fact-base folder; {what} not read", shown)
        most = max_bytes(limit)
        if st.st_size > most:
            raise too_big(what, limit, shown, st.st_size)
        data = read_at_most(fd, most + 1)
        if len(data) > most:  # a pipe, or a file that grew
            raise too_big(what, limit, shown)
        return data
    except OSError as e:
        raise DataError(f"cannot read {what}: {e.strerror or e}", shown) from None
    finally:
        os.close(fd)


def read_stdin(what: str, limit: tuple[str, int]) -> bytes:
    """Standard input's bytes (extract's ``-``): a pipe, a file, a socket or a terminal, read
    to its end but never past the size ``limit``; a device (``< /dev/zero``) is refused."""
    import sys

    shown = "<stdin>"
    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None:
        return b""
    most = max_bytes(limit)
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # not a real descriptor (a test's stream)
        st = None
    if st is not None:
        if (stat.S_ISCHR(st.st_mode) and not os.isatty(stream.fileno())) or stat.S_ISBLK(st.st_mode):
            raise DataError(f"{NOT_REGULAR}, expected a {what}", shown)
        if stat.S_ISDIR(st.st_mode):
            raise DataError(f"is a directory, expected a {what}", shown)
        if stat.S_ISREG(st.st_mode) and st.st_size > most:
            raise too_big(what, limit, shown, st.st_size)
    try:
        data = stream.read(most + 1)
    except OSError as e:
        raise DataError(f"cannot read {what}: {e.strerror or e}", shown) from None
    if len(data) > most:
        raise too_big(what, limit, shown)
    return data


def too_big(what: str, limit: tuple[str, int], shown: str, size: int | None = None) -> DataError:
    """The one line for a file over its size limit (its size when known: a pipe's is not)."""
    is_ = f"is {size:,} bytes," if size is not None else "is"
    return DataError(
        f"{what} {is_} over the size limit of {max_bytes(limit) // _MIB} MiB (set {limit[0]} to raise it)", shown
    )


def _wait_for_the_writer(fd: int) -> None:
    """A pipe the user named (extract's FILE), opened without blocking: wait, as `cat` would,
    until its writer has written or has come and gone (on Linux a FIFO is not readable
    before a writer has opened it), then read it blocking."""
    import select

    select.select([fd], [], [])
    os.set_blocking(fd, True)


def read_at_most(fd: int, most: int) -> bytes:
    """Up to ``most`` bytes of ``fd``, until its end."""
    chunks = []
    left = most
    while left > 0:
        chunk = os.read(fd, min(left, _MIB))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _opened_inside(fd: int, st: os.stat_result, target: str, within: tuple[str, ...]) -> bool:
    """Is the open file inside ``within``? Asked of the descriptor where the system tells
    (Linux's /proc/self/fd, macOS's F_GETPATH), else of the path, which must still be it."""
    where: str | None = None
    try:
        where = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        try:
            import fcntl

            getpath = fcntl.F_GETPATH  # type: ignore[attr-defined,unused-ignore]  # macOS
            where = os.fsdecode(fcntl.fcntl(fd, getpath, bytes(1024)).split(b"\0", 1)[0])
        except (ImportError, AttributeError, OSError):
            where = None
    if where is not None:
        return is_inside(where, within)
    try:
        now = os.stat(target)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino)


def decode_utf8(data: bytes, shown: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8", shown)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        hint = "binary data?" if b"\x00" in data else "is it GBK or another legacy encoding? save it as UTF-8"
        raise DataError(f"not valid UTF-8: byte 0x{data[e.start]:02X} ({hint})", f"{shown}:{line}:{col}") from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise DataError("contains a NUL byte (binary data? UTF-16?)", f"{shown}:{line}:{col}")
    return text
