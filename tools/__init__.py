"""Small helpers for the project's own commands (figures, benchmarks, reports)."""
