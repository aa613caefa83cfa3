import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from propdesk.core import fakedata
from propdesk.registry.validators import (
    CREDIT_CODE_CHARS,
    credit_code_check_char,
    credit_code_problem,
    id_check_digit,
    id_number_problem,
)


def test_known_valid_numbers():
    assert id_number_problem("11010519491231002X") is None
    assert credit_code_problem("91350100M000100Y43") is None


@given(st.integers(min_value=0))
def test_generated_id_numbers_are_valid(seed):
    assert id_number_problem(fakedata.id_number(random.Random(seed))) is None


@given(
    st.integers(min_value=0), st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9)
)
def test_changing_one_digit_breaks_the_check(seed, position, delta):
    number = fakedata.id_number(random.Random(seed))
    digit = (int(number[position]) + delta) % 10
    broken = number[:position] + str(digit) + number[position + 1 :]
    assert id_number_problem(broken) is not None


def test_impossible_birth_date_is_named():
    first17 = "42010619990230123"
    assert "出生日期" in id_number_problem(first17 + id_check_digit(first17))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    first17 = "420106" + tomorrow.strftime("%Y%m%d") + "123"
    assert "不合理" in id_number_problem(first17 + id_check_digit(first17))


def test_length_and_characters_are_named():
    assert "18位" in id_number_problem("1234")
    assert "数字" in id_number_problem("A" * 18)


@given(st.text(alphabet=CREDIT_CODE_CHARS, min_size=17, max_size=17))
def test_credit_code_check_character_round_trips(first17):
    code = first17 + credit_code_check_char(first17)
    assert credit_code_problem(code) is None
    wrong = CREDIT_CODE_CHARS[(CREDIT_CODE_CHARS.index(code[-1]) + 1) % 31]
    assert credit_code_problem(first17 + wrong) == "校验码错误"


def test_credit_code_rejects_forbidden_letters():
    assert "非法字符" in credit_code_problem("91350100M000100YI3")


# --- phones and plates -------------------------------------------------------------------------

from propdesk.registry.validators import (  # noqa: E402
    PROVINCES,
    landline_problem,
    mobile_problem,
    normalize_phone,
    plate_problem,
)

PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@given(st.integers(min_value=3, max_value=9), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_mobile_of_the_numbering_plan_is_accepted(second, rest):
    assert mobile_problem(f"1{second}{rest}") is None
    assert mobile_problem(f"+86 1{second}{rest[:3]} {rest[3:]}") is None


@given(st.text(alphabet="0123456789", min_size=1, max_size=15).filter(lambda s: len(s) != 11))
def test_a_mobile_of_the_wrong_length_names_the_length(digits):
    assert "11位" in mobile_problem(digits)


def test_mobile_problems_are_named():
    assert "号段" in mobile_problem("12812345678")
    assert "数字以外" in mobile_problem("138abc45678")
    assert normalize_phone("+86-138-1234-5678") == "13812345678"


@given(
    st.sampled_from(["010", "021", "027", "0755", "0371"]),
    st.integers(min_value=2, max_value=9),
    st.text(alphabet="0123456789", min_size=6, max_size=7),
)
def test_landlines_with_area_code_are_accepted(area, first, rest):
    assert landline_problem(f"{area}-{first}{rest}") is None


def test_landline_without_area_code_is_refused():
    assert "区号" in landline_problem("87654321")
    assert landline_problem("400-820-8820") is None


@given(
    st.sampled_from(PROVINCES),
    st.sampled_from(PLATE_LETTERS),
    st.text(alphabet=PLATE_LETTERS + "0123456789", min_size=5, max_size=5),
)
def test_ordinary_plates_are_accepted(province, letter, rest):
    assert plate_problem(f"{province}{letter}{rest}") is None
    assert plate_problem(f"{province}{letter.lower()}·{rest.lower()}") is None


@given(
    st.sampled_from(PROVINCES),
    st.sampled_from(PLATE_LETTERS),
    st.sampled_from("DFABCEGHJK"),
    st.sampled_from(PLATE_LETTERS + "0123456789"),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)
def test_small_new_energy_plates_have_eight_characters(province, letter, kind, second, digits):
    assert plate_problem(f"{province}{letter}{kind}{second}{digits}") is None


def test_large_new_energy_plate_and_plate_problems():
    assert plate_problem("鄂A12345D") is None
    assert "新能源" in plate_problem("鄂A12345X")
    assert "省份" in plate_problem("AA12345")
    assert "7位" in plate_problem("鄂A123")
    assert "I和O" in plate_problem("鄂AO123I")
