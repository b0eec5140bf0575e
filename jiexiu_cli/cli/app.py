"""The command line: the Typer app, its global options (the callback), the entry point, and
which module holds each command.

The commands live by family: ``commands_query.py`` (show, list, sources, search),
``commands_check.py`` (verify, audit, compare) and ``commands_files.py`` (export, extract,
init), each a thin function that parses its arguments, calls one plain function and hands
the records to a view. A command line that names one command imports only its module
(start-up); help, completion and anything unusual get the whole app (``app``).

Beside them: ``options.py`` (the arguments and options the commands share, their checks
and completion), ``store_access.py`` (the fact base a command asks), ``typer_internals.py``
(what reaches into Typer: options given twice, the lean app of one command, completion
scripts) and ``edge.py`` (the process edge: streams, messages, exit codes, a reader gone
away, Ctrl-C). Only these turn the project's errors into exit codes and messages.

No ``from __future__ import annotations`` here: Typer reads the callback's signature on
each start, and string annotations would make it ``eval`` it again.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jiexiu_cli.cli.edge import (
    run,
    safe_streams,
)
from jiexiu_cli.cli.options import (
    data_option,
    version_option,
)
from jiexiu_cli.cli.typer_internals import (
    Command,
    Group,
    Shell,
    command_asked_for,
    completion_option,
    completion_shell,
    install_completion,
    lean_app,
    show_completion,
)

_app = typer.Typer(
    cls=Group,
    name="jiexiu",
    help="Exact figures from the public record of Jiexiu (介休市, Shanxi), each with the sentence that states it.\n\n"
    "Examples:\n  jiexiu show gdp\n  jiexiu compare gdp\n  jiexiu search heating\n  jiexiu --show-completion zsh",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,  # its own --install-completion/--show-completion [SHELL], below
    context_settings={"help_option_names": ["-h", "--help"]},
)


@_app.callback()
def _main(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="JIEXIU_DATA",
            metavar="PATH",
            help="A fact-base file or a folder of them (default: the fact base shipped with jiexiu).",
            show_default=False,
            parser=data_option,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, even on a terminal (long builds, verify, audit).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_option, is_eager=True, help="Print the version and exit.")
    ] = False,
    install_completion: Annotated[
        Shell | None,
        completion_option(
            "--install-completion",
            install_completion,
            "Install completion for SHELL (bash, zsh, fish, powershell, pwsh; alone: the shell you run) and exit.",
        ),
    ] = None,
    show_completion: Annotated[
        Shell | None,
        completion_option(
            "--show-completion",
            show_completion,
            "Print the completion script for SHELL (alone: the shell you run) and exit.",
        ),
    ] = None,
) -> None:
    ctx.obj = {"data": data}
    if quiet or "jiexiu_cli.factbase.progress" in sys.modules:  # (show's start-up does not import it)
        from jiexiu_cli.factbase import progress

        progress.QUIET = quiet


#: every command, in the order ``jiexiu --help`` lists them: its module (cli/commands_<family>.py)
#: and its function
COMMANDS = {
    "show": ("query", "show"),
    "compare": ("check", "compare"),
    "search": ("query", "search"),
    "list": ("query", "list_"),
    "sources": ("query", "sources"),
    "export": ("files", "export"),
    "verify": ("check", "verify"),
    "extract": ("files", "extract"),
    "audit": ("check", "audit"),
    "init": ("files", "init"),
}


def _register(target: typer.Typer, name: str) -> None:
    """The command ``name`` added to ``target``, its module imported (and only its module)."""
    family, function = COMMANDS[name]
    # __import__ rather than importlib.import_module: -X importtime shows what it imports
    module = __import__(f"jiexiu_cli.cli.commands_{family}", fromlist=[function])
    target.command(name, cls=Command)(getattr(module, function))


def whole_app() -> typer.Typer:
    """The app with every command (what ``jiexiu --help`` lists; completion; tests)."""
    if not _app.registered_commands:
        for name in COMMANDS:
            _register(_app, name)
    return _app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # ``from jiexiu_cli.cli.app import app``: the whole app, built on first use
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; every way it ends is an exit code and at most one line on stderr."""
    safe_streams()
    sys.exit(run(lambda: _run(sys.argv[1:] if argv is None else argv)))


def _run(argv: list[str]) -> Any:
    argv = completion_shell(argv)
    if os.environ.get("_JIEXIU_COMPLETE"):  # the shell asks what to complete
        from typer._completion_classes import completion_init

        completion_init()
    name = command_asked_for(argv, COMMANDS)
    if name is None:
        target = whole_app()
    else:  # the app of this one command: the others' modules are never imported
        target = lean_app(_app)
        _register(target, name)
    return target(args=argv, prog_name="jiexiu", standalone_mode=False)
