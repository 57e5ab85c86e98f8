"""The identity provider's grants: one-time authorization codes (stored as SHA-256), consents
remembered per user and client, and the client a login session was granted to.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 16:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('authorization_code',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('redirect_uri', sa.String(length=500), nullable=False),
    sa.Column('scope', sa.String(length=400), nullable=False),
    sa.Column('nonce', sa.String(length=255), nullable=True),
    sa.Column('code_challenge', sa.String(length=128), nullable=False),
    sa.Column('auth_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('amr', sa.String(length=40), nullable=False),
    sa.Column('signed_in_session', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['oauth_client.client_id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code_hash')
    )
    with op.batch_alter_table('authorization_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorization_code_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_authorization_code_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_authorization_code_expires_at'), ['expires_at'], unique=False)
    op.create_table('oauth_consent',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.String(length=400), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['oauth_client.client_id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'client_id')
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_login_session_client_id'), ['client_id'], unique=False)
        batch_op.create_foreign_key(
            'fk_login_session_client_id', 'oauth_client', ['client_id'], ['client_id'],
            ondelete='CASCADE'
        )


def downgrade():
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_constraint('fk_login_session_client_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_login_session_client_id'))
        batch_op.drop_column('client_id')
    op.drop_table('oauth_consent')
    with op.batch_alter_table('authorization_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorization_code_expires_at'))
        batch_op.drop_index(batch_op.f('ix_authorization_code_user_id'))
        batch_op.drop_index(batch_op.f('ix_authorization_code_client_id'))
    op.drop_table('authorization_code')
