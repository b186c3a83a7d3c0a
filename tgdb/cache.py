"""Django's RedisCache, made to treat an unreachable Redis as an empty cache.

Django's own backend raises when Redis is down, so every page that touches the cache (and,
with cached_db sessions, every signed-in page) would fail. Here a Redis error is logged once
when the outage begins and once when it ends, and otherwise reads miss and writes are skipped:
the site keeps running on the database. redis-py reconnects by itself when Redis is back.

Writes and deletions skipped during an outage would leave stale entries behind (a session
deleted at sign-out, still in the cache), so the first call that reaches Redis again empties
the cache before doing its work.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What each operation answers while Redis is away: a miss, or "nothing was stored".
FALLBACKS = {
    "get": lambda key, default=None, *args, **kwargs: default,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "set": lambda *args, **kwargs: None,
    "add": lambda *args, **kwargs: False,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "set_many": lambda keys_and_values, *args, **kwargs: list(keys_and_values),
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: False,
}


class ResilientRedisCache(RedisCache):
    cache_is_down = False  # per process: log the change of state, not every failed call

    def _went_down(self, error: RedisError) -> None:
        if not ResilientRedisCache.cache_is_down:
            logger.error("Cache is down (Redis at %s): %s", self._servers[0], error)
        ResilientRedisCache.cache_is_down = True

    def _came_back(self) -> None:
        ResilientRedisCache.cache_is_down = False
        RedisCache.clear(self)
        logger.warning("Cache is back (Redis at %s); emptied it of stale entries", self._servers[0])


def _resilient(name: str):
    original = getattr(RedisCache, name)
    fallback = FALLBACKS[name]

    @functools.wraps(original)
    def method(self, *args, **kwargs):
        try:
            result = original(self, *args, **kwargs)
            if ResilientRedisCache.cache_is_down:
                self._came_back()
                result = original(self, *args, **kwargs)  # again, on the emptied cache
        except RedisError as error:
            self._went_down(error)
            return fallback(*args, **kwargs)
        return result

    return method


for _name in FALLBACKS:
    setattr(ResilientRedisCache, _name, _resilient(_name))
