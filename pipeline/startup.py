"""What the `whitepaper` command's own process does before it starts: never done on import, so
code that imports the package (tests, notebooks) is left as it was. Called by `cli.entry`.

- spaCy's `__init__` imports `spacy.cli.info` (for `spacy.info`), and with it spaCy's whole
  command line: weasel, typer, requests, httpx and ~350 more modules, about 17 MB and 70-150 ms
  of every cold start, though no whitepaper command uses them. A stand-in for `spacy.cli.info`
  is registered first; it loads the real module the first time anything on it is used, so
  `spacy.info()` and `spacy.cli` work as before, paid for only when used.
- pyarrow's default allocator (mimalloc) reserves and touches about 8 MB more than the system
  allocator for tables this small; ARROW_DEFAULT_MEMORY_POOL keeps a user's own choice.
- `pyarrow.parquet` imports `pyarrow.fs`, which loads the cloud file systems it finds (S3's
  library and the AWS SDK: about 8 MB of resident memory) though every command reads and writes
  local files only. They are marked absent, as on a pyarrow built without them: `pyarrow.fs`
  then simply lacks S3FileSystem and the like.
"""

from __future__ import annotations

import importlib
import os
import sys
import types

_INFO = "spacy.cli.info"
_CLOUD_FILE_SYSTEMS = ("pyarrow._s3fs", "pyarrow._gcsfs", "pyarrow._azurefs", "pyarrow._hdfs")


class _DeferredInfo(types.ModuleType):
    """`spacy.cli.info` until something uses it; then the real module, in its place."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        if sys.modules.get(_INFO) is self:
            del sys.modules[_INFO]
        return getattr(importlib.import_module(_INFO), name)


def _info(*args, **kwargs):
    """spacy.info, loaded on its first call."""
    if isinstance(sys.modules.get(_INFO), _DeferredInfo):
        del sys.modules[_INFO]
    return importlib.import_module(_INFO).info(*args, **kwargs)


def prepare_process() -> None:
    """Lighten this process's start-up; see the module docstring. Only before spaCy and pyarrow
    are imported."""
    if "spacy" not in sys.modules and _INFO not in sys.modules:
        stand_in = _DeferredInfo(_INFO, "stand-in until first use; see pipeline.startup")
        stand_in.info = _info
        sys.modules[_INFO] = stand_in
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    if "pyarrow.fs" not in sys.modules:
        for name in _CLOUD_FILE_SYSTEMS:
            sys.modules.setdefault(name, None)  # None: `import` raises ImportError, as for a missing module
