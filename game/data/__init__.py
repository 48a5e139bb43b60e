"""The files that ship inside the package: the built-in scenarios (``scenarios/``) and the map,
country table and theme (``assets/``). The repository's top-level ``scenarios`` and ``assets``
are links to these folders, so the paths the documentation gives keep working in a checkout,
and an installed wheel carries the same files.

Read them through ``resource`` (``importlib.resources``), never by a path relative to a source
file, so that they are found wherever the package is installed.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource(*parts: str) -> Path:
    """The file or folder ``parts`` (e.g. ``"scenarios", "tutorial.toml"``) of the package's
    data, as a path on disk (pip installs packages unpacked, so it always is one)."""
    return Path(str(files(__name__).joinpath(*parts)))
