"""Public reads go to the read replica (when DATABASE_REPLICA_URL is set); all else to primary.

"Public" means a GET or HEAD from a visitor who is not signed in (no session cookie) outside the
admin: such a request only reads, and may read a moment behind the primary. Editors, forms,
the statistics endpoint and every write use the primary.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if _public_read.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"


class PublicReadMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        public = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
