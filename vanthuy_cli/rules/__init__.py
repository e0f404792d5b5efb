"""The rules applied to a loaded plan: checks and findings, evidence, each task's class on a
date, the self-assessment score, and the data behind each view."""
