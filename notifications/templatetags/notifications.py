from __future__ import annotations

from typing import Any

from django import template

from accounts.models import User
from notifications.selectors import notifications_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or getattr(request, "tenant", None) is None:
        return 0
    return notifications_unread_count(user=user)
