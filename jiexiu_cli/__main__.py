"""``python -m jiexiu_cli``."""

from jiexiu_cli.cli import main

if __name__ == "__main__":
    main()
