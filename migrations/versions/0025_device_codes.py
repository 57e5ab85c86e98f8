"""The device authorization grant (RFC 8628): device codes (stored as SHA-256) with their user
codes, the person who allowed one and how they had signed in, or that it was denied.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('device_code',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('user_code', sa.String(length=8), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=400), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('auth_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('amr', sa.String(length=40), nullable=True),
    sa.Column('signed_in_session', sa.String(length=36), nullable=True),
    sa.Column('denied', sa.Boolean(), nullable=False),
    sa.Column('last_polled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['oauth_client.client_id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code_hash'),
    sa.UniqueConstraint('user_code')
    )
    with op.batch_alter_table('device_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_code_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_code_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_code_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('device_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_code_expires_at'))
        batch_op.drop_index(batch_op.f('ix_device_code_user_id'))
        batch_op.drop_index(batch_op.f('ix_device_code_client_id'))
    op.drop_table('device_code')
