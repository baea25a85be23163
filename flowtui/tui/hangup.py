"""Ending flowtui on a hang-up, SIGTERM or a vanished terminal: drafts first, out within seconds.

Why not only ``loop.add_signal_handler``: that callback runs on the event loop, and a busy app
whose terminal vanished can have its loop blocked for good. Textual's writer thread dies on the
first write to the closed terminal (EIO), its bounded queue fills, and the next ``write`` from
the loop (or the ``stop()`` on exit) waits on ``queue.put`` forever. A Python signal handler
still runs in that case (the wait is interrupted, the handler runs between bytecodes), so it
writes the drafts synchronously, asks for the orderly exit, and starts a deadline: if the
process has not ended ``grace`` seconds later, it ends with ``os._exit``. A small thread watches
the terminal for a hang-up that arrives without a signal, and raises SIGHUP to take the same
path.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import select
import signal
import sys
import termios
import threading
import time
from collections.abc import Callable
from functools import partial
from types import FrameType
from typing import Any, Protocol

from textual.app import App

log = logging.getLogger(__name__)

GRACE = 0.5
"""Seconds the orderly exit gets before the process ends anyway (the promise is two)."""
WATCH_INTERVAL = 0.2
"""Seconds between looks at the terminal for a hang-up."""
SIGNALS = (signal.SIGHUP, signal.SIGTERM)

_RESET_TERMINAL = (
    b"\x1b[<u"  # kitty keyboard protocol off
    b"\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse reporting off
    b"\x1b[?2004l\x1b[?1004l"  # bracketed paste and focus events off
    b"\x1b[?7h\x1b[?1049l\x1b[?25h"  # line wrap on, main screen back, cursor shown
)


def exit_code_for(signum: int) -> int:
    """The shell's convention: 128 plus the signal number (129 for SIGHUP, 143 for SIGTERM)."""
    return 128 + signum


def terminal_fd() -> int | None:
    """The file descriptor of the controlling terminal flowtui draws on, or None."""
    for stream in (sys.__stderr__, sys.__stdin__, sys.__stdout__):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if stream is not None and os.isatty(stream.fileno()):
                return stream.fileno()
    return None


def restore_terminal(fd: int | None, *, timeout: float = 0.1) -> None:
    """Best effort: cooked mode, cursor and main screen back, if the terminal is still there.

    The write runs on its own thread and is given up after ``timeout``: a terminal that stopped
    reading must not hold the exit.
    """
    if fd is None:
        return
    with contextlib.suppress(OSError, termios.error):
        attrs = termios.tcgetattr(fd)
        attrs[0] |= termios.ICRNL | termios.IXON
        attrs[3] |= termios.ECHO | termios.ICANON | termios.ISIG | termios.IEXTEN
        termios.tcsetattr(fd, termios.TCSANOW, attrs)

    def write() -> None:
        with contextlib.suppress(OSError):
            os.write(fd, _RESET_TERMINAL)

    writer = threading.Thread(target=write, name="flowtui-restore-terminal", daemon=True)
    writer.start()
    writer.join(timeout)


class HangUpGuard:
    """On SIGHUP, SIGTERM or a hung-up terminal: ``save()``, ``request_exit(code)``, and
    ``os._exit(code)`` after ``grace`` seconds if the process is still there.

    Install it from the main thread (signal handlers can only be set there).
    """

    def __init__(
        self,
        *,
        save: Callable[[], object],
        request_exit: Callable[[int], object],
        terminal: int | None = None,
        grace: float = GRACE,
        end: Callable[[int], Any] = os._exit,
    ) -> None:
        self.save = save
        self.request_exit = request_exit
        self.terminal = terminal
        self.grace = grace
        self.end = end
        self.triggered_with: int | None = None
        """The exit code of the first hang-up seen (None while there was none)."""
        self._previous: dict[int, Any] = {}
        self._stopped = threading.Event()

    def install(self) -> None:
        """Take over SIGHUP and SIGTERM (even if inherited as ignored, as under nohup)."""
        for signum in SIGNALS:
            self._previous[signum] = signal.signal(signum, self._on_signal)
        if self.terminal is not None:
            threading.Thread(
                target=self._watch_terminal, name="flowtui-hangup-watch", daemon=True
            ).start()

    def uninstall(self) -> None:
        """Give the signals back (tests; a normal exit needs no clean-up)."""
        self._stopped.set()
        for signum, previous in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(signum, previous)
        self._previous.clear()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.trigger(exit_code_for(signum))

    def trigger(self, code: int) -> None:
        """Start the deadline, write the drafts, ask for the orderly exit (once)."""
        if self.triggered_with is not None:
            return
        self.triggered_with = code
        threading.Thread(
            target=self._deadline, args=(code,), name="flowtui-exit-deadline", daemon=True
        ).start()
        try:
            self.save()
        except Exception:
            log.exception("writing the drafts on hang-up failed")
        try:
            self.request_exit(code)
        except Exception:
            log.exception("asking the app to exit on hang-up failed")

    def _deadline(self, code: int) -> None:
        time.sleep(self.grace)
        restore_terminal(self.terminal)
        self.end(code)

    def _watch_terminal(self) -> None:
        """Raise SIGHUP when the terminal hangs up without one (e.g. not its controlling one)."""
        assert self.terminal is not None
        poller = select.poll()
        poller.register(self.terminal, 0)  # hang-up and error are always reported
        while not self._stopped.is_set():
            try:
                events = poller.poll(WATCH_INTERVAL * 1000)
            except OSError:
                return
            masks = [mask for _, mask in events]
            if any(mask & select.POLLNVAL for mask in masks):
                return  # the descriptor went away: nothing left to watch
            if any(mask & (select.POLLHUP | select.POLLERR) for mask in masks):
                if not self._stopped.is_set() and self.triggered_with is None:
                    os.kill(os.getpid(), signal.SIGHUP)
                return


class HoldsDraft(Protocol):
    """A screen with an edit in progress (the editor): it can write its draft right now."""

    def write_draft_now(self) -> None: ...


def write_open_drafts(app: App[Any]) -> None:
    """Write the draft of every editor open in ``app``, synchronously (from a signal handler)."""
    for screen in list(app.screen_stack):
        writer = getattr(screen, "write_draft_now", None)
        if callable(writer):
            try:
                writer()
            except Exception:
                log.exception("writing a draft on hang-up failed")


def install_hang_up_guard(app: App[Any], *, grace: float = GRACE) -> HangUpGuard:
    """Guard a running app (call it from the app's ``on_mount``, on the main thread)."""
    loop = asyncio.get_running_loop()

    def request_exit(code: int) -> None:
        # Thread-safe: it wakes the loop through its self-pipe, even from a signal handler.
        loop.call_soon_threadsafe(partial(app.exit, None, code))

    guard = HangUpGuard(
        save=partial(write_open_drafts, app),
        request_exit=request_exit,
        terminal=terminal_fd(),
        grace=grace,
    )
    guard.install()
    return guard
