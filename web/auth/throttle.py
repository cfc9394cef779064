"""Slowing down password guessing: after too many failed sign-ins from one address in a
window, further attempts from it are refused for the rest of the window.

Kept in the process's memory (one waitress process serves the pages): a restart forgets it,
which is acceptable for a brake on guessing. Successful sign-ins do not count.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

MAX_FAILURES = 10
WINDOW_SECONDS = 600.0


class SignInThrottle:
    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_SECONDS):
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= self.max_failures

    def failed(self, key: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent(key, now).append(now)
