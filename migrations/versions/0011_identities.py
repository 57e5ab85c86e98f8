"""OpenID Connect identities, the states and one-time codes of a sign-in with a provider, and
users without a password. A downgrade fails while such a user exists: set them a password first.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 17:32:55

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('identity',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('provider', 'subject')
    )
    with op.batch_alter_table('identity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_user_id'), ['user_id'], unique=False)
    op.create_table('oidc_sign_in_code',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code_hash')
    )
    with op.batch_alter_table('oidc_sign_in_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidc_sign_in_code_expires_at'), ['expires_at'], unique=False)
    op.create_table('oidc_state',
    sa.Column('state', sa.String(length=64), nullable=False),
    sa.Column('provider', sa.String(length=40), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('code_verifier', sa.String(length=128), nullable=False),
    sa.Column('browser_hash', sa.String(length=64), nullable=False),
    sa.Column('link_user_id', sa.Integer(), nullable=True),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['link_user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('state')
    )
    with op.batch_alter_table('oidc_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidc_state_expires_at'), ['expires_at'], unique=False)
    with op.batch_alter_table('mfa_challenge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_factor', sa.String(length=10), server_default='pwd', nullable=False))
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=128),
               nullable=True)



def downgrade():
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=128),
               nullable=False)
    with op.batch_alter_table('mfa_challenge', schema=None) as batch_op:
        batch_op.drop_column('first_factor')
    with op.batch_alter_table('oidc_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidc_state_expires_at'))
    op.drop_table('oidc_state')
    with op.batch_alter_table('oidc_sign_in_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidc_sign_in_code_expires_at'))
    op.drop_table('oidc_sign_in_code')
    with op.batch_alter_table('identity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_user_id'))
    op.drop_table('identity')
