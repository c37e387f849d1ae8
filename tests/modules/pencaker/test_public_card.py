"""The home card: how many vacancies are open and the three newest (title, company, closing), with a link to
the board, in a couple of queries and without images."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import event

from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker.models import VacancyStatus

from .test_public import EN


def card_of(client) -> str:
    html = client.get("/", headers=EN).get_data(as_text=True)
    start = html.index('<h2 id="card-pencaker">')
    return html[start:html.index("</section>", start)]


def test_the_card_counts_open_vacancies_and_shows_the_three_newest(client, make_vacancy, make_employer):
    now = datetime.now(timezone.utc)
    employer = make_employer(name="PT Sentosa")
    for n in range(5):
        make_vacancy(employer=employer, title=f"Lowongan {n}", published_at=now - timedelta(hours=5 - n),
                     closes_on=region_today() + timedelta(days=n + 1))
    make_vacancy(title="Draf", status=VacancyStatus.DRAFT)
    make_vacancy(title="Ditutup", status=VacancyStatus.CLOSED)
    card = card_of(client)
    assert "5 open vacancies" in card
    assert re.findall(r'<a href="/loker/\d+">([^<]+)</a>', card) == ["Lowongan 4", "Lowongan 3", "Lowongan 2"]
    assert "PT Sentosa" in card and "Closes in 5 days" in card
    assert '<a href="/loker/">All vacancies</a>' in card and "<img" not in card


def test_the_card_with_nothing_open(client, pencaker_region):
    card = card_of(client)
    assert "0 open vacancies" in card and '<a href="/loker/">' in card


def test_the_card_takes_two_queries_however_many_vacancies(app, make_vacancy, make_employer, pencaker_region):
    from webapp.modules.pencaker.views_public import card_context

    for n in range(6):
        make_vacancy(title=f"L{n}", employer=make_employer(name=f"PT {n}"))
    seen = []

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        context = card_context()
        [(v.title, v.employer.name) for v in context["newest"]]
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len([s for s in seen if "pencaker_" in s]) == 2
