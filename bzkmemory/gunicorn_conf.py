"""gunicorn's configuration (`gunicorn -c bzkmemory/gunicorn_conf.py bzkmemory.wsgi`).

Workers from GUNICORN_WORKERS (default: two per CPU core plus one); the address from
GUNICORN_BIND (default 127.0.0.1:8000). gunicorn's own access log is off: the site writes its
own, without personal data (website/request_log.py).

Forwarded headers are believed only behind a TLS-terminating proxy (BEHIND_TLS_PROXY, read as
the settings read it) and then only from the addresses in GUNICORN_FORWARDED_ALLOW_IPS (default
127.0.0.1, a proxy on the same machine). Without a proxy nobody is believed: no client, not
even one on this machine, can make a plain HTTP request pass for HTTPS with X-Forwarded-Proto.
gunicorn puts this directory on the import path before it reads this file.

The master creates the *host mark* of publishing/notifications.py before it starts the workers:
eight bytes in a file of its own (in /dev/shm where there is one) that every worker maps, so
that an archive change committed by one worker is seen by the next request of every other.
"""

import multiprocessing
import os
import tempfile
from pathlib import Path

from website.env import env_bool, env_str

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Recycle workers now and then, so that no slow leak can grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
accesslog = None
errorlog = "-"
if env_bool("BEHIND_TLS_PROXY", False):
    forwarded_allow_ips = env_str("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
    # The one header the settings trust too (SECURE_PROXY_SSL_HEADER), not gunicorn's others.
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}


MARK_ENVIRONMENT = "BZKMEMORY_CHANGE_MARK"  # as publishing/notifications.py reads it


def on_starting(server) -> None:
    # A private file (mkstemp: mode 0600, a name nobody can predict), in memory where possible.
    shared = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108
    handle, path = tempfile.mkstemp(prefix="bzkmemory-change-mark-", dir=shared)
    with os.fdopen(handle, "wb") as file:
        file.write(os.urandom(8))
    # The workers are forked after this, and inherit it.
    os.environ[MARK_ENVIRONMENT] = path


def on_exit(server) -> None:
    Path(os.environ.pop(MARK_ENVIRONMENT, "")).unlink(missing_ok=True)
