"""What a build keeps for the next one, in `.etalase-cache/state.pickle`: read documents, processed
photos, and the build graph's records of the last output (graph.py). Shared by `build` and `serve`.

A missing, damaged or older state only costs time: the build starts from nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

# pickle is imported where a state is read or written: a no-op rebuild does neither

CACHE_DIR = ".etalase-cache"
STATE_FILE = "state.pickle"
ICONS_DIR = "icons"  # the icons made from the logo (outputs/icons.py)


def load_state(cache_dir: Path, version: str) -> dict:
    import pickle

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
    import pickle

    temporary = cache_dir / f"{STATE_FILE}.{os.getpid()}"
    with open(temporary, "wb") as f:
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache_dir / STATE_FILE)


def remember_output(state: dict, output: Path, build: str, records: dict) -> None:
    """Keep the records of the site just written to `output` beside those of the other output folders
    (public/ and the preview's mirror), forgetting folders that no longer hold the site they describe."""
    from .write import read_marker

    outputs = state.setdefault("outputs", {})
    outputs[str(output)] = {"build": build, "records": records}
    for folder, saved in list(outputs.items()):
        if folder != str(output) and (read_marker(Path(folder)) or {}).get("build") != saved.get("build"):
            del outputs[folder]
