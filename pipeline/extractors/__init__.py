"""Extractors: each kind of thing the pipeline pulls out of an edition, declared in one place.

An extractor says, on one class: its spaCy components (`add_pipes`), its rules (`rules`, a
rules part loaded by `Rules.load`), its tables and their schemas (`tables`), how its rows are
built (`extract`), its show columns (`show`), its diff keys and fields (`diff_keys`, or its own
`changes`), the plans its rows hold (`plans`), and its report sections and highlights
(`report`, `highlights`, `span_tables`). The stages `tables`, `show`, `diff` and `report` loop
over the registered extractors and name none of them.

Registering: decorate the class with `@register`; every module in this package is imported by
`default_extractors()`. Code outside the package (a test, a plug-in) passes its own list, e.g.
`extract_edition(edition, rules, extractors=[*default_extractors(), Mine()])`.
"""

from __future__ import annotations

import importlib
import pkgutil
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from ..model import Mention, Segment, Sentence, Target, Verdict
    from ..rules import Rules
    from ..segment import Document
    from ..status import Statuses


@dataclass(frozen=True)
class Annotated:
    """One body segment after the nlp pipeline: its Doc, its sentences and their triggers."""

    segment: Segment
    doc: Doc
    sentences: list[Sentence]
    triggers: list[list[Span]]  # the status triggers of each sentence
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [s.start for s in self.sentences])

    def index_at(self, start_char: int) -> int:
        return max(bisect_right(self._starts, start_char) - 1, 0)

    def sentence_at(self, start_char: int) -> Sentence:
        """The sentence holding a character offset of the segment text."""
        return self.sentences[self.index_at(start_char)]


@dataclass
class Context:
    """What an extractor reads: the edition, its annotated body, the rules, the pipeline, and
    the mentions of the extractors before it."""

    edition: str
    document: Document
    body: list[Annotated]
    rules: Rules
    nlp: Language
    extractors: list[Extractor]
    statuses: Statuses
    mentions: list[Mention] = field(default_factory=list)

    def verdict(self, annotated: Annotated, span: Span, target: Target, others: list[Span] = ()) -> Verdict:
        """The status of a mention span, from the triggers of its sentence (`status.Statuses`);
        `others` are the sentence's other object spans (a list is reached as one)."""
        from ..model import Verdict

        index = annotated.index_at(span.start_char)
        sentence = annotated.sentences[index]
        inherited = Verdict(sentence.status, sentence.status_rule, sentence.status_trigger)
        spans = [(o.start, o.end) for o in others if (o.start, o.end) != (span.start, span.end)]
        return self.statuses.mention(span.start, span.end, annotated.triggers[index], target, inherited, spans)

    def sentence(self, sentence_id: str) -> Sentence:
        if not hasattr(self, "_sentences"):
            self._sentences = {s.id: s for a in self.body for s in a.sentences}
        return self._sentences[sentence_id]

    def section_titles(self) -> dict[str, str]:
        return {s.id: s.title for s in self.document.sections}


def mention_id(sentence_id: str, start: int, end: int) -> str:
    """A mention's id: its sentence and character span (an object and a partner may share a start)."""
    return f"{sentence_id}@{start}-{end}"


def decided_by(mention: Mention, context: Context) -> dict[str, Any]:
    """The columns a row takes from the mention that decided its status (`schemas.DECIDED`)."""
    verdict = mention.verdict
    return {"status": verdict.status, "stage": verdict.stage, "status_rule": verdict.rule,
            "status_trigger": verdict.trigger, "evidence_mention_id": mention.id,
            "evidence_sentence_id": mention.sentence_id, "evidence": context.sentence(mention.sentence_id).text}


@dataclass(frozen=True)
class Output:
    """What an extractor gives: mentions (for the mentions table) and rows per table it owns."""

    mentions: list[Mention] = field(default_factory=list)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportTable:
    """A summary table of the edition report: its title and (column, header) pairs."""

    title: str
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DiffKey:
    """How two editions' rows of a table are compared: by `key`, on `fields`."""

    key: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PlanSource:
    """A table whose rows can be plans (a planned row of OLD): `kind` names it in the scorecard
    (object, partner, link), `columns` make its key across editions."""

    kind: str
    columns: tuple[str, ...]
    # what an id adds to a generation's id to name one unit of it ("fengyun-4" -> "fengyun-4a",
    # "tianlian-2" -> "tianlian-2-01"); None where such a suffix names a variant ("Long March-5B")
    units: str | None = None


class Extractor:
    """Base of every extractor; see the module docstring."""

    name: ClassVar[str]
    rules: ClassVar[type | None] = None
    tables: ClassVar[dict[str, pa.Schema]] = {}
    show: ClassVar[dict[str, tuple[str, ...]]] = {}
    diff_keys: ClassVar[dict[str, DiffKey]] = {}
    plans: ClassVar[dict[str, PlanSource]] = {}
    report: ClassVar[dict[str, ReportTable]] = {}
    highlights: ClassVar[dict[str, str]] = {}  # highlight label -> colour: mention tables, span tables
    name_spans: ClassVar[tuple[str, ...]] = ()  # span groups holding names (numbers inside are no counts)
    span_tables: ClassVar[dict[str, str]] = {}  # table whose rows are spans (sentence_id, start, end) -> label

    def add_pipes(self, nlp: Language, rules: Rules) -> None:
        """Add this extractor's components to the pipeline, with their rules."""

    def extract(self, context: Context) -> Output:
        raise NotImplementedError

    def changes(self, table: str, old: list[dict], new: list[dict], rules: Rules) -> list[dict]:
        """The diff rows of one of this extractor's tables; by default keyed on `diff_keys`."""
        from ..compare import diff_keyed

        spec = self.diff_keys.get(table)
        return diff_keyed(table, old, new, spec.key, spec.fields) if spec else []


_REGISTERED: list[type[Extractor]] = []


def register(cls: type[Extractor]) -> type[Extractor]:
    """Class decorator: make an extractor of this package part of the default pipeline."""
    if cls not in _REGISTERED:
        _REGISTERED.append(cls)
    return cls


def default_extractors() -> list[Extractor]:
    """The extractors of this package, in the order of `ORDER` (dependencies first: links need
    objects, counts need the names of both)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    found = {cls.name: cls for cls in _REGISTERED}
    ordered = [found.pop(name) for name in ORDER if name in found] + [found[n] for n in sorted(found)]
    return [cls() for cls in ordered]


ORDER = ("objects", "counts", "partners", "frameworks")
