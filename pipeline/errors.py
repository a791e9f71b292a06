"""The one error type users see: a bad input file, reported in one line."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A file the pipeline refuses, with the reason; the CLI prints it and exits 2."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem

    def __reduce__(self):  # travels back from worker processes (extract --jobs)
        return (InputError, (self.path, self.problem))
