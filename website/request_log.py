"""One JSON line per request on standard output: method, path, status, duration.

No personal data: the query string (which may hold search words) is left out, and the
visitor's address is anonymised as for statistics. Health checks are not logged.
"""

import json
import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from website.analytics import anonymise_ip, client_ip

logger = logging.getLogger("bzkmemory.requests")
QUIET = {"/healthz", "/readyz"}


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if request.path not in QUIET:
            logger.info(
                json.dumps(
                    {
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "ip": anonymise_ip(client_ip(request)),
                    }
                )
            )
        return response
