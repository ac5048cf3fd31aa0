"""This Etalase's code as a version: its number and the names, sizes and times of its own files.

What a build keeps for the next one (the state's records and memos, the no-op's fingerprint) is only
as right as the code that made it: a development tree, or an install that keeps the number, changes
that code without a new number. Sizes and times, not bytes: ~100 stats, 1-2 ms, on every build.
"""

from __future__ import annotations

import hashlib
import os

from . import __version__

PACKAGE = os.path.dirname(os.path.abspath(__file__))


def code_version(package: str = PACKAGE) -> str:
    """`__version__` and a digest of the package's files (compiled caches left out: Python remakes them)."""
    digest = hashlib.blake2b(digest_size=8)
    folders = [package]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                    continue
                found = entry.stat()
                digest.update(f"{os.path.relpath(entry.path, package)}|{found.st_size}|{found.st_mtime_ns}\n".encode())
    return f"{__version__}+{digest.hexdigest()}"
