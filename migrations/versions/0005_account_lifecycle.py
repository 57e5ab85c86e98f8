"""Account lifecycle: verified addresses, the pending reset link, and the mail outbox.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 21:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        # Accounts from before verification existed start unverified; nothing changes for them
        # unless REQUIRE_VERIFIED_EMAIL is turned on.
        batch_op.add_column(sa.Column('email_verified', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('reset_jti', sa.String(length=36), nullable=True))
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=255), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_next_attempt_at'), ['next_attempt_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_next_attempt_at'))
    op.drop_table('outbox_message')
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.drop_column('reset_jti')
        batch_op.drop_column('email_verified')
