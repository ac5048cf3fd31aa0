import datetime as dt
from decimal import Decimal

from generator import formatting


def test_rupiah_without_decimals_for_whole_amounts():
    assert formatting.price(Decimal("185000"), "IDR", "id") == "Rp 185.000"
    assert formatting.price(Decimal("185000.5"), "IDR", "id") == "Rp 185.000,50"
    assert formatting.price(Decimal("1250000"), "IDR", "en") == "IDR 1,250,000"
    assert formatting.price(Decimal("19.99"), "USD", "en") == "$ 19.99"


def test_dates_in_the_shop_language():
    assert formatting.date(dt.date(2026, 12, 12), "id") == "12 Desember 2026"
    assert formatting.date(dt.date(2027, 1, 15), "en") == "15 January 2027"
