"""Whether anything a build reads changed: one digest of every input file's size and time.

A rebuild whose fingerprint equals the one in the output's marker, of an output
that is as that build wrote it, does nothing (the no-op rebuild reads no file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import CONFIG_NAME

if TYPE_CHECKING:
    from .build import BuildOptions


def _input_files(root: Path, theme_dirs: list[Path]) -> list[Path]:
    files = [root / CONFIG_NAME]
    for folder in [root / "content", root / "templates", *theme_dirs]:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            files.extend(Path(dirpath) / name for name in sorted(filenames))
    return files


def _git_head(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip()


def fingerprint(options: BuildOptions, theme_dirs: list[Path], today: dt.date) -> str:
    """Changes whenever any input could change the output (today's date included: promises expire)."""
    h = hashlib.sha256(f"{__version__}|{options.base_url}|{options.use_git}|{options.output_dir}|{options.strict}|{today}".encode())
    for path in _input_files(options.root, theme_dirs):
        try:
            stat = path.stat()
        except OSError:
            continue
        h.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    if options.use_git:
        h.update(_git_head(options.root).encode())
    return h.hexdigest()
