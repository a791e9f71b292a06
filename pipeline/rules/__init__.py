"""One typed rules layer: every rule file under the rules folder, read once, checked, frozen.

`Rules.load(folder)` reads the core parts (page layout, status triggers, section defaults, the
words they use) and the part of every registered extractor, and refuses a file no part claims
(a misspelt file name would otherwise be ignored). The result is passed down explicitly, from
`--rules DIR` (default: the rules shipped inside the package, `pipeline.patterns`).
`digest` fingerprints every file read, for the manifests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, TypeVar

from ..errors import InputError

if TYPE_CHECKING:
    from ..extractors import Extractor

T = TypeVar("T")


def default_folder() -> Path:
    """The rules shipped with the package (the top-level `patterns/`, installed as package data)."""
    return Path(str(files("pipeline.patterns")))


class RulePart(Protocol):
    """What a part of the rules declares: the files it reads (relative to the rules folder)."""

    files: ClassVar[tuple[str, ...]]

    @classmethod
    def load(cls, folder: Path) -> Self: ...


@dataclass(frozen=True)
class Rules:
    folder: Path
    digest: str  # SHA-256 over every rule file's name and bytes
    parts: dict[type, Any] = field(repr=False)

    def get(self, kind: type[T]) -> T:
        """The loaded part of type `kind` (e.g. `rules.get(LayoutRules)`)."""
        try:
            return self.parts[kind]
        except KeyError:
            raise KeyError(f"no rules of type {kind.__name__} were loaded") from None

    @classmethod
    def load(cls, folder: Path | None = None, extractors: list[Extractor] | None = None) -> Rules:
        from ..extractors import default_extractors
        from .compare import CompareRules
        from .layout import LayoutRules
        from .scorecard import ScorecardRules
        from .status import StatusRules
        from .web import WebRules

        folder = Path(folder) if folder is not None else default_folder()
        if not folder.is_dir():
            raise InputError(folder, "rules folder not found" if not folder.exists() else "rules folder is not a folder")
        kinds: list[type] = [LayoutRules, WebRules, StatusRules, CompareRules, ScorecardRules]
        for extractor in extractors if extractors is not None else default_extractors():
            if extractor.rules is not None and extractor.rules not in kinds:
                kinds.append(extractor.rules)
        claimed = sorted({name for kind in kinds for name in kind.files})
        present = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                         if p.is_file() and p.suffix in {".jsonl", ".toml", ".txt", ".json"})
        for name in present:
            if name not in claimed:
                raise InputError(folder / name, f"is not a rule file any part reads (known files: {', '.join(claimed)})")
        parts = {kind: kind.load(folder) for kind in kinds}
        digest = hashlib.sha256()
        for name in claimed:
            digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
        return cls(folder, digest.hexdigest(), parts)
