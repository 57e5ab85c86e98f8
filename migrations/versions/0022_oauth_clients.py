"""OAuth clients of the identity provider: only each secret's SHA-256 is stored.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 16:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('oauth_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=True),
    sa.Column('redirect_uris', sa.String(length=4000), nullable=False),
    sa.Column('post_logout_redirect_uris', sa.String(length=4000), nullable=False),
    sa.Column('grant_types', sa.String(length=200), nullable=False),
    sa.Column('scopes', sa.String(length=400), nullable=False),
    sa.Column('first_party', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('tokens_valid_after', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['site_user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id')
    )


def downgrade():
    op.drop_table('oauth_client')
