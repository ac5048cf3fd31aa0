import datetime as dt
from decimal import Decimal

from babel.numbers import format_currency
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import formatting


def test_rupiah_without_decimals_for_whole_amounts():
    assert formatting.price(Decimal("185000"), "IDR", "id") == "Rp 185.000"
    assert formatting.price(Decimal("185000.5"), "IDR", "id") == "Rp 185.000,50"
    assert formatting.price(Decimal("1250000"), "IDR", "en") == "IDR 1,250,000"
    assert formatting.price(Decimal("19.99"), "USD", "en") == "$ 19.99"


def test_dates_in_the_shop_language():
    assert formatting.date(dt.date(2026, 12, 12), "id") == "12 Desember 2026"
    assert formatting.date(dt.date(2027, 1, 15), "en") == "15 January 2027"


CURRENCIES = ["IDR", "USD", "EUR", "JPY", "SGD", "MYR", "GBP", "KWD", "THB", "PHP", "AUD", "CHF", "INR", "BRL", "SAR"]


@settings(max_examples=600, deadline=None)
@given(amount=st.decimals(min_value=-10**15, max_value=10**15, allow_nan=False, allow_infinity=False, places=None)
       | st.integers(0, 10**15).map(Decimal) | st.integers(0, 10**17).map(lambda n: Decimal(n).scaleb(-2))
       | st.integers(0, 10**6).map(lambda n: Decimal(n).scaleb(-3)),
       currency=st.sampled_from(CURRENCIES), language=st.sampled_from(sorted(formatting.LOCALES)))
def test_a_price_is_written_as_babel_writes_it(amount, currency, language):
    # the quick path joins the pieces money_format reads off Babel: for any amount it must give Babel's text
    pattern = "¤ #,##0" if amount == amount.to_integral_value() else "¤ #,##0.00"
    babel = format_currency(amount, currency, format=pattern, locale=formatting.LOCALES[language], currency_digits=False)
    assert formatting.price(amount, currency, language) == babel
