"""Roles for users (an admin keeps the admin role) and the scope a login narrowed itself to.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 17:58:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=200), server_default='', nullable=False))
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roles', sa.String(length=100), server_default='user', nullable=False))
    op.execute(sa.text("UPDATE site_user SET roles = 'user,admin' WHERE admin"))


def downgrade():
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.drop_column('roles')
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_column('scope')
