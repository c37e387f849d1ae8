"""merge the security (sec01), privacy (priv01) and benchmark index (bench02) branches

Revision ID: merge01
Revises: bench02, priv01, sec01
Create Date: 2026-12-07 03:10:00

"""

# revision identifiers, used by Alembic.
revision = 'merge01'
down_revision = ('bench02', 'priv01', 'sec01')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
