"""ai_job_share.tools.progress: the backfill's progress line and the demo's phase timings."""

from __future__ import annotations

import io
import time

from ai_job_share.tools.progress import BackfillProgress, BackfillState, Phases, clock


def test_the_line_counts_months_and_tasks_and_estimates_the_time_left():
    # 4 runs started, 2 of them done: 40 task instances seen, 10 per started run; 17 runs expected in all.
    state = BackfillState(17, {"success": 2, "running": 2, "queued": 13}, {"success": 25, "running": 5, "none": 10})
    assert state.months_done == 2
    assert state.tasks_done == 25
    assert state.tasks_expected == 40 + 10 * 13
    # 25 tasks in 50 s: 2 s a task, 145 to go.
    assert state.remaining(50.0) == 290.0
    assert state.line(50.0) == "months 2/17, tasks 25/170, elapsed 0:00:50, remaining 0:04:50"


def test_before_any_task_is_done_the_time_left_is_unknown():
    state = BackfillState(17, {"queued": 17}, {})
    assert state.remaining(3.0) is None
    assert state.line(3.0) == "months 0/17, tasks 0/0, elapsed 0:00:03, remaining –"


def test_failed_months_are_named_in_the_line():
    state = BackfillState(2, {"success": 1, "failed": 1}, {"success": 9, "failed": 1})
    assert state.line(10.0).startswith("months 2/2 (1 failed), tasks 10/10")


def test_off_a_terminal_it_writes_a_plain_line_only_when_months_or_tasks_are_done():
    out = io.StringIO()
    with BackfillProgress(2, stream=out) as progress:
        progress({"queued": 2}, {})
        progress({"queued": 2}, {})
        progress({"running": 1, "queued": 1}, {"running": 1})
        progress({"running": 1, "queued": 1}, {"queued": 1})  # a task changed state, nothing more is done
        progress({"success": 2}, {"success": 8})
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert all(line.startswith("backfill: months ") for line in lines)
    assert "\x1b" not in out.getvalue()  # no escape codes in a log
    assert lines[-1].startswith("backfill: months 2/2, tasks 8/8")


def test_on_a_terminal_one_line_is_redrawn_in_place():
    out = io.StringIO()
    with BackfillProgress(2, stream=out, live=True) as progress:
        progress({"running": 2}, {"running": 2})
        progress({"success": 2}, {"success": 8})
    text = out.getvalue()
    assert "tasks 8/8" in text
    assert "\r\x1b[2K" in text  # the line is erased and drawn again...
    assert text.count("\n") == 1  # ...and ends once, when the backfill is over


def test_phases_keep_their_order_and_the_total():
    phases = Phases()
    with phases.phase("seed"):
        pass
    with phases.phase("backfill"):
        pass
    assert list(phases.durations) == ["seed", "backfill"]
    summary = phases.summary().splitlines()
    assert [line.split()[0] for line in summary] == ["seed", "backfill", "total"]


def test_clock():
    assert clock(65.4) == "0:01:05"
    assert clock(None) == "–"


def test_a_phase_that_overlaps_others_keeps_its_place_and_covers_them():
    phases = Phases()
    stopping = phases.begin("Airflow stop")
    with phases.phase("report"):
        time.sleep(0.01)
    phases.end(stopping)
    assert list(phases.durations) == ["Airflow stop", "report"]
    assert phases.durations["Airflow stop"] >= phases.durations["report"] > 0
