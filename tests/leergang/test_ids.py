import pytest

from leergang.ids import MAX_PK, as_pk, as_pks


@pytest.mark.parametrize(
    "value,expected",
    [("12", 12), (" 7 ", 7), ("٣", 3), ("²", None), ("0", None), ("-3", None), ("1e3", None),
     ("", None), (None, None), (str(MAX_PK), MAX_PK), (str(MAX_PK + 1), None),
     ("1180591620717411303424", None)],
)  # fmt: skip
def test_only_real_keys_in_range_pass(value, expected):
    assert as_pk(value) == expected


def test_a_list_keeps_the_good_ones_in_order():
    assert as_pks(["3", "x", "²", "1", "99999999999999999999999"]) == [3, 1]
