"""gunicorn's configuration (`gunicorn -c bzkmemory/gunicorn_conf.py bzkmemory.wsgi`).

Workers from GUNICORN_WORKERS (default: two per CPU core plus one); the address from
GUNICORN_BIND (default 127.0.0.1:8000). gunicorn's own access log is off: the site writes its
own, without personal data (website/request_log.py).
"""

import multiprocessing
import os

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
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
