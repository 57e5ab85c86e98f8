"""The one clock of the app, and how durations are shown."""

from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    """The current time, aware and in UTC; patch this where it is used to move the clock."""
    return datetime.now(UTC)


def format_duration(duration: timedelta) -> str:
    """HH:MM:SS, after "N days, " when a day or more; negative durations show as 00:00:00."""
    seconds = max(int(duration.total_seconds()), 0)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = f"{hours:02}:{minutes:02}:{seconds:02}"
    if days:
        return f"{days} day{'s' if days > 1 else ''}, {clock}"
    return clock
