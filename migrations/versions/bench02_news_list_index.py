"""index for the news list, newest first

Revision ID: bench02
Revises: bench01
Create Date: 2026-12-07 02:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'bench02'
down_revision = 'bench01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('berita_article', schema=None) as batch_op:
        batch_op.create_index('ix_berita_article_recent', ['region_id', 'publish_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('berita_article', schema=None) as batch_op:
        batch_op.drop_index('ix_berita_article_recent')
