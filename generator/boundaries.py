"""Where a file read as content, template or theme may really be: inside its folder, and never in the
shop's private folders (git's, which holds a publish token in CI; the build cache)."""

from __future__ import annotations

from pathlib import Path

PRIVATE_FOLDERS = (".git", ".etalase-cache")


def resolves_inside(path: Path, boundary: Path) -> bool:
    """Whether `path`, every link followed, lies inside `boundary` and outside its private folders.
    A link loop or an unreadable link counts as outside."""
    try:
        target, base = path.resolve(), boundary.resolve()
    except (OSError, RuntimeError):
        return False
    return target.is_relative_to(base) and not any(target.is_relative_to(base / name) for name in PRIVATE_FOLDERS)
