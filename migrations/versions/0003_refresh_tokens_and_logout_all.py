"""Refresh tokens (rotated, grouped by login) and the per-user cut-off of logout-all.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 09:05:29.301930

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('refresh_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jti', sa.String(length=36), nullable=False),
    sa.Column('family', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['site_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_token_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_refresh_token_family'), ['family'], unique=False)
        batch_op.create_index(batch_op.f('ix_refresh_token_jti'), ['jti'], unique=True)
        batch_op.create_index(batch_op.f('ix_refresh_token_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tokens_valid_after', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('site_user', schema=None) as batch_op:
        batch_op.drop_column('tokens_valid_after')

    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_token_user_id'))
        batch_op.drop_index(batch_op.f('ix_refresh_token_jti'))
        batch_op.drop_index(batch_op.f('ix_refresh_token_family'))
        batch_op.drop_index(batch_op.f('ix_refresh_token_expires_at'))

    op.drop_table('refresh_token')
