"""Refusals any client can cause in bulk are counted in one audit row per client address, kind
and minute: the bucket that row counts, and how many it has.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 10:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refusal_bucket', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('times', sa.Integer(), nullable=True))
        batch_op.create_index('ix_audit_event_refusal_bucket', ['refusal_bucket'], unique=True)


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_refusal_bucket')
        batch_op.drop_column('times')
        batch_op.drop_column('refusal_bucket')
