"""Harga Pangan tables: markets, the commodities a region tracks, dated ceiling/reference prices (HET/HAP),
one price per market, commodity and day with an audit trail of corrections, and a daily aggregate per
commodity that the public pages read.

Scale: the public pages never scan `harga_price`. `/harga/` reads about three weeks of `harga_daily` rows
for the tracked commodities and a commodity page at most a year of them (one row per commodity and day,
however many markets), both through the `(region_id, commodity_id, day)` unique index. The aggregate is
recomputed for exactly the (commodity, day) pairs a write touches (`prices.refresh_daily`). Per-market
lookups use `ix_harga_price_commodity_day` (commodity and day) or the `(market, commodity, day)` unique key.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import Area, User, utcnow
from ...core.scoping import RegionScoped
from ...extensions import db


class Market(RegionScoped, db.Model):
    """A traditional market (pasar) whose prices are collected."""

    __tablename__ = "harga_market"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(255))
    kecamatan_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kecamatan: Mapped[Area | None] = relationship(lazy="joined")


class MarketOfficer(RegionScoped, db.Model):
    """Market staff: a price officer limited to the markets listed here (an officer with none enters for all)."""

    __tablename__ = "harga_market_officer"
    __table_args__ = (UniqueConstraint("market_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("harga_market.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    market: Mapped[Market] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")


class Commodity(RegionScoped, db.Model):
    """A staple the region may track: one of the national list (`national_code`) or the region's own."""

    __tablename__ = "harga_commodity"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    national_code: Mapped[str | None] = mapped_column(String(64))  # a key of national.COMMODITIES
    name: Mapped[str] = mapped_column(String(120))  # the official Indonesian name, or the region's own
    unit: Mapped[str] = mapped_column(String(16), default="kg")  # a key of national.UNITS
    group: Mapped[str] = mapped_column(String(32), default="lainnya")  # a key of national.GROUPS
    tracked: Mapped[bool] = mapped_column(Boolean, default=True)
    featured: Mapped[bool] = mapped_column(Boolean, default=False)  # shown on the home card
    position: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def label(self) -> str:
        """The name in the reader's language: national commodities are translated, a region's own are not."""
        from .national import COMMODITIES

        national = COMMODITIES.get(self.national_code or "")
        return str(national.label) if national else self.name

    @property
    def unit_label(self) -> str:
        from .national import UNITS

        return str(UNITS.get(self.unit, self.unit))


class ReferencePrice(RegionScoped, db.Model):
    """A ceiling (HET) or reference (HAP) price valid from a date, optionally for one zone."""

    __tablename__ = "harga_reference"
    __table_args__ = (Index("ix_harga_reference_lookup", "region_id", "commodity_id", "valid_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    commodity_id: Mapped[int] = mapped_column(ForeignKey("harga_commodity.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8), default="het")  # "het" or "hap"
    zone: Mapped[str | None] = mapped_column(String(32))  # e.g. "1"; empty means every zone
    price: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(200))  # the regulation, e.g. "Perbadan 5/2024"
    commodity: Mapped[Commodity] = relationship(lazy="joined")


class Price(RegionScoped, db.Model):
    """The price of one commodity at one market on one day, in whole rupiah per unit."""

    __tablename__ = "harga_price"
    __table_args__ = (
        UniqueConstraint("market_id", "commodity_id", "day", name="uq_harga_price_market_commodity_day"),
        Index("ix_harga_price_commodity_day", "region_id", "commodity_id", "day"),
        Index("ix_harga_price_day", "region_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("harga_market.id", ondelete="CASCADE"))
    commodity_id: Mapped[int] = mapped_column(ForeignKey("harga_commodity.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    price: Mapped[int] = mapped_column(Integer)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(16), default="form")  # form, csv, demo


class PriceChange(RegionScoped, db.Model):
    """The audit trail: every correction or removal of a saved price keeps the value it replaced."""

    __tablename__ = "harga_price_change"
    __table_args__ = (Index("ix_harga_price_change_lookup", "region_id", "market_id", "commodity_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("harga_market.id", ondelete="CASCADE"))
    commodity_id: Mapped[int] = mapped_column(ForeignKey("harga_commodity.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    old_price: Mapped[int | None] = mapped_column(Integer)  # None: there was no price before
    new_price: Mapped[int | None] = mapped_column(Integer)  # None: the price was removed
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(String(16), default="form")
    note: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[User | None] = relationship(lazy="joined")


class DailyPrice(RegionScoped, db.Model):
    """Per commodity and day across the region's markets: median, lowest, highest and the cheapest market."""

    __tablename__ = "harga_daily"
    __table_args__ = (UniqueConstraint("region_id", "commodity_id", "day", name="uq_harga_daily_commodity_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    commodity_id: Mapped[int] = mapped_column(ForeignKey("harga_commodity.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    median: Mapped[int] = mapped_column(Integer)
    low: Mapped[int] = mapped_column(Integer)
    high: Mapped[int] = mapped_column(Integer)
    markets: Mapped[int] = mapped_column(Integer)  # how many markets reported
    cheapest_market_id: Mapped[int | None] = mapped_column(ForeignKey("harga_market.id", ondelete="SET NULL"))
