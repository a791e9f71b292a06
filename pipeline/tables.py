"""Stage results -> pyarrow tables with the schemas of `schemas.py`, in a fixed row order.

The document tables come from the segmenter, the annotator and the repair log; every other table
from an extractor, run in order over one shared Context (later ones read earlier mentions).
Arrays are built column by column from plain rows, and pandas is kept out (see `_arrays`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
from spacy.language import Language

from . import schemas
from .extractors import Annotated, Context, Extractor
from .ingest import Source
from .repair import Repair
from .rules import Rules
from .rules.status import StatusRules
from .segment import Document
from .status import Statuses


def table(schema: pa.Schema, edition: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Rows (dicts keyed by column, `edition` left out) as a table of `schema`."""
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for row in rows:
        for name, values in columns.items():
            values.append(edition if name == "edition" else row[name])
    with _pandas_kept_out():
        arrays = [pa.array(columns[f.name], type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


_keep_pandas_out = False


def keep_pandas_out() -> None:
    """For the `whitepaper` command's own process (its commands never use pandas): build
    tables without pyarrow importing pandas. See `_pandas_kept_out`."""
    global _keep_pandas_out
    _keep_pandas_out = True


@contextmanager
def _pandas_kept_out():
    """pyarrow's first `pa.array` of a process asks its lazy pandas shim whether pandas is
    installed, which imports it (about 175 ms and 38 MB of a cold extract) though no table
    needs it. In the command's process, while pandas is not loaded, that first question is asked
    with the import refused, so the shim records "no pandas" instead of importing it.

    Only there: the shim would then treat a pandas Series given straight to `pa.array` as a
    plain sequence until some call asks it with `raise_=True` (`to_pandas`, `from_pandas`,
    pandas' `read_parquet` do), so code that imports the package (tests, notebooks) is left as
    it was."""
    if not _keep_pandas_out or "pandas" in sys.modules:
        yield
        return
    sys.meta_path.insert(0, _REFUSE_PANDAS)
    try:
        yield
    finally:
        sys.meta_path.remove(_REFUSE_PANDAS)


class _RefusePandas:
    """A meta path finder that makes `import pandas` raise ImportError (a `None` in sys.modules
    would not do: Cython's import returns it as the module)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError(f"{name} is not needed to build tables", name=name)
        return None


_REFUSE_PANDAS = _RefusePandas()


def build_tables(edition: str, document: Document, body: list[Annotated], repairs: list[Repair],
                 rules: Rules, nlp: Language, extractors: list[Extractor], source: Source) -> dict[str, pa.Table]:
    """Every table of an edition: rows in document order, entities by id. `source` (as read,
    before any line was removed) says which file, and which element of it, each line came from."""
    where = _provenance(source)
    context = Context(edition, document, body, rules, nlp, extractors, Statuses(rules.get(StatusRules)))
    rows: dict[str, list[dict[str, Any]]] = {}
    for extractor in extractors:
        output = extractor.extract(context)
        context.mentions.extend(output.mentions)
        rows.update(output.rows)
    rows.update({
        "sections": [s.to_row() for s in document.sections],
        "segments": [{**s.to_row(), **where(s.first_line)} for s in document.segments],
        "sentences": [s.to_row() for a in body for s in a.sentences],
        "mentions": [m.to_row() for m in context.mentions],
        "repairs": [{"repair_id": f"r{i:04d}", **r.to_row(), **where(r.line)}
                    for i, r in enumerate(_in_line_order(repairs), start=1)],
    })
    return {name: table(schema, edition, rows.get(name, [])) for name, schema in schemas.edition_tables(extractors).items()}


def _provenance(source: Source) -> Callable[[int], dict[str, str | None]]:
    """Line number -> the source_file and source_path columns: the file (of an edition in parts,
    the part) the line is in, and the HTML element it is the text of."""
    elements = {line.number: line.element for line in source.lines}
    files = {id(part): part.path.name for part in source.parts}
    return lambda number: {"source_file": files[id(source.part_of(number))], "source_path": elements.get(number)}


def _in_line_order(repairs: list[Repair]) -> list[Repair]:
    """Repairs sorted by where they happened, then by the order the rules ran."""
    return [r for _, r in sorted(enumerate(repairs), key=lambda pair: (pair[1].line, pair[0]))]


def diff_tables(result: dict[str, list[dict]], old_id: str, new_id: str) -> dict[str, pa.Table]:
    """The diff's rows as tables, each row carrying both edition ids."""
    out = {}
    for name, schema in schemas.DIFF_TABLES.items():
        rows = [{"old_edition": old_id, "new_edition": new_id, **row} for row in result[name]]
        out[name] = table(schema, old_id, rows)
    return out
