"""The audit log: one function writes it, from every place where something is done.

``record()`` is called by the publishing services, archive imports and exports, and (through
the receivers below) by the admin's own log of additions, changes and deletions and by
sign-ins, sign-outs, failed sign-ins and lockouts.
"""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.db.models.signals import post_save
from django.http import HttpRequest

from website.models import AuditEvent

ADMIN_ACTIONS = {
    ADDITION: AuditEvent.Action.CREATED,
    CHANGE: AuditEvent.Action.CHANGED,
    DELETION: AuditEvent.Action.DELETED,
}


def record(
    action: str,
    *,
    user=None,
    obj: Model | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
    username: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    from website.analytics import anonymise_ip, client_ip

    if user is not None and not user.is_authenticated:
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        action=action,
        object_type=object_type[:100],
        object_id=object_id[:100],
        object_repr=object_repr[:200],
        detail=detail.replace("\x00", ""),
        ip_address=(anonymise_ip(client_ip(request)) or "") if request is not None else "",
    )


def record_deletions(request: HttpRequest, queryset) -> None:
    """For the admin's bulk deletions, which Django logs without sending signals."""
    for obj in queryset:
        record(AuditEvent.Action.DELETED, user=request.user, obj=obj, request=request)


def _admin_log_saved(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created or instance.action_flag not in ADMIN_ACTIONS:
        return
    record(
        ADMIN_ACTIONS[instance.action_flag],
        user=instance.user,
        object_type=instance.content_type.model_class()._meta.label_lower
        if instance.content_type and instance.content_type.model_class()
        else "",
        object_id=str(instance.object_id or ""),
        object_repr=instance.object_repr,
        detail=instance.get_change_message(),
    )


def _logged_in(sender, request, user, **kwargs) -> None:
    record(AuditEvent.Action.LOGGED_IN, user=user, request=request)


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(AuditEvent.Action.LOGGED_OUT, user=user, request=request)


def _login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    # Only the name that was tried is kept, never the password.
    record(
        AuditEvent.Action.LOGIN_FAILED,
        username=str(credentials.get("username", "")),
        request=request,
    )


def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    record(AuditEvent.Action.LOCKED_OUT, username=str(username or ""), request=request)


def connect() -> None:
    post_save.connect(_admin_log_saved, sender=LogEntry, dispatch_uid="audit-admin-log")
    user_logged_in.connect(_logged_in, dispatch_uid="audit-logged-in")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logged-out")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="audit-locked-out")
