"""`etalase serve`: a local preview that rebuilds what changed and reloads the browser.

`preview` is the build loop (watching, rebuilding through the same build graph as
`etalase build`, the snapshot served); `server` is the HTTP side (what may be asked,
and what is answered). This module starts and stops the two.
"""

from __future__ import annotations

import threading

from ..build import BuildOptions
from ..reporter import Reporter
from .server import IDLE_TIMEOUT, MAX_CONNECTIONS, CannotListen, PreviewServer, listen
from .preview import DEBOUNCE_SECONDS, Preview, Snapshot, _watch, changed_pages

__all__ = ["CannotListen", "DEBOUNCE_SECONDS", "Preview", "PreviewServer", "Snapshot", "changed_pages", "start", "stop"]


def start(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000, reporter: Reporter | None = None,
          watch: bool = True, timeout: float = IDLE_TIMEOUT,
          max_connections: int = MAX_CONNECTIONS) -> tuple[PreviewServer, Preview, list]:
    """Listen, build, start serving in background threads, and watch; returns what `stop` needs.

    The socket is bound before the first build, so a port in use fails at once (CannotListen), not
    after the whole shop was built; browsers connecting meanwhile wait in the queue until it is done.
    """
    reporter = reporter or Reporter(1)
    preview = Preview(options, reporter)
    server = listen(preview, host, port, timeout, max_connections)
    try:
        preview.rebuild()
    except BaseException:  # Ctrl-C during the first build: give the port back
        server.server_close()
        raise
    threads = [threading.Thread(target=server.serve_forever, daemon=True), threading.Thread(target=preview.run_rebuilds, daemon=True),
               threading.Thread(target=preview.run_mirror, daemon=True)]
    for thread in threads:
        thread.start()
    observer = None
    if watch:
        from ..themes import bundled_themes_dir

        folders = [preview.root, preview.root / "content", preview.root / "templates", preview.root / "themes", bundled_themes_dir()]
        observer = _watch(preview, folders)
    return server, preview, [observer]


def stop(server: PreviewServer, preview: Preview, observers: list) -> None:
    preview.stop()
    for observer in observers:
        if observer is not None:
            observer.stop()
    server.shutdown()
    server.server_close()
    for observer in observers:
        if observer is not None:
            observer.join(timeout=2)
