"""Small presentation helpers for the design system (no business logic here)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_DANGER_TAGS = {"danger", "delete"}
_SECONDARY_TAGS = {"secondary", "outline", "minor", "tertiary"}


@register.simple_tag
def button_class(tags: list[str] | None, *, default: str = "primary") -> str:
    """Map allauth's semantic button tags onto our button variants."""
    tag_set = set(tags or [])
    if tag_set & _DANGER_TAGS:
        return "btn btn--danger"
    if "link" in tag_set or "cancel" in tag_set:
        return "btn btn--ghost"
    if tag_set & _SECONDARY_TAGS:
        return "btn"
    return "btn btn--primary" if default == "primary" else "btn"


@register.filter
def initials(value: Any) -> str:
    """Up to two initials from a name or an email address, for the avatar fallback."""
    text = str(value or "").strip()
    if "@" in text and " " not in text:
        text = text.split("@", 1)[0].replace(".", " ").replace("_", " ")
    parts = [part for part in text.split() if part]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
    return letters.upper()


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag
def field_widget(field: forms.BoundField) -> SafeString:
    """Render a field's widget with the ARIA wiring for its help text and errors, so screen
    readers announce them (the ids match components/field.html)."""
    attrs: dict[str, str | bool] = {}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
