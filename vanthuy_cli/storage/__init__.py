"""Bytes on disk and YAML: atomic file writes, YAML read with line numbers, chunks of the
YAML text by key, and comment-preserving YAML edits."""
