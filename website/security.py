"""Small pieces the security libraries are configured with."""

from django.http import HttpRequest

from website.analytics import client_ip


def client_ip_for_axes(request: HttpRequest) -> str:
    """django-axes counts failures per client address, read only through trusted proxies."""
    return client_ip(request) or ""
