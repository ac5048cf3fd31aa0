"""What a build keeps for the next one, in `.etalase-cache/state.pickle`: read documents, processed
photos, and the build graph's records of the last output (graph.py). Shared by `build` and `serve`.

A missing, damaged or older state only costs time: the build starts from nothing.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

CACHE_DIR = ".etalase-cache"
STATE_FILE = "state.pickle"


def load_state(cache_dir: Path, version: str) -> dict:
    try:
        with open(cache_dir / STATE_FILE, "rb") as f:
            state = pickle.load(f)
        if isinstance(state, dict) and state.get("version") == version:
            return state
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError):
        pass  # a missing or stale cache only costs time
    return {"version": version}


def save_state(cache_dir: Path, state: dict) -> None:
    """Written whole to a temporary file, then renamed: a build killed while saving leaves the previous state."""
    cache_dir.mkdir(exist_ok=True)
    (cache_dir / ".gitignore").write_text("*\n")
    temporary = cache_dir / f"{STATE_FILE}.{os.getpid()}"
    with open(temporary, "wb") as f:
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache_dir / STATE_FILE)
