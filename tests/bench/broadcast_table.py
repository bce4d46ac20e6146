"""The broadcast benchmark's table: one row per run, and what the columns mean."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timing:
    elapsed: float  # seconds from publishing to the last result recorded
    cpu: float  # the bot process's CPU seconds meanwhile
    idle: float  # its CPU seconds per second just before: all the same but the broadcast


HEADER = (
    f"{'method':<14} {'server':<6} {'rate/s':>6} {'msgs':>6} {'wall s':>6} {'ach/all':>7} "
    f"{'429s':>5} {'429i':>4} {'miss':>5} {'dupes':>5} {'cpu/1k':>6} {'net/1k':>6} "
    f"{'cpu/s':>6} {'idle/s':>6} "
    f"{'srv%':>4} {'p95 ms':>6} {'p50 ms':>6} {'probes':>7}"
)
LEGEND = """\
ach/all: achieved / allowed rate (target >= 0.95); wall s: from publishing to the last result
recorded. 429s: broadcast sends the server refused; 429i: other sends refused (/start replies,
the staff's progress edits). cpu/1k: the bot process's CPU seconds during the
broadcast per 1,000 messages; net/1k: the same less what the bot spends anyway in that time
(idle/s times its length: long polling, timers, answering the /start probes), i.e. what the
messages cost (target <= 0.3); cpu/s: CPU seconds per second of broadcast; idle/s: per second
in the `--baseline` seconds before it, the same bot with the same /start probes, sending
nothing. srv%: the server process's CPU (100 = one core). p95/p50: ms
from /start to the first reply (target p95 <= 300); probes: answered/sent.
Servers: emu = the full emulator (bot/sandbox); fast = tests/bench/fast_server.py.
Methods: ours, quiet = the bot with no /start meanwhile (its CPU is the broadcast's and the idle
bot's polling alone); ours = with the /start probes; ours, no HTTP = the engine and renderer
answering every send at once; aioratelimiter = PTB's AIORateLimiter, every send gathered."""


@dataclass
class Result:
    method: str
    server: str
    rate: float
    recipients: int
    timing: Timing
    report: dict[str, Any]

    @property
    def latencies_ms(self) -> tuple[float, float]:
        """p95 and p50 of the /start probes' first replies, in ms."""
        latencies = sorted(self.report["latencies"])
        if not latencies:
            return float("nan"), float("nan")
        p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)] * 1000
        return p95, statistics.median(latencies) * 1000

    @property
    def achieved(self) -> float:
        """Achieved / allowed rate."""
        delivered = self.recipients - self.report["missing"]
        return delivered / self.timing.elapsed / self.rate

    def row(self) -> str:
        report = self.report
        latencies = report["latencies"]
        p95, p50 = self.latencies_ms
        elapsed, cpu, idle = self.timing.elapsed, self.timing.cpu, self.timing.idle
        achieved = self.achieved
        per_thousand = cpu / self.recipients * 1000
        net = (cpu - idle * elapsed) / self.recipients * 1000
        server = report["emulator_cpu"] / elapsed * 100
        probes = f"{len(latencies)}/{len(latencies) + report['unanswered']}"
        return (
            f"{self.method:<14} {self.server:<6} {self.rate:>6.0f} {self.recipients:>6} "
            f"{elapsed:>6.1f} {achieved:>7.3f} {report['rate_limited']:>5} "
            f"{report['interactive_429s']:>4} {report['missing']:>5} {report['duplicates']:>5} "
            f"{per_thousand:>6.3f} {net:>6.3f} {cpu / elapsed:>6.3f} {idle:>6.3f} "
            f"{server:>4.0f} {p95:>6.0f} {p50:>6.0f} "
            f"{probes:>7}"
        )


def spread(results: list[Result]) -> list[str]:
    """min / median / max over repeated runs of one row: the targets hold for the worst."""
    figures = {
        "ach/all": [r.achieved for r in results],
        "p95 ms": [r.latencies_ms[0] for r in results],
        "429i": [float(r.report["interactive_429s"]) for r in results],
        "429s": [float(r.report["rate_limited"]) for r in results],
    }
    head = f"  spread over {len(results)} runs of {results[0].method} {results[0].rate:.0f}/s:"
    return [head] + [
        f"    {name:<8} min {min(v):>8.3f}  median {statistics.median(v):>8.3f}"
        f"  max {max(v):>8.3f}"
        for name, v in figures.items()
    ]


def print_summary(rows: list[str], snapshot: list[str]) -> None:
    print("\n" + HEADER)
    for row in rows:
        print(row)
    for line in snapshot:
        print(line)
    print(LEGEND)
