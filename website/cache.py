"""A Redis cache that fails open: when Redis is away, reads miss and writes are skipped.

Django's own RedisCache raises on a lost connection, which would turn a cache outage into
errors on every page (and in django-cookie-consent, which caches its groups). Here the site
just runs uncached, logging a warning at most once a minute, and heals when Redis is back.

A circuit breaker keeps a Redis that hangs (accepts connections, never answers) from costing a
timeout on every cache call: after a failure this process stops asking that Redis for
``BREAK_SECONDS``, then tries again once.

Django's Redis client builds a new ``redis.Redis`` around its connection pool for every call,
which costs more than the call itself (redis-py fills its table of reply parsers each time):
about a third of a millisecond per cached page. Here each pool's client is built once.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60
BREAK_SECONDS = 5.0


class ReusedClients(RedisCacheClient):
    """Django's client, with one ``redis.Redis`` per connection pool instead of one per call.
    (A ``redis.Redis`` is safe to share between threads, and its pool reconnects after a fork.)
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0
    # Per Redis server, until when this process leaves it alone (time.monotonic()).
    _broken_until: dict[str, float] = {}

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClients

    @property
    def _breaker_key(self) -> str:
        return repr(self._servers)

    def _available(self) -> bool:
        return time.monotonic() >= ResilientRedisCache._broken_until.get(self._breaker_key, 0.0)

    def _failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        ResilientRedisCache._broken_until[self._breaker_key] = now + BREAK_SECONDS
        if now - ResilientRedisCache._last_warning > WARN_EVERY_SECONDS:
            ResilientRedisCache._last_warning = now
            logger.warning("Cache unavailable (%s): %s; running uncached", operation, error)

    def get(self, key, default=None, version=None):
        if not self._available():
            return default
        try:
            return super().get(key, default, version)
        except (RedisError, OSError) as error:
            self._failed("get", error)
            return default

    def get_many(self, keys, version=None):
        if not self._available():
            return {}
        try:
            return super().get_many(keys, version)
        except (RedisError, OSError) as error:
            self._failed("get_many", error)
            return {}

    def set(self, key, value, timeout=None, version=None):
        if not self._available():
            return None
        try:
            return super().set(key, value, timeout, version)
        except (RedisError, OSError) as error:
            self._failed("set", error)

    def add(self, key, value, timeout=None, version=None):
        if not self._available():
            return False
        try:
            return super().add(key, value, timeout, version)
        except (RedisError, OSError) as error:
            self._failed("add", error)
            return False

    def delete(self, key, version=None):
        if not self._available():
            return False
        try:
            return super().delete(key, version)
        except (RedisError, OSError) as error:
            self._failed("delete", error)
            return False

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.set(key, value, timeout, version)
        return value

    def touch(self, key, timeout=None, version=None):
        if not self._available():
            return False
        try:
            return super().touch(key, timeout, version)
        except (RedisError, OSError) as error:
            self._failed("touch", error)
            return False

    def has_key(self, key, version=None):
        if not self._available():
            return False
        try:
            return super().has_key(key, version)
        except (RedisError, OSError) as error:
            self._failed("has_key", error)
            return False

    def set_many(self, data, timeout=None, version=None):
        if not self._available():
            return list(data)
        try:
            return super().set_many(data, timeout, version)
        except (RedisError, OSError) as error:
            self._failed("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        if not self._available():
            return
        try:
            super().delete_many(keys, version)
        except (RedisError, OSError) as error:
            self._failed("delete_many", error)

    def incr(self, key, delta=1, version=None):
        # Django's contract for a count that is not there is ValueError; callers (the rate
        # limits, django-ratelimit) treat it as "no count" and let the request through.
        if not self._available():
            raise ValueError(f"Key {key!r} not found: the cache is unavailable.")
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError) as error:
            self._failed("incr", error)
            raise ValueError(f"Key {key!r} not found: the cache is unavailable.") from error

    def clear(self):
        if not self._available():
            return False
        try:
            return super().clear()
        except (RedisError, OSError) as error:
            self._failed("clear", error)
            return False
