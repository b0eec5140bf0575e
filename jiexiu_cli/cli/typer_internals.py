"""What the command line asks of Typer (and Click) beyond declaring commands: a group
that turns the project's errors into messages and exit codes, commands whose options
may be given once, the lean app of the one command a command line names (start-up),
and completion scripts. Every use of Typer's private modules is here.
"""

import enum
import os
import sys
from collections.abc import Iterable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from jiexiu_cli.cli.edge import discard_stdout, say, say_not_found
from jiexiu_cli.core.errors import DataProblems, JiexiuError, NotFoundError


class Group(TyperGroup):
    """Turns the project's own errors into one line on stderr and their exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _refuse_repeats(self, ctx, args, stop_at_argument=True)
        return list(super().parse_args(ctx, args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NotFoundError as e:
            say_not_found(e)
            raise typer.Exit(e.exit_code) from None
        except DataProblems as e:
            for line in e.lines:
                say(line)
            raise typer.Exit(e.exit_code) from None
        except JiexiuError as e:
            say(str(e))
            raise typer.Exit(e.exit_code) from None
        except BrokenPipeError:  # before Typer, which would make it exit 1
            discard_stdout()
            return None


class Command(TyperCommand):
    """A command whose options may each be given once: a second ``--period`` is an error,
    never silently the one that counts (a flag given twice is the same as once)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.short_help is None and self.help:
            # the list of commands prints the first paragraph as it is wrapped in the
            # docstring; joined, it wraps at the terminal's width instead
            self.short_help = " ".join(self.help.strip().split("\n\n")[0].split())

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _refuse_repeats(self, ctx, args, stop_at_argument=False)
        return list(super().parse_args(ctx, args))


def _refuse_repeats(command: Any, ctx: Any, args: list[str], stop_at_argument: bool) -> None:
    """A usage error naming the option and both values when an option that takes a value
    is given twice (``-p 2021 -p 2025``, ``--format json -f csv``)."""
    takes_value = {}
    for param in command.get_params(ctx):
        if getattr(param, "is_flag", True) or getattr(param, "multiple", False) or not getattr(param, "opts", None):
            continue
        for opt in (*param.opts, *param.secondary_opts):
            takes_value[opt] = param
    seen: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return
        opt, value = arg, None
        if arg.startswith("--") and "=" in arg:
            opt, value = arg.split("=", 1)
        elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 2 and arg[:2] in takes_value:
            opt, value = arg[:2], arg[2:]
        param = takes_value.get(opt)
        if param is None:
            if stop_at_argument and not arg.startswith("-"):
                return  # the command's name: its own options are its own
            i += 1
            continue
        if value is None:
            value = args[i + 1] if i + 1 < len(args) else ""
            i += 1
        i += 1
        if param.name in seen:
            from typer._click.exceptions import BadOptionUsage

            _, first = seen[param.name]
            names = "/".join(param.opts)
            raise BadOptionUsage(opt, f"{names} given twice ({first!r}, then {value!r}): give it once", ctx=ctx)
        seen[param.name] = (opt, value)


class Shell(enum.StrEnum):
    """The shells whose completion script jiexiu prints and installs (Typer's)."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


def completion_option(flag: str, callback: Any, help: str) -> Any:
    """--install-completion / --show-completion SHELL: eager, and answered at once."""
    return typer.Option(
        flag, metavar="SHELL", callback=callback, is_eager=True, expose_value=False, case_sensitive=False, help=help
    )


def show_completion(value: Shell | None) -> None:
    if value is None:
        return
    from typer._completion_shared import get_completion_script

    sys.stdout.write(get_completion_script(prog_name="jiexiu", complete_var="_JIEXIU_COMPLETE", shell=value.value))
    sys.stdout.write("\n")
    raise typer.Exit()


def install_completion(value: Shell | None) -> None:
    if value is None:
        return
    from typer._completion_shared import install

    shell, path = install(shell=value.value, prog_name="jiexiu", complete_var="_JIEXIU_COMPLETE")
    sys.stdout.write(f"{shell} completion installed in {path}; it works in a new shell\n")
    raise typer.Exit()


def completion_shell(args: list[str]) -> list[str]:
    """``--install-completion`` or ``--show-completion`` without a shell: the shell that
    runs jiexiu (as Typer detects it), so the option always reaches Click with its value."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--install-completion", "--show-completion"):
            if i + 1 == len(args) or args[i + 1].startswith("-"):
                from typer._completion_shared import _get_shell_name

                shell = _get_shell_name()
                if shell:
                    return [*args[: i + 1], shell, *args[i + 1 :]]
            break
    return args


_GLOBAL_OPTIONS_WITH_A_VALUE = ("--data",)


#: options that only the whole app answers (the lean one has no completion options)
_WHOLE_APP_OPTIONS = ("-h", "--help", "--version", "--", "--install-completion", "--show-completion")


def command_asked_for(argv: list[str] | None, names: Iterable[str]) -> str | None:
    """The command (one of ``names``) that the command line names, when the lean app of that
    one command answers it as the whole app would; otherwise None.

    Typer builds every command from its signature on every start; `jiexiu show gdp`
    needs one, and no completion options (the time this saves: CHANGELOG,
    benchmarks/run.py). Help, completion, a mistyped command and anything unusual get
    the whole app, so their output is unchanged.
    """
    args = sys.argv[1:] if argv is None else argv
    if any(k.endswith("_COMPLETE") for k in os.environ):
        return None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _GLOBAL_OPTIONS_WITH_A_VALUE:
            i += 2
            continue
        if arg.startswith("-"):
            if arg in _WHOLE_APP_OPTIONS:
                return None
            i += 1
            continue
        return arg if arg in names else None
    return None


def lean_app(app: typer.Typer) -> typer.Typer:
    """The app without its commands (the caller adds the one it runs) and without the
    completion options."""
    lean = typer.Typer(
        cls=Group,
        name=app.info.name,
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,  # inspecting them costs start-up; a command line that asks for it gets the whole app
        pretty_exceptions_enable=False,
        context_settings=app.info.context_settings,
    )
    lean.registered_callback = app.registered_callback
    return lean
