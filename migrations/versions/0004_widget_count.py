"""Widget count kept with every insert and delete, and a name index that also holds the id.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('collection_count',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.execute("INSERT INTO collection_count (name, total) SELECT 'widget', COUNT(*) FROM widget")
    # PostgreSQL can then read a page's ids from the index alone (SQLite always could).
    with op.batch_alter_table('widget', schema=None) as batch_op:
        batch_op.drop_index('ix_widget_name')
        batch_op.create_index('ix_widget_name', ['name'], unique=True, postgresql_include=['id'])


def downgrade():
    with op.batch_alter_table('widget', schema=None) as batch_op:
        batch_op.drop_index('ix_widget_name')
        batch_op.create_index('ix_widget_name', ['name'], unique=True)
    op.drop_table('collection_count')
