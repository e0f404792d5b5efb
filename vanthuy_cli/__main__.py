"""Allow ``python -m vanthuy_cli``."""

from vanthuy_cli.cli.cli import main

if __name__ == "__main__":
    main()
