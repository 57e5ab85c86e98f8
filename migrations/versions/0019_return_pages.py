"""The front end's page a provider sign-in ends on, chosen from OIDC_RETURN_URLS when it starts.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 08:09:19.757426

"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('oidc_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('return_page', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('oidc_state', schema=None) as batch_op:
        batch_op.drop_column('return_page')

