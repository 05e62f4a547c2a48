"""Rate limits for the room: token buckets, one per key (a device, an address), bounded in memory.

The clock is passed in, so the limits are tested without sleeping. The number of keys
kept is capped: a hostile client that invents a new key per request cannot grow the
table without end (the oldest keys are dropped; a dropped key starts again with a full
bucket, which only ever errs towards letting a real phone through).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass


@dataclass(slots=True)
class Bucket:
    """``rate`` tokens a second, at most ``burst`` saved up."""

    rate: float
    burst: float
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        """Take one token if there is one (True), else leave the bucket as it is (False)."""
        self.tokens = min(self.burst, self.tokens + max(now - self.updated, 0.0) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class KeyedLimiter:
    """One :class:`Bucket` per key, at most ``max_keys`` of them (least recently used dropped)."""

    def __init__(self, rate: float, burst: float, max_keys: int = 10_000) -> None:
        if rate <= 0 or burst < 1 or max_keys < 1:
            raise ValueError("a limiter needs rate > 0, burst >= 1 and max_keys >= 1")
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def allow(self, key: str, now: float) -> bool:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = Bucket(self.rate, self.burst, self.burst, now)
            self._buckets[key] = bucket
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket.take(now)

    def has_token(self, key: str, now: float) -> bool:
        """Whether ``key`` could take a token now, without taking it."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return True
        return min(bucket.burst, bucket.tokens + max(now - bucket.updated, 0.0) * bucket.rate) >= 1.0

    def retry_after(self, key: str, now: float) -> float:
        """Seconds until ``key`` has a token again (0 if it has one)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return 0.0
        tokens = min(bucket.burst, bucket.tokens + max(now - bucket.updated, 0.0) * bucket.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / bucket.rate

    def __len__(self) -> int:
        return len(self._buckets)
