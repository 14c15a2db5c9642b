"""pipeline.child: a call in a child process, forked when that is safe, spawned otherwise."""

from __future__ import annotations

import operator
import os
import pydoc
import threading
from collections.abc import Iterator

import pytest

from pipeline.child import ChildCall, ChildDied, start_method
from pipeline.errors import BriefpressError


@pytest.fixture
def other_thread() -> Iterator[None]:
    """A second thread, as a test server or Pagefind's event loop would run."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


class Unpicklable(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("not this one")


def raise_unpicklable() -> None:
    raise Unpicklable("a lock in it")


def test_a_single_threaded_build_forks_and_the_child_sees_its_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if threading.active_count() > 1:
        pytest.skip("this test process runs other threads")
    monkeypatch.setattr(os, "briefpress_mark", "set at run time", raising=False)
    call = ChildCall("lookup", pydoc.locate, "os.briefpress_mark")
    assert call.method == "fork"
    assert call.result() == "set at run time"
    assert ChildCall("pid", os.getpid).result() != os.getpid()


def test_with_another_thread_running_the_child_is_spawned(
    monkeypatch: pytest.MonkeyPatch, other_thread: None
) -> None:
    assert start_method() == "spawn"
    monkeypatch.setattr(os, "briefpress_mark", "set at run time", raising=False)
    call = ChildCall("lookup", pydoc.locate, "os.briefpress_mark")
    assert call.method == "spawn"
    assert call.result() is None  # a fresh interpreter: the mark is not there
    assert ChildCall("sum", sum, [1, 2, 3]).result() == 6


def test_a_caller_can_name_the_start_method_its_queue_was_made_for() -> None:
    call = ChildCall("sum", sum, [1, 2], method="spawn")
    assert call.method == "spawn"
    assert call.result() == 3


def test_an_error_in_the_child_is_raised_again_in_the_parent() -> None:
    with pytest.raises(ZeroDivisionError):
        ChildCall("division", operator.truediv, 1, 0).result()
    with pytest.raises(BriefpressError, match="Unpicklable: a lock in it"):
        ChildCall("raise", raise_unpicklable).result()


def test_a_child_that_dies_without_an_answer_is_named() -> None:
    call = ChildCall("site build", os._exit, 3)
    assert not isinstance(call, BaseException)
    with pytest.raises(ChildDied, match=r"site build failed: its process died \(exit code 3\)"):
        call.result()
    assert call.done()
