"""core.todo: overdue first, then the nearest deadline, then the oldest waiting; SLA colours."""

import datetime as dt

from propdesk.core.todo import TodoItem, sort_key

NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


def item(name, **kw):
    return TodoItem(title=name, about=name, url="/", **kw)


def test_overdue_items_come_first_then_by_deadline_then_by_age():
    items = [
        item("no deadline, old", since=NOW - 10 * H),
        item("due in 5 h", due=NOW + 5 * H),
        item("overdue 1 h", due=NOW - H),
        item("no deadline, new", since=NOW - H),
        item("overdue 3 h", due=NOW - 3 * H),
        item("due in 30 min", due=NOW + H / 2),
    ]
    order = [i.title for i in sorted(items, key=sort_key(NOW))]
    assert order == [
        "overdue 3 h",
        "overdue 1 h",
        "due in 30 min",
        "due in 5 h",
        "no deadline, old",
        "no deadline, new",
    ]


def test_an_urgent_item_without_a_deadline_comes_before_ordinary_deadlines():
    items = [item("due in 5 h", due=NOW + 5 * H), item("urgent", since=NOW - H / 4, urgent=True)]
    assert [i.title for i in sorted(items, key=sort_key(NOW))] == ["urgent", "due in 5 h"]


def test_colours_follow_the_sla_badges():
    assert item("late", due=NOW - H).colour(NOW) == "danger"
    assert item("near", due=NOW + H / 2).colour(NOW) == "warning"
    assert item("far", due=NOW + 5 * H).colour(NOW) == "success"
    assert item("last quarter", due=NOW + H, started=NOW - 5 * H).colour(NOW) == "warning"
    assert item("warned", due=NOW + 5 * H, warn_at=NOW - H).colour(NOW) == "warning"
    assert item("no deadline", since=NOW - H).colour(NOW) == "secondary"
    assert item("urgent", since=NOW - H, urgent=True).colour(NOW) == "warning"


def test_clock_text_says_overdue_or_left_or_waiting():
    assert "27" in item("a", since=NOW - dt.timedelta(minutes=27)).clock_text(NOW)
    late = item("b", due=NOW - 2 * H).clock_text(NOW)
    left = item("c", due=NOW + 2 * H).clock_text(NOW)
    assert late != left and "2" in late and "2" in left
