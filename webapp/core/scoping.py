"""Region scoping in one place.

Every region-owned table mixes in `RegionScoped`. Each ORM SELECT, UPDATE and DELETE issued while a
region is current (`g.region`, set per request from the Host header, or by `region_context` in CLI
commands) gets `region_id = <current>` added through `with_loader_criteria`, so a module cannot forget
it. New rows get the current region by default. A query that must see every region says so with
`.execution_options(all_regions=True)`.
"""
from __future__ import annotations

from contextlib import contextmanager

from flask import abort, g, has_app_context
from sqlalchemy import ForeignKey, event, select
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, declared_attr, mapped_column, with_loader_criteria

from ..extensions import db


class NoRegion(RuntimeError):
    """A region-owned row was written while no region was current."""


def current_region():
    """The region of this request or CLI context, or None."""
    if not has_app_context():
        return None
    return g.get("region")


def current_region_id() -> int | None:
    region = current_region()
    return region.id if region is not None else None


def _require_region_id() -> int:
    region_id = current_region_id()
    if region_id is None:
        raise NoRegion("no current region: use region_context() outside a request")
    return region_id


class RegionScoped:
    """Mixin for every region-owned table: a `region_id` column, filled and filtered automatically."""

    @declared_attr
    def region_id(cls) -> Mapped[int]:
        return mapped_column(
            ForeignKey("region.id", ondelete="CASCADE"), index=True, default=_require_region_id
        )


@event.listens_for(Session, "do_orm_execute")
def _scope_to_current_region(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the criteria already travel with the parent query's options
    if state.execution_options.get("all_regions"):
        return
    region_id = current_region_id()
    if region_id is None:
        return
    state.statement = state.statement.options(
        with_loader_criteria(RegionScoped, lambda cls: cls.region_id == region_id, include_aliases=True)
    )


@contextmanager
def region_context(region):
    """Make `region` current outside a request (CLI commands, jobs, tests)."""
    previous = g.get("region")
    g.region = region
    try:
        yield region
    finally:
        g.region = previous


MAX_ID = 2**31 - 1  # the largest id an integer column holds (PostgreSQL); a larger number names no row


def scoped_get_or_404(model, ident):
    """Fetch a region-owned row by primary key within the current region, or 404."""
    if isinstance(ident, int) and not 0 <= ident <= MAX_ID:  # e.g. ?kartu=99999999999999999999
        abort(404)
    row = db.session.execute(select(model).where(model.id == ident)).scalar_one_or_none()
    if row is None:
        abort(404)
    return row
