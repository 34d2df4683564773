"""Progress of a backfill and of the demo's phases, for a person: one line updating in place (``rich``) on a
terminal, plain lines elsewhere (CI, logs, a pipe)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TextIO

DASH = "–"


def clock(seconds: float | None) -> str:
    """``0:01:05`` for 65 s; ``–`` when unknown."""
    if seconds is None:
        return DASH
    return str(timedelta(seconds=round(max(0.0, seconds))))


@dataclass(frozen=True)
class BackfillState:
    """One look at a backfill: runs and task instances by state."""

    expected_runs: int
    runs: dict[str, int]
    tasks: dict[str, int]

    @property
    def months_done(self) -> int:
        return self.runs.get("success", 0) + self.runs.get("failed", 0)

    @property
    def tasks_done(self) -> int:
        return sum(n for state, n in self.tasks.items() if state in ("success", "failed", "upstream_failed", "skipped"))

    @property
    def tasks_expected(self) -> int:
        """The task instances seen so far, and as many again per run not started yet as the started ones have
        (a queued run has none yet; mapped tasks add theirs when they expand): an estimate."""
        seen = sum(self.tasks.values())
        started = sum(n for state, n in self.runs.items() if state != "queued")
        if not started:
            return seen
        return seen + round(seen / started * (self.expected_runs - started))

    def remaining(self, elapsed: float) -> float | None:
        """Seconds left at the pace so far (tasks done per second); None until a task is done."""
        done, expected = self.tasks_done, self.tasks_expected
        if not done:
            return None
        return elapsed / done * max(0, expected - done)

    def line(self, elapsed: float) -> str:
        failed = self.runs.get("failed", 0)
        return (
            f"months {self.months_done}/{self.expected_runs}"
            + (f" ({failed} failed)" if failed else "")
            + f", tasks {self.tasks_done}/{self.tasks_expected}, elapsed {clock(elapsed)}"
            + f", remaining {clock(self.remaining(elapsed))}"
        )


class BackfillProgress:
    """Call with each look at the backfill (``runs``, ``tasks`` by state). On a terminal one line updates in
    place, with a bar of the months; elsewhere a plain line is written whenever months or tasks are done."""

    def __init__(self, expected_runs: int, *, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.expected_runs = expected_runs
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty() if live is None else live
        self.started = time.monotonic()
        self._last: tuple[int, ...] | None = None
        self._progress = None

    def __enter__(self) -> BackfillProgress:
        if self.live:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("backfill: months"),
                MofNCompleteColumn(),
                BarColumn(),
                TextColumn("{task.description}"),
                console=Console(file=self.stream, force_terminal=True),
                transient=False,
                refresh_per_second=4,
            )
            self._task = self._progress.add_task("", total=self.expected_runs)
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, runs: dict[str, int], tasks: dict[str, int]) -> None:
        state = BackfillState(self.expected_runs, dict(runs), dict(tasks))
        elapsed = time.monotonic() - self.started
        if self._progress is not None:
            rest = state.line(elapsed).split(", ", 1)[1]
            self._progress.update(self._task, completed=state.months_done, description=rest)
            return
        counts = (state.months_done, state.runs.get("failed", 0), state.tasks_done, state.tasks_expected)
        if counts != self._last:
            self._last = counts
            print(f"backfill: {state.line(elapsed)}", file=self.stream, flush=True)


@dataclass
class Phases:
    """How long each phase of a run took, in the order they started; phases may overlap (seeding runs while
    Airflow starts)."""

    started: float = field(default_factory=time.monotonic)
    durations: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        begun = time.monotonic()
        try:
            yield
        finally:
            self.durations[name] = time.monotonic() - begun

    def begin(self, name: str) -> tuple[str, float]:
        """Start a phase that does not fit a ``with`` block (it overlaps others); :meth:`end` ends it."""
        self.durations[name] = 0.0
        return name, time.monotonic()

    def end(self, begun: tuple[str, float]) -> None:
        name, at = begun
        self.durations[name] = time.monotonic() - at

    def total(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> str:
        width = max(len(name) for name in self.durations) if self.durations else 0
        lines = [f"  {name:<{width}}  {seconds:6.1f} s" for name, seconds in self.durations.items()]
        return "\n".join([*lines, f"  {'total':<{width}}  {self.total():6.1f} s"])
