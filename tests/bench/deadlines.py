"""How well feed deadlines are read from the corpus: `python -m tests.bench.deadlines`.

Runs the extractor over every text of tests/feeds/deadline_corpus.py and prints, by kind (call,
consultation, other) and in total, how many came out correct (the expected deadline, or
silence where silence is right), with no date where one was expected, and with a wrong date
(a deadline other than the expected one, or one where none should be). Each part of the
corpus (tuning, held out, fresh, ...) is counted on its own as well.

The feed's kind is passed as the bot passes it; `--without-kind` reads the texts alone.
The target is no wrong date at all and at least 90% correct. `--list` prints the texts
that were not correct.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

from bot.feeds.deadlines import DeadlineKind, find_deadline
from tests.feeds.deadline_corpus import (
    CORPUS,
    FARTHER,
    FRESH,
    HELD_OUT,
    LAST,
    LEAD,
    NOW,
    TUNING,
    UNSEEN,
    WARSAW,
    WIDER,
    Sample,
)

OUTCOMES: Final = ("correct", "no date", "wrong date")
KINDS: Final = ("call", "consultation", "other")


def outcome(sample: Sample, with_kind: bool = True) -> tuple[str, str | None]:
    """What the extractor made of a sample, and the deadline it gave ("YYYY-MM-DD HH:MM")."""
    hint = DeadlineKind(sample.kind) if with_kind else None
    found = find_deadline(sample.text, WARSAW, NOW, hint)
    got = None if found is None else found.at.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M")
    if got == sample.expected:
        return "correct", got
    return ("no date" if got is None else "wrong date"), got


def table(title: str, samples: Sequence[Sample], with_kind: bool) -> list[str]:
    counts: Counter[tuple[str, str]] = Counter()
    for sample in samples:
        counts[sample.kind, outcome(sample, with_kind)[0]] += 1
    lines = [
        f"{title} ({len(samples)} texts)",
        f"  {'kind':<13}" + "".join(f"{o:>12}" for o in OUTCOMES),
    ]
    for kind in (*KINDS, "total"):
        row = [sum(counts[k, o] for k in _kinds(kind)) for o in OUTCOMES]
        if sum(row):
            lines.append(f"  {kind:<13}" + "".join(f"{n:>12}" for n in row) + _share(row))
    return lines


def _kinds(kind: str) -> Iterable[str]:
    return KINDS if kind == "total" else (kind,)


def _share(row: Sequence[int]) -> str:
    return f"   {100 * row[0] / sum(row):5.1f}% correct"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without-kind", action="store_true", help="do not pass the feed's kind")
    parser.add_argument("--list", action="store_true", help="print the texts not read right")
    options = parser.parse_args()
    with_kind = not options.without_kind
    parts = (
        ("tuning", TUNING),
        ("held out", HELD_OUT),
        ("fresh", FRESH),
        ("unseen", UNSEEN),
        ("last", LAST),
        ("lead", LEAD),
        ("wider", WIDER),
        ("farther", FARTHER),
    )
    for title, samples in (("all", CORPUS), *parts):
        print("\n".join(table(title, samples, with_kind)), end="\n\n")
    if options.list:
        for title, samples in parts:
            for sample in samples:
                result, got = outcome(sample, with_kind)
                if result != "correct":
                    print(f"[{title}] {result}: got {got}, expected {sample.expected}")
                    print(f"    {sample.text!r}\n    {sample.source}")


if __name__ == "__main__":
    main()
