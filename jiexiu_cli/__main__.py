"""``python -m jiexiu_cli`` and the ``jiexiu`` console script.

The entry point is this small module rather than ``cli/app.py`` itself so that a Ctrl-C while
Typer and Rich are still being imported (most of start-up) ends like any other Ctrl-C: one
line on stderr and exit 130, never a traceback.
"""

import gc
import sys


def main() -> None:
    # No cyclic garbage collection: jiexiu is one short process per question, and its
    # start-up creates hundreds of thousands of objects that live until it exits (modules,
    # classes, functions). The collector would traverse them again and again, and once
    # more at exit, for nothing (what that saves: CHANGELOG).
    # Memory is still freed by reference counting; the bulk paths make no cycles in any
    # number (peak memory with and without the collector is the same: CHANGELOG).
    gc.disable()
    try:
        from jiexiu_cli.cli.app import main as run
    except KeyboardInterrupt:
        sys.stderr.write("jiexiu: interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
