"""The process edge of the command line: what goes to stdout and stderr and how the
process ends. One line on stderr per error, control characters shown escaped; exit
codes (0, 1, 2, 130); a reader gone away (``| head -1``: EPIPE) ends the output, not
the command; a full disk, Ctrl-C or a bug is one line, never a traceback.
"""

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from jiexiu_cli import __version__
from jiexiu_cli.core.errors import NotFoundError
from jiexiu_cli.present.render import Format, Result, render

if TYPE_CHECKING:
    from jiexiu_cli.results.shown import Keeping, Shown

#: an error line longer than this loses its middle (a 100,000-character query echoed back)
MAX_MESSAGE = 500


_T = TypeVar("_T", bound=Sized)


def say(message: str, kind: str = "error: ") -> None:
    """One line on stderr, whatever it quotes: control and format characters (a newline or
    an escape in a file name, a bidi override in a quote) are shown escaped
    (:func:`jiexiu_cli.core.safe.line`), and a huge echo loses its middle."""
    from jiexiu_cli.core import safe

    message = safe.line(message)
    if len(message) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2
        message = f"{message[:half]} … {message[-half:]}"
    sys.stderr.write(f"jiexiu: {kind}{message}\n")


def warn(message: str) -> None:
    say(message, "warning: ")


def say_not_found(e: NotFoundError) -> None:
    say(str(e))
    if e.suggestions:
        say(f"did you mean: {', '.join(e.suggestions)}?", "")


def err_lines(lines: list[str]) -> None:
    from jiexiu_cli.core import safe

    sys.stderr.write("".join(safe.line(line) + "\n" for line in lines))


def emit(result: Result, fmt: Format, console: Any = None, keeping: "Keeping | None" = None) -> None:
    """Print a command's result in ``fmt`` (a table on ``console``, made by
    :func:`table_console` where None); ``keeping``: the printed text is kept as it goes
    (:mod:`jiexiu_cli.results.shown`), once all of it has been printed."""
    if fmt is Format.markdown:  # a line at a time: a long table is never held whole as text
        from jiexiu_cli.present.render_markdown import iter_markdown

        lines = iter_markdown(result)
        write_all(lines if keeping is None else _kept_as_written(lines, keeping))
        if keeping is not None:
            keeping.done()
        return
    if fmt is not Format.table:
        write(str(render(result, fmt)))
        return
    console = console or table_console()
    if keeping is not None:
        console.file = _Tee(console.file, keeping)
    drawn = render(result, fmt, width=console.width)
    blocks = getattr(drawn, "blocks", None)  # a long table: each block printed as it is drawn
    for block in blocks() if blocks is not None else (drawn,):
        console.print(block)
        if console.quiet:  # the reader went away (`| head`): draw no more
            break
    if keeping is not None:
        keeping.cut = keeping.cut or console.quiet
        keeping.done()


def emit_shown(
    shown: "Shown | None",
    make: Callable[[], Result],
    fmt: Format,
    console: Any,
    rows: int,
    facts: Callable[[], Any] | None = None,
) -> None:
    """A whole-fact-base command's table or Markdown: as kept where ``shown`` is (the same
    output made from the same results, printed the same way), else made by ``make`` and
    printed (and kept, with ``facts()``, where it is long: ``rows``)."""
    if shown is not None and shown.kept:
        write_utf8(shown.pieces())
        return
    keeping = None if shown is None else shown.keeping(rows, facts)
    emit(make(), fmt, console, keeping)


def shown_form(name: str, fmt: Format, *options: Any) -> tuple["Shown | None", Any]:
    """What says how a command's output in ``fmt`` is printed (:class:`Shown`: the command's
    ``options``, a table's width and colours; Markdown is the same anywhere), and the console
    a table is printed on; (None, None) for the formats that are not kept this way."""
    from jiexiu_cli.results.shown import Shown

    if fmt is Format.markdown:
        return Shown(f"{name} markdown", repr(("markdown", options))), None
    if fmt is not Format.table:
        return None, None
    console = table_console()
    if console.legacy_windows or console.is_jupyter:  # not written as text: nothing to keep
        return None, console
    how = (options, console.width, console.color_system, console.no_color, console.is_terminal, console.encoding)
    return Shown(f"{name} table", repr(how), colour=console.color_system is not None), console


class _Tee:
    """A console's file that also hands what is written to a :class:`Keeping`; a write that
    fails (the reader went away) leaves the text not kept."""

    def __init__(self, file: Any, keeping: "Keeping") -> None:
        self._file = file
        self._keeping = keeping
        self.encoding = getattr(file, "encoding", "utf-8")

    def write(self, text: str) -> int:
        try:
            written = self._file.write(text)
        except BaseException:
            self._keeping.cut = True
            raise
        self._keeping.write(text)
        return int(written or 0)

    def flush(self) -> None:
        try:
            self._file.flush()
        except BaseException:
            self._keeping.cut = True
            raise

    def isatty(self) -> bool:
        return bool(self._file.isatty())

    def fileno(self) -> int:
        return int(self._file.fileno())


def _kept_as_written(chunks: Iterable[str], keeping: "Keeping") -> Iterator[str]:
    """``chunks``, each handed to ``keeping`` as it goes by; all of them only if none is
    left unread (a write that failed, Ctrl-C: the output is cut, not kept)."""
    keeping.cut = True
    for chunk in chunks:
        keeping.write(chunk)
        yield chunk
    keeping.cut = False


def table_console() -> Any:
    """The console a table is printed on: :func:`terminal_console`, at least 20 cells wide
    (COLUMNS=0 says "unknown": 80; below 20 a table cannot be shown at all)."""
    console = terminal_console()
    if console.width < 20:
        console.width = 80 if console.width <= 0 else 20
    return console


def terminal_console() -> Any:
    """Rich's console, except that NO_COLOR wins over FORCE_COLOR and a terminal (no colour
    and no other escape either) and a reader gone away (`| head -1`) is no error."""
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:  # Rich's own would exit 1
            self.quiet = True
            discard_stdout()

    return QuietConsole(soft_wrap=False, color_system=None if os.environ.get("NO_COLOR") else "auto")


def emit_lines(lines: list[str]) -> None:
    """Lines of text to stdout, each safe to print (a quote's escape sequence is shown)."""
    from jiexiu_cli.core import safe

    write("".join(safe.line(line) + "\n" for line in lines))


def write(text: str) -> None:
    """Write to stdout; a reader gone away (`| head -1`) ends the output, not the command,
    so its exit code still tells (verify's 1)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()


def write_all(chunks: Iterable[str], size: int = 1 << 20) -> None:
    """:func:`write` of a stream of texts, about a megabyte at a time (a write and flush
    per record is a large part of a whole-fact-base command's time: CHANGELOG)."""
    for held in _batches(chunks, size):
        write("".join(held))


def _batches(chunks: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """The chunks in lists of about ``size`` characters or bytes (the last one shorter,
    none empty)."""
    held: list[_T] = []
    n = 0
    for chunk in chunks:
        held.append(chunk)
        n += len(chunk)
        if n >= size:
            yield held
            held, n = [], 0
    if held:
        yield held


def write_utf8(chunks: Iterable[bytes], size: int = 1 << 20) -> None:
    """:func:`write_all` of text already encoded as UTF-8: as it is where stdout writes
    UTF-8 (never decoded to be encoded again), else decoded."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None or (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") != "utf8":
        write_all(chunk.decode("utf-8") for chunk in chunks)
        return
    try:
        sys.stdout.flush()
        for held in _batches(chunks, size):
            buffer.write(b"".join(held))
        buffer.flush()
    except BrokenPipeError:
        discard_stdout()


def safe_streams() -> None:
    """Never crash on a terminal that cannot show Chinese: replace what cannot be encoded.
    A stream closed before we started (`jiexiu show gdp >&-`) becomes /dev/null."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf16", "utf32", "gb18030") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def usage_error(e: typer.TyperException) -> int:
    ctx = getattr(e, "ctx", None)
    if type(e).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stdout.write(ctx.get_help() + "\n")
        return 0
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    say(e.format_message() + hint)
    return e.exit_code


def interrupted() -> int:
    """Ctrl-C: one line and 130 (128 + SIGINT), as shells expect."""
    discard_stdout()  # what is still buffered may never drain (a reader that stopped)
    sys.stderr.write("jiexiu: interrupted\n")
    return 130


def os_error(e: OSError) -> int:
    discard_stdout()  # the interpreter's last flush would fail the same way
    say(f"{e.filename}: {e.strerror or e}" if e.filename else f"cannot write the output: {e.strerror or e}")
    return 1


def internal_error(e: Exception) -> int:
    import traceback

    frames = traceback.extract_tb(e.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    say(f"internal error{where}: {type(e).__name__}: {e} (a bug in jiexiu {__version__}; please report it)")
    return 1


def flush(code: int) -> int:
    """Flush stdout; a reader gone by now (`| head -1`) changes nothing, not even the code."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()
    except OSError as e:
        return os_error(e)
    return code


def discard_stdout() -> None:
    """The reader went away (`jiexiu compare | head -1`) or we were interrupted: point
    stdout at /dev/null so the interpreter's last flush neither blocks nor complains."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run(command: Callable[[], Any]) -> int:
    """Run ``command`` (the app on the command line) and return the process's exit code:
    the app's own, 2 for a usage error, 130 for Ctrl-C, 1 for a refusal of the system
    (a full disk under stdout) or a bug, each said in one line."""
    code = 0
    try:
        result = command()
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer turns Ctrl-C into a silent exit code 130
            code = interrupted()
    except typer.Exit as e:
        code = e.exit_code
    except (typer.Abort, KeyboardInterrupt):
        code = interrupted()
    except typer.TyperException as e:  # usage errors from the parser
        code = usage_error(e)
    except BrokenPipeError:
        discard_stdout()
    except OSError as e:  # the system refused: a full disk under stdout (> /dev/full), ...
        code = os_error(e)
    except Exception as e:  # a bug: still one line, with where it happened, never a traceback
        code = internal_error(e)
    return flush(code)
