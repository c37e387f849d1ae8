"""accounts confirmed: a registration is usable once its phone/e-mail link is opened

Revision ID: reg02
Revises: reg01
Create Date: 2026-12-07 04:30:00

Existing accounts were usable before, so they count as confirmed since they were made.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'reg02'
down_revision = 'reg01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))
    user = sa.table('user', sa.column('confirmed_at', sa.DateTime(timezone=True)),
                    sa.column('created_at', sa.DateTime(timezone=True)))
    op.execute(user.update().values(confirmed_at=user.c.created_at))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('confirmed_at')
