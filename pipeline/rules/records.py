"""Typed rule records, read from JSONL, TOML and plain lists, checked on load.

The model is medspaCy's `ConTextRule`: a rule is a frozen dataclass whose fields are its
allowed keys. `Record.from_dict` refuses unknown keys, checks every value against the field's
type, and names the file, the line and the key in the error, so a typo in a rule file stops the
run with a message a rule writer can act on.
"""

from __future__ import annotations

import json
import re
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Self, TypeVar, get_args, get_origin

from ..errors import InputError

MAX_RULE_FILE = 16 << 20  # bytes; a rule file is small, anything larger is the wrong file


@dataclass(frozen=True)
class Where:
    """A place in a rule file, for error messages."""

    path: Path
    line: int | None = None

    def fail(self, problem: str, key: str | None = None) -> InputError:
        at = f"line {self.line}: " if self.line else ""
        about = f"key {key!r}: " if key else ""
        return InputError(self.path, f"{at}{about}{problem}")


def _check(value: Any, hint: Any, where: Where, key: str) -> Any:
    """`value` converted to the field type `hint` (lists become tuples), or an InputError."""
    return _checker(hint)(value, where, key)


Check = Callable[[Any, Where, str], Any]


@lru_cache(maxsize=None)
def _checker(hint: Any) -> Check:
    """The check of one field type, worked out once per type: ~12,000 values are checked at
    every start, and taking the type apart for each was most of `Rules.load`."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return lambda value, where, key: value
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        others = [a for a in args if a is not type(None)]
        options = [_checker(a) for a in others]

        def union(value: Any, where: Where, key: str) -> Any:
            if value is None and optional:
                return None
            for option in options:
                try:
                    return option(value, where, key)
                except InputError:
                    continue
            raise where.fail(f"expected {' or '.join(_name(a) for a in others)}, got {_shown(value)}", key)
        return union
    if origin is Literal:
        def literal(value: Any, where: Where, key: str) -> Any:
            if value not in args:
                raise where.fail(f"must be one of {', '.join(map(repr, args))}, got {_shown(value)}", key)
            return value
        return literal
    if origin in (tuple, frozenset, list):
        item = _checker(args[0] if args else Any)
        make = frozenset if origin is frozenset else tuple if origin is tuple else list
        strings = bool(args) and args[0] is str

        def sequence(value: Any, where: Where, key: str) -> Any:
            if not isinstance(value, list):
                raise where.fail(f"expected a list, got {_shown(value)}", key)
            if strings and all(type(v) is str and v.strip() for v in value):  # the usual case, at once
                return make(value)
            return make([item(v, where, key) for v in value])
        return sequence
    if origin is dict:
        key_check, value_check = (_checker(a) for a in (args or (Any, Any)))

        def table(value: Any, where: Where, key: str) -> Any:
            if not isinstance(value, dict):
                raise where.fail(f"expected a table of values, got {_shown(value)}", key)
            return {key_check(k, where, key): value_check(v, where, f"{key}.{k}") for k, v in value.items()}
        return table
    if isinstance(hint, type) and issubclass(hint, Record):
        return lambda value, where, key: hint.from_dict(value, where)  # a nested table
    if hint is float:
        def number(value: Any, where: Where, key: str) -> Any:
            if isinstance(value, int) and not isinstance(value, bool):
                return float(value)
            return _instance(value, hint, where, key)
        return number
    if hint is str:
        def string(value: Any, where: Where, key: str) -> Any:
            if isinstance(value, str):
                if not value.strip():
                    raise where.fail("must not be empty", key)
                return value
            return _instance(value, hint, where, key)
        return string
    return lambda value, where, key: _instance(value, hint, where, key)


def _instance(value: Any, hint: Any, where: Where, key: str) -> Any:
    if isinstance(hint, type) and isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
        return value
    raise where.fail(f"expected {_name(hint)}, got {_shown(value)}", key)


def _name(hint: Any) -> str:
    origin = get_origin(hint)
    if origin in (tuple, frozenset, list):
        return f"a list of {_name(get_args(hint)[0])}" if get_args(hint) else "a list"
    if origin is Literal:
        return "one of " + ", ".join(map(repr, get_args(hint)))
    if origin is dict:
        return "a table"
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false"}.get(hint, str(hint))


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


class Record:
    """Base of every rule record: a frozen dataclass whose fields are the allowed keys.

    A field named like a Python keyword or with another spelling in the file declares it with
    `field(metadata={"key": "..."})`.
    """

    @classmethod
    def keys(cls) -> dict[str, str]:
        """File key -> field name (fields with init=False are derived, not keys)."""
        return {key: f.name for key, f, _ in _layout(cls)}

    @classmethod
    def from_dict(cls, row: Any, where: Where) -> Self:
        if not isinstance(row, dict):
            raise where.fail(f"expected an object of keys, got {_shown(row)}")
        layout = _layout(cls)
        unknown = sorted(set(row) - {key for key, _, _ in layout})
        if unknown:
            raise where.fail(f"unknown key (allowed: {', '.join(sorted(cls.keys()))})", unknown[0])
        values = {}
        for key, f, hint in layout:
            if key not in row:
                if f.default is MISSING and f.default_factory is MISSING:
                    raise where.fail("missing", key)
                continue
            values[f.name] = _check(row[key], hint, where, key)
        record = cls(**values)
        record.validate(where)
        return record

    def validate(self, where: Where) -> None:
        """Checks across keys; raise where.fail(...) on a problem."""


_LAYOUTS: dict[type, tuple[tuple[str, Field, Any], ...]] = {}


def _layout(cls: type) -> tuple[tuple[str, Field, Any], ...]:
    """(file key, field, resolved type) of every init field of a record class, worked out once
    per class: `typing.get_type_hints` evaluates every string annotation anew on each call,
    which for ~700 rule rows was most of the time `Rules.load` took."""
    if cls not in _LAYOUTS:
        hints = typing.get_type_hints(cls)
        _LAYOUTS[cls] = tuple((f.metadata.get("key", f.name), f, hints[f.name])
                              for f in fields(cls) if f.init)  # type: ignore[arg-type]
    return _LAYOUTS[cls]


def read_text(path: Path) -> str:
    if not path.is_file():
        raise InputError(path, "rule file not found" if not path.exists() else "rule file is not a regular file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_RULE_FILE + 1)
        if len(data) > MAX_RULE_FILE:
            raise InputError(path, "rule file is over 16 MB")
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"rule file is not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(path, f"cannot load rule file ({exc.strerror})") from None


def jsonl(path: Path) -> list[tuple[Where, Any]]:
    """The rows of a JSONL file with their places; blank lines and `//` comments are skipped."""
    rows = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = Where(path, number)
        try:
            rows.append((where, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise where.fail(f"not JSON ({exc.msg})") from None
    return rows


R = TypeVar("R", bound=Record)


def records(path: Path, kind: type[R], unique_by: str | None = "id") -> list[R]:
    """Every row of a JSONL file as a `kind`; `unique_by` names a key no two rows may share."""
    out, seen = [], {}
    for where, row in jsonl(path):
        record = kind.from_dict(row, where)
        if unique_by is not None:
            value = getattr(record, unique_by)
            if value in seen:
                raise where.fail(f"{value!r} is used twice (first on line {seen[value]})", unique_by)
            seen[value] = where.line
        out.append(record)
    return out


def toml(path: Path, kind: type[R]) -> R:
    """A TOML file as one record; the error names the line of the offending key."""
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML ({exc})") from None
    try:
        return kind.from_dict(data, Where(path))
    except InputError as exc:
        key = re.search(r"key '([^'.]+)", exc.problem)
        line = _line_of(text, key[1]) if key else None
        if line is None:
            raise
        raise InputError(path, f"line {line}: {exc.problem}") from None


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(?:\[\s*{re.escape(key)}\s*\]|{re.escape(key)}\s*=)")
    return next((n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)), None)


def word_list(path: Path) -> list[tuple[Where, str]]:
    """A plain list, one entry per line; blank lines and `#` comments are skipped."""
    return [(Where(path, n), line.strip()) for n, line in enumerate(read_text(path).splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")]
