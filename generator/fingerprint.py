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
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .code_version import code_version

CONFIG_NAME = "shop.toml"  # config.py's; named here so that a no-op does not import the config's validation

if TYPE_CHECKING:
    from .build import BuildOptions


def _input_files(root: Path, theme_dirs: list[Path]) -> Iterator[tuple[str, os.stat_result]]:
    """(path, stat) of every input file, in a fixed order: shop.toml, then each folder's files, sorted, folder by
    folder (names that begin with a dot left out). Plain strings and directory entries, no Path a file: the no-op
    rebuild runs this for every file of the shop."""
    config = root / CONFIG_NAME
    try:
        yield str(config), config.stat()
    except OSError:
        pass
    # the whole of the shop's themes/: a theme added there can take the place of a bundled one of its name
    shop_themes = root / "themes"
    outside = [folder for folder in theme_dirs if not folder.is_relative_to(shop_themes)]
    for folder in [root / "content", root / "templates", shop_themes, *outside]:
        yield from _folder_files(str(folder))


def _folder_files(folder: str) -> Iterator[tuple[str, os.stat_result]]:
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        try:
            if entry.is_dir():  # a link to a folder is not followed (as by os.walk), nor counted as a file
                if not entry.name.startswith(".") and not entry.is_symlink():
                    folders.append(entry.path)
                continue
            yield entry.path, entry.stat()  # a link is followed, to the file it names
        except OSError:
            continue
    for path in folders:
        yield from _folder_files(path)


def _git_head(root: Path) -> str:
    import subprocess  # here: a no-op rebuild without git does without it

    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip()


def fingerprint(options: BuildOptions, theme_dirs: list[Path], today: dt.date, named: list[Path] | None = None) -> str:
    """Changes whenever any input could change the output (today's date included: promises expire). `named`:
    files shop.toml names that may lie outside the folders looked at (the logo, anywhere in the shop)."""
    h = hashlib.sha256(f"{code_version()}|{options.base_url}|{options.use_git}|{options.output_dir}|{options.strict}|{today}".encode())
    h.update(f"{config_digest(options.root)}\n".encode())  # its bytes, not only its time: the no-op's short way trusts them
    for path, stat in _input_files(options.root, theme_dirs):
        h.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    for path in named or ():
        try:
            found = path.stat()
            h.update(f"named {path}|{found.st_size}|{found.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"named {path}|absent\n".encode())
    if options.use_git:
        h.update(_git_head(options.root).encode())
    return h.hexdigest()


def config_digest(root: Path) -> str | None:
    """The digest of shop.toml's bytes (None when it cannot be read: then the config is loaded as usual)."""
    try:
        return hashlib.sha256((root / CONFIG_NAME).read_bytes()).hexdigest()
    except OSError:
        return None


def config_inputs(root: Path, theme_dirs: list[Path], timezone: str, named: list[Path]) -> dict:
    """What a fingerprint takes from the config, for the marker: valid while shop.toml's digest is the same."""
    return {"config": config_digest(root), "themes": [str(folder) for folder in theme_dirs], "timezone": timezone,
            "named": [str(path) for path in named]}


def named_files(shop) -> list[Path]:
    """The files shop.toml names (its logo: the icons are made from it)."""
    return [shop.logo] if shop.logo is not None else []
