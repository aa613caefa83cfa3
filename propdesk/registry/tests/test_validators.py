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
