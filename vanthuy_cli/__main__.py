"""Allow ``python -m vanthuy_cli``."""

from vanthuy_cli.cli.main import main

if __name__ == "__main__":
    main()
