from django import template
from django.utils import timezone

register = template.Library()

_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.",
           "Nov.", "Dec."]  # fmt: skip


@register.filter
def display_date(value):
    """The publisher's date style: "Apr. 15, 2024" (and "May 3, 2024", no stray stop)."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


@register.filter(expects_localtime=True)
def machine_datetime(value):
    """A `<time datetime>` value. HTML allows at most three digits of a second, and Django's
    "c" format writes six whenever there are microseconds (any time set by timezone.now())."""
    if not value:
        return ""
    if not hasattr(value, "microsecond"):  # a date
        return value.isoformat()
    return value.replace(microsecond=0).isoformat()
