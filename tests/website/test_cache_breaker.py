"""A Redis that hangs (accepts connections, never answers) costs one short wait, not one per
cache call: after a failure the process leaves it alone for a few seconds, then tries again."""

import contextlib
import socket
import threading

import pytest
from django.core.cache import caches

from website import cache as cache_module


class HangingRedis:
    """A TCP server on 127.0.0.1 that accepts every connection and never says a word; it counts
    the connections and the bytes it was sent."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.bytes_received = 0
        self.clients: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                client, _address = self.server.accept()
            except TimeoutError:
                self._drain()
                continue
            self.connections += 1
            client.setblocking(False)
            self.clients.append(client)

    def _drain(self) -> None:
        for client in self.clients:
            with contextlib.suppress(BlockingIOError, OSError):
                self.bytes_received += len(client.recv(65536))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for client in self.clients:
            client.close()
        self.server.close()


@pytest.fixture
def hanging_cache(settings):
    redis = HangingRedis()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "website.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.2},
        },
    }
    cache_module.ResilientRedisCache._broken_until.clear()
    yield redis, caches["default"]
    cache_module.ResilientRedisCache._broken_until.clear()
    redis.close()


def test_after_one_timeout_the_process_leaves_a_hanging_redis_alone(hanging_cache):
    redis, cache = hanging_cache
    assert cache.get("a", "missed") == "missed"  # the one wait: a read timeout
    redis._drain()
    asked = redis.bytes_received, redis.connections
    assert asked[0] > 0
    for number in range(50):
        assert cache.get(f"key-{number}", "missed") == "missed"
        cache.set(f"key-{number}", 1)
    redis._drain()
    assert (redis.bytes_received, redis.connections) == asked


def test_after_the_break_it_asks_again(hanging_cache, monkeypatch):
    redis, cache = hanging_cache
    cache.get("a")
    connections = redis.connections
    monkeypatch.setattr(cache_module, "BREAK_SECONDS", 0.0)
    cache_module.ResilientRedisCache._broken_until.clear()
    cache.get("b")
    redis._drain()
    assert redis.bytes_received > 0
    assert redis.connections >= connections


def test_counting_on_a_hanging_redis_waits_once_then_reports_no_count(hanging_cache):
    """Rate limits count with incr(); a Redis that hangs must not cost each request a wait."""
    redis, cache = hanging_cache
    for number in range(30):
        with pytest.raises(ValueError, match="the cache is unavailable"):
            cache.incr(f"count-{number}")
    redis._drain()
    asked = redis.bytes_received, redis.connections
    for number in range(30):
        with pytest.raises(ValueError, match="the cache is unavailable"):
            cache.incr(f"count-{number}")
        assert cache.has_key(f"count-{number}") is False
        assert cache.set_many({f"many-{number}": 1}) == [f"many-{number}"]
        cache.delete_many([f"many-{number}"])
    redis._drain()
    assert (redis.bytes_received, redis.connections) == asked
