"""Timing shared by the benchmarks: samples in milliseconds, and their percentiles."""

import statistics
import time


def timed(function, runs: int, warm_up: int = 1) -> list[float]:
    """Milliseconds per call of `function`, `runs` times, after `warm_up` untimed calls."""
    for _ in range(warm_up):  # caches, connections
        function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def percentile(samples: list[float], p: int) -> float:
    """The p-th percentile, interpolated between samples (never beyond the slowest one)."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]
