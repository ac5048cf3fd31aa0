"""Whether anything a build reads changed: one digest of every input file's size and time.

A rebuild whose fingerprint equals the one in the output's marker, of an output
that is as that build wrote it, does nothing (the no-op rebuild reads no file).
The marker also keeps what the fingerprint needs from shop.toml (`config_inputs`):
while shop.toml's bytes are the same, a no-op needs neither its validation nor
the theme lookup, nor their imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

CONFIG_NAME = "shop.toml"  # config.py's; named here so that a no-op does not import the config's validation

if TYPE_CHECKING:
    from .build import BuildOptions


def _input_files(root: Path, theme_dirs: list[Path]) -> list[Path]:
    files = [root / CONFIG_NAME]
    # the whole of the shop's themes/: a theme added there can take the place of a bundled one of its name
    shop_themes = root / "themes"
    outside = [folder for folder in theme_dirs if not folder.is_relative_to(shop_themes)]
    for folder in [root / "content", root / "templates", shop_themes, *outside]:
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
    h.update(f"{config_digest(options.root)}\n".encode())  # its bytes, not only its time: the no-op's short way trusts them
    for path in _input_files(options.root, theme_dirs):
        try:
            stat = path.stat()
        except OSError:
            continue
        h.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    if options.use_git:
        h.update(_git_head(options.root).encode())
    return h.hexdigest()


def config_digest(root: Path) -> str | None:
    """The digest of shop.toml's bytes (None when it cannot be read: then the config is loaded as usual)."""
    try:
        return hashlib.sha256((root / CONFIG_NAME).read_bytes()).hexdigest()
    except OSError:
        return None


def config_inputs(root: Path, theme_dirs: list[Path], timezone: str) -> dict:
    """What a fingerprint takes from the config, for the marker: valid while shop.toml's digest is the same."""
    return {"config": config_digest(root), "themes": [str(folder) for folder in theme_dirs], "timezone": timezone}
