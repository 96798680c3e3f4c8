"""iCalendar (RFC 5545) for interviews: one event per download, or the user's whole feed.

Times are written in UTC (a `Z` suffix): every calendar client converts them to the viewer's
zone, so no VTIMEZONE block is needed and a DST change cannot shift an interview.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from jobs.models import Interview

PRODID = "-//JobMentis//Job tracker//EN"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            parts.append(current.decode())
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(interview: Interview, *, host: str, now: datetime) -> list[str]:
    application = interview.application
    summary = f"{interview.get_kind_display()}: {application.title} — {application.company}"
    details = []
    if interview.interviewers:
        details.append(f"Interviewers: {interview.interviewers}")
    if interview.prep_notes:
        details.append(interview.prep_notes)
    lines = [
        "BEGIN:VEVENT",
        f"UID:interview-{interview.tenant_id}-{interview.pk}@{host}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(interview.starts_at)}",
        f"DTEND:{_stamp(interview.ends_at)}",
        f"SEQUENCE:{interview.sequence}",
        f"SUMMARY:{_escape(summary)}",
    ]
    if interview.location:
        lines.append(f"LOCATION:{_escape(interview.location)}")
        if interview.is_link:
            lines.append(f"URL:{interview.location}")
    if details:
        lines.append(f"DESCRIPTION:{_escape(chr(10).join(details))}")
    if interview.outcome == "cancelled":
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def calendar(interviews: Iterable[Interview], *, host: str, name: str, now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for interview in interviews:
        lines.extend(_event(interview, host=host, now=now))
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
