"""A share of a loop's steps done in a forked second process, so that a build with many pages uses both cores.

Rendering is Python holding the GIL: threads would only take turns. A fork of the build holds every view,
template and record of the last build as they are at the fork, so nothing is sent to the child; it does its
share in order and sends back each step's outcome (pickled, through a pipe). The caller takes the outcomes
in its own order and does whatever the child did not send (the child failed, or was killed) itself, so
an error is raised in the caller, with the message a build in one process gives, and nothing is lost.

`in_two` is the simple form: a list of outcomes, every other one made by the child (the build reads its
files and makes its product views that way); `pages.render_jobs` takes the outcomes itself, one by one.

Forked only where that is safe: on POSIX but macOS, with no other thread in the process (a fork copies the locks
other threads hold, never the threads: the preview's server threads, a running search index's reader).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

Outcome = TypeVar("Outcome")
_MISSING = object()


def can_fork() -> bool:
    # Not on macOS: its system libraries are not safe in a forked child (why Python spawns there by default).
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def in_two(do: Callable[[int], Outcome], count: int, least: int) -> tuple[list[Outcome], int]:
    """([do(0), ..., do(count - 1)], how many of them the child made): every other step done in a forked child
    when there are `least` steps or more and a fork is safe. The list, and the first error raised, are those of
    one process; the child's side effects are not kept (the caller records what `do` returns)."""
    share = None
    if count >= least and can_fork():
        try:
            share = ForkedShare(lambda number: (do(number),), list(range(1, count, 2)))  # boxed: None is an outcome too
        except OSError:  # no memory or process left for a second one: this one does all
            share = None
    outcomes: list[Outcome] = []
    in_child = 0
    try:
        for number in range(count):
            boxed = share.take(number) if share is not None and number % 2 else None
            if boxed is None:
                outcomes.append(do(number))
            else:
                outcomes.append(boxed[0])
                in_child += 1
    finally:
        if share is not None:
            share.close()
    return outcomes, in_child


class ForkedShare(Generic[Outcome]):
    """The outcomes of `do(number)` for each of `numbers`, computed in a forked child in that order."""

    def __init__(self, do: Callable[[int], Outcome], numbers: list[int]) -> None:
        """Fork the child; an OSError (no memory or process left for it) leaves nothing behind, for the caller
        to do every step itself."""
        self._outcomes: dict[int, Outcome] = {}
        self._ended = False
        self._arrived = threading.Condition()
        read, write = os.pipe()
        # The collector would visit (write to) every object, copying the pages the two processes share: frozen
        # until the child is gone, the objects made so far are left alone on both sides.
        gc.freeze()
        try:
            self._pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(read)
            os.close(write)
            raise
        if self._pid == 0:
            os.close(read)
            _child(do, numbers, write)
        os.close(write)
        self._receiver = threading.Thread(target=self._receive, args=(read,), daemon=True)
        self._receiver.start()

    def take(self, number: int) -> Outcome | None:
        """The child's outcome of `number`, waiting for it; None when the child ended without it."""
        with self._arrived:
            while number not in self._outcomes and not self._ended:
                self._arrived.wait()
            outcome = self._outcomes.pop(number, _MISSING)
        return None if outcome is _MISSING else outcome  # type: ignore[return-value]

    def close(self) -> None:
        """End the child (it has finished, or its work is no longer wanted) and wait for it."""
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:  # SIGCHLD ignored: the system has reaped it
            pass
        self._receiver.join()
        gc.unfreeze()

    def _receive(self, read: int) -> None:
        with os.fdopen(read, "rb") as stream:
            try:
                while True:
                    number, outcome = pickle.load(stream)
                    with self._arrived:
                        self._outcomes[number] = outcome
                        self._arrived.notify_all()
            except Exception:  # the end of the stream, or a child killed in the middle of an outcome
                pass
            finally:
                with self._arrived:
                    self._ended = True
                    self._arrived.notify_all()


def _child(do: Callable[[int], object], numbers: list[int], write: int) -> NoReturn:
    code = 1
    parent = os.getppid()
    try:
        # Only the pipe and the standard streams: the child holds no copy of the output's lock, of the
        # preview's socket or of a file being written, to outlive the parent with.
        os.closerange(3, write)
        os.closerange(write + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)
        with os.fdopen(write, "wb") as stream:
            for number in numbers:
                if os.getppid() != parent:  # the build was killed: nothing wants these pages
                    break
                pickle.dump((number, do(number)), stream, protocol=pickle.HIGHEST_PROTOCOL)
                stream.flush()  # the parent may be waiting for this one
        code = 0
    except BaseException:  # noqa: BLE001 - an error, Ctrl-C, a closed pipe: the parent does the rest itself
        pass
    finally:
        os._exit(code)  # never the parent's exit handlers, buffers or finally blocks
