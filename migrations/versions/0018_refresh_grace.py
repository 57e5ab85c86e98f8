"""The successor a refresh token was spent for, so that a retry within REFRESH_REUSE_GRACE gets
it again instead of ending the session.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 07:04:43.036718

"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

def upgrade():
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('successor_jti', sa.String(length=36), nullable=True))

def downgrade():
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.drop_column('successor_jti')

