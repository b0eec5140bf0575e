"""``python -m jiexiu_cli`` and the ``jiexiu`` console script.

The entry point is this small module rather than ``cli.py`` itself so that a Ctrl-C while
Typer and Rich are still being imported (the first ~0.1 s) ends like any other Ctrl-C: one
line on stderr and exit 130, never a traceback.
"""

import sys


def main() -> None:
    try:
        from jiexiu_cli.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("jiexiu: interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
