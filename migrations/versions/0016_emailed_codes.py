"""Codes sent by email (to sign in, or finish a sign-in), one per user and purpose, stored as
keyed hashes with their tries.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 06:43:13.652435

"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('email_code',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('challenge', sa.String(length=36), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'purpose')
    )
    with op.batch_alter_table('email_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_code_expires_at'), ['expires_at'], unique=False)



def downgrade():
    with op.batch_alter_table('email_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_code_expires_at'))

    op.drop_table('email_code')
