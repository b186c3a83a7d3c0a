"""Django's RedisCache, made to treat an unreachable Redis as an empty cache.

Django's own backend raises when Redis is down, so every page that touches the cache (and,
with cached_db sessions, every signed-in page) would fail. Here a Redis error is logged once
when the outage begins and once when it ends, and otherwise reads miss and writes are skipped:
the site keeps running on the database. redis-py reconnects by itself when Redis is back.
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

    def _report(self, error: RedisError | None) -> None:
        was_down = ResilientRedisCache.cache_is_down
        ResilientRedisCache.cache_is_down = error is not None
        if error is not None and not was_down:
            logger.error("Cache is down (Redis at %s): %s", self._servers[0], error)
        elif error is None and was_down:
            logger.warning("Cache is back (Redis at %s)", self._servers[0])


def _resilient(name: str):
    original = getattr(RedisCache, name)
    fallback = FALLBACKS[name]

    @functools.wraps(original)
    def method(self, *args, **kwargs):
        try:
            result = original(self, *args, **kwargs)
        except RedisError as error:
            self._report(error)
            return fallback(*args, **kwargs)
        self._report(None)
        return result

    return method


for _name in FALLBACKS:
    setattr(ResilientRedisCache, _name, _resilient(_name))
