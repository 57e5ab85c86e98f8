"""The provider's hosted pages keep their browser session on a login session: the hash of the
__Host-idp cookie's secret, so revoking the login session ends the cookie too.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hosted_secret_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(
            'ix_login_session_hosted_secret_hash', ['hosted_secret_hash'], unique=True
        )


def downgrade():
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index('ix_login_session_hosted_secret_hash')
        batch_op.drop_column('hosted_secret_hash')
