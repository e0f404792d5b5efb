"""The plan's history from git: reading commits, and the changes between two versions of a plan."""
