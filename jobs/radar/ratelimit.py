"""A token bucket in Redis, shared by every web process and worker.

Used for outbound API quotas (Adzuna allows a fixed number of calls per minute per app key):
the bucket holds up to `capacity` tokens and refills at `capacity / period` tokens a second.
The check-and-take runs as one Lua script with Redis' own clock, so concurrent workers on
different machines neither race nor disagree about the time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import redis
from django.conf import settings

_SCRIPT = """
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', key, math.ceil(capacity / rate) + 60)
return {allowed, tostring(wait)}
"""


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float


@dataclass(frozen=True)
class TokenBucket:
    """`name` identifies what is limited (e.g. "adzuna" + a hash of the app id)."""

    name: str
    capacity: int
    period_seconds: float = 60.0

    @property
    def key(self) -> str:
        # The cache's key prefix keeps test runs and deployments sharing a Redis apart.
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
        return f"{prefix}:ratelimit:{self.name}"

    def take(self) -> Decision:
        if self.capacity <= 0:
            return Decision(True, 0.0)
        client = _client(str(settings.CACHES["default"]["LOCATION"]))
        rate = self.capacity / self.period_seconds
        allowed, wait = client.eval(_SCRIPT, 1, self.key, self.capacity, rate)
        return Decision(bool(int(allowed)), float(wait))


def bucket_name(kind: str, secret_identity: str) -> str:
    """A bucket per credential without putting the credential in a Redis key."""
    digest = hashlib.sha256(secret_identity.encode()).hexdigest()[:16]
    return f"{kind}:{digest}"
