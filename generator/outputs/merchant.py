"""Shipping and returns as Google's merchant listings read them: schema.org OfferShippingDetails and
MerchantReturnPolicy, made from shop.toml's [order] and [returns] only.

Nothing is guessed: without a shipping rate (or without the days it takes, or for a product whose
weight a per-kg rate needs but that has none) an offer has no shipping details; without [returns],
no return policy. Every Offer carries its own copy (each combination's too), as Google's
merchant-listing examples nest them.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from ..models import OrderSettings, ReturnPolicy

RETURN_FEES = {  # [returns] fees -> schema.org ReturnFeesEnumeration
    "free": "https://schema.org/FreeReturn",
    "customer": "https://schema.org/ReturnFeesCustomerResponsibility",
}
RETURN_METHODS = {"mail": "https://schema.org/ReturnByMail", "in_store": "https://schema.org/ReturnInStore"}


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _countries(countries: tuple[str, ...]) -> str | list[str]:
    return countries[0] if len(countries) == 1 else list(countries)


def shipping_rate(order: OrderSettings, weight_grams: int | None) -> Decimal | None:
    """What shipping one item costs by [order]: the flat rate, or the per-kg rate by its weight rounded up
    to whole kg (at least 1), as the cart estimates it; None when there is no rate or no weight for one."""
    if order.shipping_flat is not None:
        return order.shipping_flat
    if order.shipping_per_kg is not None and weight_grams:
        return order.shipping_per_kg * max(1, math.ceil(weight_grams / 1000))
    return None


def _days(days: tuple[int, int]) -> dict[str, Any]:
    low, high = days
    return {"@type": "QuantitativeValue", "minValue": low, "maxValue": high, "unitCode": "DAY"}


def shipping_details(order: OrderSettings, currency: str, shop_currency: str, weight_grams: int | None) -> dict | None:
    """An offer's OfferShippingDetails, or None when [order] cannot say it whole (rate, days, country) or the
    offer is in another currency than the rate (Google needs both the same)."""
    rate = shipping_rate(order, weight_grams)
    if (rate is None or currency != shop_currency or not order.ships_to
            or order.handling_days is None or order.transit_days is None):
        return None
    return {
        "@type": "OfferShippingDetails",
        "shippingRate": {"@type": "MonetaryAmount", "value": _number(rate), "currency": currency},
        "shippingDestination": [{"@type": "DefinedRegion", "addressCountry": country} for country in order.ships_to]
        if len(order.ships_to) > 1 else {"@type": "DefinedRegion", "addressCountry": order.ships_to[0]},
        "deliveryTime": {"@type": "ShippingDeliveryTime", "handlingTime": _days(order.handling_days),
                         "transitTime": _days(order.transit_days)},
    }


def return_policy(returns: ReturnPolicy | None, countries: tuple[str, ...], currency: str) -> dict | None:
    """The MerchantReturnPolicy of every offer, or None without [returns] (or without a country it applies in)."""
    if returns is None or not countries:
        return None
    policy: dict[str, Any] = {"@type": "MerchantReturnPolicy", "applicableCountry": _countries(countries)}
    if not returns.accepted:
        policy["returnPolicyCategory"] = "https://schema.org/MerchantReturnNotPermitted"
        return policy
    policy["returnPolicyCategory"] = "https://schema.org/MerchantReturnFiniteReturnWindow"
    policy["merchantReturnDays"] = returns.days
    policy["returnMethod"] = RETURN_METHODS[returns.method]
    if returns.fees == "customer" and returns.shipping_fee is not None:  # a known amount: Google shows it
        policy["returnFees"] = "https://schema.org/ReturnShippingFees"
        policy["returnShippingFeesAmount"] = {"@type": "MonetaryAmount", "value": _number(returns.shipping_fee), "currency": currency}
    else:
        policy["returnFees"] = RETURN_FEES[returns.fees]  # type: ignore[index]  # always set when accepted (config._returns)
    return policy
