"""The audit trail, and its row counter.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 22:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=36), nullable=True),
    sa.Column('subject', sa.String(length=36), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('client', sa.String(length=200), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_actor_id', ['actor', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_event_event_id', ['event', 'id'], unique=False)
        batch_op.create_index('ix_audit_event_subject_id', ['subject', 'id'], unique=False)
    op.execute("INSERT INTO collection_count (name, total) VALUES ('audit_event', 0)")


def downgrade():
    op.execute("DELETE FROM collection_count WHERE name = 'audit_event'")
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_subject_id')
        batch_op.drop_index('ix_audit_event_event_id')
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index('ix_audit_event_actor_id')
    op.drop_table('audit_event')
