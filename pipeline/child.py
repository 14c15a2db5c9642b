"""One call run in a child process while the build goes on: the site's renderer, and the
PDFs of a small rebuild printed alongside the site.

The child is forked when this process runs no other thread, so it starts at once with
everything already imported and shares the parent's memory; the parent's objects are
frozen for the garbage collector first (``gc.freeze``), as a collection in the child
would otherwise write to, and so copy, every page that holds one. With another thread
running (a test server, say) the child is spawned instead: a forked child can hang on
a lock that thread held at the time of the fork.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import pickle
import threading
import traceback
from collections.abc import Callable
from typing import Any

from .errors import BriefpressError

__all__ = ["ChildCall", "ChildDied", "release_free_memory", "start_method"]


class ChildDied(BriefpressError):
    """The child process ended without an answer: killed, or crashed in a C library."""


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system: a large build's analysis leaves
    hundreds of MB freed but held by the C allocator (glibc), which would stay in this
    process for the rest of the build and be copied by a forked child that allocates there."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def start_method() -> str:
    """``fork`` when this process has no other thread, else ``spawn``."""
    return "fork" if threading.active_count() == 1 else "spawn"


class ChildCall:
    """``function(*args)`` in a child process; ``result()`` waits for what it returns.

    ``method`` is ``start_method()`` unless given: a caller that passes the child
    a queue made for one method gives that method. An exception in the child is
    raised again by ``result()``; a child that dies without an answer raises
    ``ChildDied``.
    """

    def __init__(
        self, what: str, function: Callable[..., Any], *args: Any, method: str | None = None
    ) -> None:
        self.what = what
        self.method = method or start_method()
        context = multiprocessing.get_context(self.method)
        self._answer, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_answer, args=(sender, function, args), name=what)
        if self.method == "fork":
            gc.freeze()
        try:
            self._process.start()
        finally:
            if self.method == "fork":
                gc.unfreeze()
        sender.close()

    def done(self) -> bool:
        """Whether the child has answered (or died)."""
        answer = self._answer
        return answer.closed or answer.poll() or not self._process.is_alive()

    def cancel(self) -> None:
        """Stop the child without waiting for its answer."""
        self._process.terminate()
        self._process.join()
        self._answer.close()

    def result(self) -> Any:
        try:
            succeeded, value = self._answer.recv()
        except EOFError:
            self._process.join()
            raise ChildDied(
                f"{self.what} failed: its process died (exit code {self._process.exitcode})"
            ) from None
        finally:
            self._answer.close()
        self._process.join()
        if succeeded:
            return value
        raise value


def _answer(sender: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the child: call ``function`` and send back its result or its exception."""
    try:
        answer = (True, function(*args))
    except BaseException as error:  # raised again in the parent
        answer = (False, _sendable(error))
    sender.send(answer)
    sender.close()


def _sendable(error: BaseException) -> BaseException:
    """The exception itself when it pickles, else a ``BriefpressError`` naming it."""
    try:
        pickle.dumps(error)
        return error
    except Exception:  # whatever pickling raised: not sendable
        detail = "".join(traceback.format_exception_only(error)).strip()
        return BriefpressError(detail)
