"""Two-factor authentication: TOTP factors, recovery codes, pending two-step logins, and how each
login session was authenticated.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('totp_factor',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sealed_secret', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_step', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_user_id'), ['user_id'], unique=False)
    op.create_table('mfa_challenge',
    sa.Column('jti', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('jti')
    )
    with op.batch_alter_table('mfa_challenge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mfa_challenge_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mfa_challenge_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('auth_time', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('amr', sa.String(length=40), server_default='pwd', nullable=False))
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mfa_enabled', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.drop_column('mfa_enabled')
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_column('amr')
        batch_op.drop_column('auth_time')
    with op.batch_alter_table('mfa_challenge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mfa_challenge_user_id'))
        batch_op.drop_index(batch_op.f('ix_mfa_challenge_expires_at'))
    op.drop_table('mfa_challenge')
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_user_id'))
    op.drop_table('recovery_code')
    op.drop_table('totp_factor')
