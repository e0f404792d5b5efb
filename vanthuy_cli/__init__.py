"""par: the command-line tracker for a commune's administrative-reform (PAR INDEX / SIPAS) plan.

The package is a small library (loading, checks, deadlines, status, reports, history) with a thin
Typer CLI on top (``vanthuy_cli.cli.cli``). Nothing outside ``cli.py`` and ``render_*.py`` prints.
"""

# The one place the version is written: pyproject.toml reads it from here (setuptools "dynamic"),
# and CHANGELOG.md names it.
__version__ = "0.1.0"
