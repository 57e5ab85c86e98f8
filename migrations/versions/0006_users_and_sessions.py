"""Disabled accounts, last login, and a row per login session; a counter of users.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 21:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('login_session',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client', sa.String(length=200), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_session_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_session_user_id'), ['user_id'], unique=False)
    # Logins from before sessions existed become sessions, so their refresh tokens keep working.
    op.execute(
        "INSERT INTO login_session (id, user_id, created_at, last_used_at, client, ip, expires_at) "
        "SELECT family, MIN(user_id), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '', '', MAX(expires_at) "
        "FROM refresh_token WHERE revoked_at IS NULL GROUP BY family"
    )
    op.execute("INSERT INTO collection_count (name, total) SELECT 'user', COUNT(*) FROM site_user")


def downgrade():
    op.execute("DELETE FROM collection_count WHERE name = 'user'")
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_session_user_id'))
        batch_op.drop_index(batch_op.f('ix_login_session_expires_at'))
    op.drop_table('login_session')
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.drop_column('last_login_at')
        batch_op.drop_column('disabled')
