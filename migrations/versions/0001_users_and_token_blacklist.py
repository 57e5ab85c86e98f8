"""Users and the blacklist of revoked access tokens.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 08:56:50.477832

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('password_hash', sa.String(length=128), nullable=False),
    sa.Column('registered_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('admin', sa.Boolean(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_user_email'), ['email'], unique=True)
        batch_op.create_index(batch_op.f('ix_site_user_public_id'), ['public_id'], unique=True)

    op.create_table('token_blacklist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jti', sa.String(length=36), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('blacklisted_on', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('token_blacklist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_token_blacklist_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_token_blacklist_jti'), ['jti'], unique=True)



def downgrade():
    with op.batch_alter_table('token_blacklist', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_token_blacklist_jti'))
        batch_op.drop_index(batch_op.f('ix_token_blacklist_expires_at'))

    op.drop_table('token_blacklist')
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_user_public_id'))
        batch_op.drop_index(batch_op.f('ix_site_user_email'))

    op.drop_table('site_user')
