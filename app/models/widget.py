"""Widgets: the example resource that admins write and every user reads."""

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from app.models.collection_count import keep_count
from app.models.columns import UTCDateTime
from app.models.user import User
from app.util.datetime_util import format_duration, utc_now


class Widget(db.Model):  # type: ignore[name-defined,misc]
    """A named link with a deadline, owned by the admin who created it."""

    __tablename__ = "widget"
    # Pages read ids in name order from this index alone (SQLite keeps the rowid in it anyway).
    __table_args__ = (Index("ix_widget_name", "name", unique=True, postgresql_include=["id"]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(db.String(100))
    info_url: Mapped[str] = mapped_column(db.String(2048))
    # A lambda looks the clock up at insert time, so tests that move it move this too.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=lambda: utc_now())
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("site_user.id", ondelete="SET NULL"), index=True
    )
    owner: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Widget name={self.name} deadline={self.deadline.isoformat()}>"

    @property
    def deadline_passed(self) -> bool:
        """True once the deadline (the end of its day, UTC) is behind us."""
        return utc_now() > self.deadline

    @property
    def time_remaining(self) -> str | None:
        """Time left before the deadline, or None when it has passed."""
        left = self.deadline - utc_now()  # one clock reading, like deadline_passed's test
        return None if left < timedelta(0) else format_duration(left)


keep_count(Widget, "widget")
