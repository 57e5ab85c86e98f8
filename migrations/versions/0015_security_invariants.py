"""The scope a login asked for, kept by its waiting second step, so that the session it
finishes is narrowed as asked; and the session a trip to link a provider started from, so that
ending the session ends the trip.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 04:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mfa_challenge', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('scope', sa.String(length=200), server_default='', nullable=False)
        )
    with op.batch_alter_table('oidc_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_session_id', sa.String(length=36), nullable=True))


def downgrade():
    with op.batch_alter_table('oidc_state', schema=None) as batch_op:
        batch_op.drop_column('link_session_id')
    with op.batch_alter_table('mfa_challenge', schema=None) as batch_op:
        batch_op.drop_column('scope')
