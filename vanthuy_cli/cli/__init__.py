"""The Typer command line: a thin layer over the library that parses options, calls it and
prints the result (the only package that imports Typer)."""
