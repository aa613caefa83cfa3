import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from propdesk.billing.money import amount_in_words, format_yuan, money
from propdesk.billing.pricing import monthly_line, price_on

DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
PLACES = {"拾": 10, "佰": 100, "仟": 1000}


def parse_words(text: str) -> Decimal:
    """Read 大写金额 back into a number (the inverse used by the round-trip property)."""
    text = text.removesuffix("整")
    yuan_part, _, rest = text.rpartition("元") if "元" in text else ("", "", text)
    total = section = number = 0
    for ch in yuan_part:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in PLACES:
            section += number * PLACES[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
    cents = (total + section + number) * 100
    jiao = rest.find("角")
    if jiao > 0:
        cents += DIGITS[rest[jiao - 1]] * 10
    fen = rest.find("分")
    if fen > 0:
        cents += DIGITS[rest[fen - 1]]
    return Decimal(cents) / 100


@pytest.mark.parametrize(
    "amount, words",
    [
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("0", "零元整"),
        ("10.00", "壹拾元整"),
        ("123.45", "壹佰贰拾叁元肆角伍分"),
        ("123.40", "壹佰贰拾叁元肆角整"),
        ("123.05", "壹佰贰拾叁元零伍分"),
        ("100000.10", "壹拾万元零壹角整"),
        ("1409.50", "壹仟肆佰零玖元伍角整"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("107000.53", "壹拾万柒仟元零伍角叁分"),
        ("100010.00", "壹拾万零壹拾元整"),
        ("325000000", "叁亿贰仟伍佰万元整"),
        ("100000001", "壹亿零壹元整"),
    ],
)
def test_amount_in_chinese_capitals(amount, words):
    assert amount_in_words(Decimal(amount)) == words


@given(st.integers(min_value=0, max_value=10**13 - 1))
def test_capitals_read_back_to_the_same_amount(cents):
    amount = Decimal(cents) / 100
    words = amount_in_words(amount)
    assert parse_words(words) == amount
    assert words.endswith("整") == (cents % 10 == 0)
    assert set(words) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    assert "零零" not in words


def test_money_rounds_half_up_and_refuses_floats():
    assert money("2.345") == Decimal("2.35")
    assert money("2.344") == Decimal("2.34")
    assert money(Decimal("-2.345")) == Decimal("-2.35")
    with pytest.raises(TypeError):
        money(2.5)
    assert format_yuan(Decimal("1234.5")) == "¥1,234.50"


def line(period, start, prorate=True, quantity="120.50", price="2.50"):
    return monthly_line(
        period=period,
        quantity=Decimal(quantity),
        unit_price=Decimal(price),
        charge_start=start,
        prorate=prorate,
    )


def test_a_full_month_is_area_times_price():
    got = line(dt.date(2026, 3, 1), dt.date(2020, 1, 1))
    assert got.amount == Decimal("301.25")
    assert (got.starts_on, got.ends_on) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_moving_in_mid_month_pays_by_calendar_days_start_day_included():
    # 16–31 March: 16 of 31 days. 120.50 × 2.50 × 16 / 31 = 155.483… → 155.48
    got = line(dt.date(2026, 3, 1), dt.date(2026, 3, 16))
    assert got.amount == Decimal("155.48")
    assert got.starts_on == dt.date(2026, 3, 16)


def test_february_prorates_over_its_own_days():
    # 15–28 Feb 2026: 14 of 28 days = exactly half.
    assert line(dt.date(2026, 2, 1), dt.date(2026, 2, 15)).amount == Decimal(
        "150.63"
    )  # 301.25/2=150.625 → half up


def test_a_unit_starting_on_the_last_day_pays_one_day():
    assert line(dt.date(2026, 4, 1), dt.date(2026, 4, 30)).amount == Decimal("10.04")  # 301.25/30 = 10.0416


def test_a_unit_not_yet_charged_gets_no_line():
    assert line(dt.date(2026, 3, 1), dt.date(2026, 4, 1)) is None


def test_an_item_without_proration_charges_the_whole_month():
    assert line(
        dt.date(2026, 3, 1), dt.date(2026, 3, 30), prorate=False, quantity="1", price="10"
    ).amount == Decimal("10.00")


def test_the_price_is_the_one_in_effect_on_the_day():
    prices = [(dt.date(2025, 1, 1), Decimal("2.50")), (dt.date(2026, 7, 1), Decimal("2.80"))]
    assert price_on(prices, dt.date(2026, 6, 30)) == Decimal("2.50")
    assert price_on(prices, dt.date(2026, 7, 1)) == Decimal("2.80")
    assert price_on(prices, dt.date(2024, 12, 31)) is None
