"""Where the index lives when the user does not say.

``POLYSEEK_INDEX`` wins; otherwise ``$XDG_DATA_HOME/polyseek/index`` (by default
``~/.local/share/polyseek/index``), the per-user data directory on Linux.

Example:
    >>> import os
    >>> os.environ["POLYSEEK_INDEX"] = "/tmp/ix"
    >>> str(default_index_dir())
    '/tmp/ix'
    >>> del os.environ["POLYSEEK_INDEX"]
"""

from __future__ import annotations

import os
from pathlib import Path


def default_index_dir() -> Path:
    """The index directory used when ``--index`` is omitted."""
    explicit = os.environ.get("POLYSEEK_INDEX")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "polyseek" / "index"
