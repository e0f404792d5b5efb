"""``par import``: the appendix tables of a .docx or .xlsx plan turned into appendix YAML files.

The steps, one module each: ``sources`` reads the tables (cells, merges, line breaks),
``columns`` finds the header and maps columns by their Vietnamese wording, ``rows`` turns rows
into groups and tasks, ``people`` matches leads and supporting units to the roster, ``emit``
writes YAML in the house style of the shipped appendices, and ``plan_import`` ties them together,
checks the result like ``par validate`` and reports every guess with the source row it came from.
The library never prints; the CLI renders ``ImportResult``.
"""
