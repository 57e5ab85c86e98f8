"""The one clock of the app, and how datetimes and durations are shown."""

from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    """The current time, aware and in UTC; patch this where it is used to move the clock."""
    return datetime.now(UTC)


def format_duration(duration: timedelta) -> str:
    """A duration as HH:MM:SS (hours may pass 24); negative durations show as 00:00:00."""
    seconds = max(int(duration.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:02}:{minutes:02}:{seconds:02}"
