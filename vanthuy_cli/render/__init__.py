"""Presentation for the terminal and ``--json``: the message catalogue, the words for findings,
history changes and scores, rich tables, and terminal-safe text."""
