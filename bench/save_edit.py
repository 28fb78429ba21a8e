"""Measure saving one edit to a large story file against a bare tomli parse of it (not a test).

    .venv/bin/python bench/save_edit.py            # the 20,000-paragraph bundle (13 MB), 5 rounds
    .venv/bin/python bench/save_edit.py --quick    # 2,000 paragraphs, 3 rounds
    .venv/bin/python bench/save_edit.py --tomlkit  # also a whole-document tomlkit round trip

The goal (issue 13, "Speed"): saving one edit takes less than parsing the file once with tomli.
The machine is noisy, so the baseline is measured in the same run, rounds of the baseline and
of the saves are interleaved, and each figure is the median of its rounds:

baseline
    read the file, decode it, the compiled `tomli.loads`; with the garbage collector on and
    off, whichever is faster (the writer turns it off while it builds the bundle).
save (update)
    `save_edit(story, Update(...))` retitling one event in the middle of the file: lock, read
    the file again and compare, splice the entry's new lines, check the bundle with the model's
    fast path, write atomically (fsync), stat. `StoryFile.open` is loading, not saving: it is
    done once before the rounds, and its time printed for reference.
save (first, cold)
    the first save after opening, which also scans the file's header lines and maps the ids
    (`StoryFile.prepare`, which the app can run in the background after loading, does that).
save (create), save (delete)
    a new event (placed by its date), and the deletion of one.
save after another editor's
    the file was changed on disk by another process since it was loaded: the writer loads
    that version (a full parse) and makes the edit to it. Slower than the baseline by nature.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tomli  # noqa: E402

from bench.storygen import generate  # noqa: E402
from tui.authoring.edits import Create, Delete, Saved, Update  # noqa: E402
from tui.authoring.story_file import StoryFile  # noqa: E402
from tui.authoring.writer import save_edit  # noqa: E402


def bare_parse(path: Path) -> float:
    """Seconds for the fastest bare parse of `path`: gc on, then off."""
    best = float("inf")
    for collect in (True, False):
        gc.collect()
        if not collect:
            gc.disable()
        try:
            start = time.perf_counter()
            tomli.loads(path.read_bytes().decode("utf-8"))
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def timed_save(story: StoryFile, edit: Update | Create | Delete) -> tuple[float, Saved]:
    gc.collect()  # as before each baseline parse: no garbage of the step before is timed
    start = time.perf_counter()
    outcome = save_edit(story, edit)
    seconds = time.perf_counter() - start
    assert isinstance(outcome, Saved), outcome
    return seconds, outcome


def retitle(story: StoryFile, entry_id: str, title: str) -> Update:
    fields = story.fields(entry_id)
    assert fields is not None
    fields["title"] = title
    return Update(entry_id, fields)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="2,000 paragraphs, 3 rounds")
    parser.add_argument("--tomlkit", action="store_true", help="also time tomlkit on it all")
    options = parser.parse_args()
    size, rounds = (2_000, 3) if options.quick else (20_000, 5)
    folder = Path(tempfile.mkdtemp(prefix="bench-save-edit-"))
    try:
        return run(folder, size, rounds, options.tomlkit)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, size: int, rounds: int, with_tomlkit: bool) -> int:
    path = folder / "story.toml"
    path.write_text(generate(size), encoding="utf-8")
    print(f"bundle: {size:,} paragraphs, {path.stat().st_size / 1e6:.1f} MB")
    opened, story = timed(lambda: StoryFile.open(path))
    assert isinstance(story, StoryFile)
    events = story.bundle.events
    middle = events[len(events) // 2].id
    figures: dict[str, list[float]] = {
        "baseline: tomli.loads": [],
        "save (update)": [],
        "save (create)": [],
        "save (delete)": [],
    }
    cold, saved = timed_save(story, retitle(story, middle, "Cold"))
    prepared = StoryFile.open(path)
    prepare, _ = timed(prepared.prepare)
    after_prepare, saved = timed_save(prepared, retitle(prepared, middle, "Prepared"))
    story = saved.story
    for number in range(rounds):
        figures["baseline: tomli.loads"].append(bare_parse(path))
        seconds, saved = timed_save(story, retitle(story, middle, f"R{number}"))
        figures["save (update)"].append(seconds)
        new = {
            "id": f"bench-{number}",
            "title": "A benchmark event",
            "when": "",
            "date": "2030",
            "sources": [{"paragraph": "p7"}],
        }
        seconds, saved = timed_save(saved.story, Create("events", new))
        figures["save (create)"].append(seconds)
        seconds, saved = timed_save(saved.story, Delete(f"bench-{number}"))
        figures["save (delete)"].append(seconds)
        story = saved.story
    # Another editor saves first: this one reloads and re-applies.
    other = StoryFile.open(path)
    assert isinstance(save_edit(other, retitle(other, events[1].id, "Theirs")), Saved)
    after_other, saved = timed_save(story, retitle(story, middle, "Mine"))
    assert saved.reloaded

    baseline = statistics.median(figures["baseline: tomli.loads"])
    print(f"{'':32} {'median':>10} {'vs baseline':>12}")
    for name, values in figures.items():
        seconds = statistics.median(values)
        print(f"{name:32} {seconds * 1000:8.0f} ms {seconds / baseline:11.2f}x")
    for name, seconds in (
        ("save (first, cold)", cold),
        ("StoryFile.prepare()", prepare),
        ("save (first, after prepare())", after_prepare),
        ("save after another editor's", after_other),
        ("StoryFile.open (loading)", opened),
    ):
        print(f"{name:32} {seconds * 1000:8.0f} ms {seconds / baseline:11.2f}x")
    if with_tomlkit:
        import tomlkit

        seconds, _ = timed(lambda: tomlkit.parse(path.read_text(encoding="utf-8")).as_string())
        print(f"{'tomlkit round trip (reference)':32} {seconds * 1000:8.0f} ms "
              f"{seconds / baseline:11.2f}x")
    goal = statistics.median(figures["save (update)"]) < baseline
    print(f"goal (one edit saved in less than a tomli parse): {'met' if goal else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
