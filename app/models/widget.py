"""Widgets: the example resource that admins write and every user reads."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from app.models.collection_count import keep_count
from app.models.columns import UTCDateTime
from app.models.user import User
from app.util.datetime_util import utc_now


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
    def owner_email(self) -> str | None:
        """The owner's address; None once the owner's account is deleted."""
        return self.owner.email if self.owner else None

    @property
    def owner_public_id(self) -> str | None:
        """The owner's public id; None once the owner's account is deleted."""
        return self.owner.public_id if self.owner else None


keep_count(Widget, "widget")
