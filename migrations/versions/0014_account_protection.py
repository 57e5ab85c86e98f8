"""Account protection: failed logins per address, for per-account throttling, and the one
pending change of each user's address.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 18:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttle',
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('owner_notified', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('address_hash')
    )
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_change_jti', sa.String(length=36), nullable=True))


def downgrade():
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.drop_column('email_change_jti')
    op.drop_table('login_throttle')
