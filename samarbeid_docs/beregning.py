"""Pure arithmetic of the cost split: population shares, percentages and kroner.

Shares are exact `Decimal` values; rounded parts (kroner, tenths of a percent) are allocated with
the largest-remainder method, so they always add up exactly to the total. Ties are broken by the
party's key, so the order in which parties are given never changes the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext

PRECISION = 60


def shares(population: Mapping[str, int], fixed_percent: int = 0) -> dict[str, Decimal]:
    """Return each party's share of the costs.

    A `fixed_percent` part of the costs is split equally; the rest follows `population`.
    """
    if not population:
        raise ValueError("ingen deltakere å fordele på")
    if any(p <= 0 for p in population.values()):
        raise ValueError("folketall må være positive")
    if not 0 <= fixed_percent < 100:
        raise ValueError("fast andel må være fra 0 til 99 prosent")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        total = Decimal(sum(population.values()))
        fixed = Decimal(fixed_percent) / 100
        n = Decimal(len(population))
        return {k: fixed / n + (1 - fixed) * Decimal(p) / total for k, p in population.items()}


def largest_remainder(total: int, weights: Mapping[str, Decimal]) -> dict[str, int]:
    """Split the whole number `total` in proportion to `weights` so the parts sum to `total`."""
    if total < 0:
        raise ValueError("totalen kan ikke være negativ")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        weight_sum = sum(weights.values(), Decimal(0))
        if weight_sum <= 0:
            raise ValueError("vektene må ha en positiv sum")
        exact = {k: Decimal(total) * w / weight_sum for k, w in weights.items()}
        parts = {k: int(v.to_integral_value(rounding=ROUND_FLOOR)) for k, v in exact.items()}
        left = total - sum(parts.values())
        by_remainder = sorted(exact, key=lambda k: (-(exact[k] - parts[k]), k))
        for key in by_remainder[:left]:
            parts[key] += 1
    return parts


@dataclass(frozen=True)
class Part:
    """One party's line in the cost table."""

    key: str
    population: int
    share: Decimal
    tenths_of_percent: int
    kroner: int | None


@dataclass(frozen=True)
class CostSplit:
    """The whole cost table: one line per party plus the totals."""

    parts: tuple[Part, ...]
    population_total: int
    fixed_percent: int
    budget: int | None

    @property
    def kroner_total(self) -> int | None:
        return None if self.budget is None else sum(p.kroner or 0 for p in self.parts)


def cost_split(population: Mapping[str, int], fixed_percent: int = 0,
               budget: int | None = None) -> CostSplit:
    """Compute the cost table for `population` (party key → inhabitants), in the given order."""
    exact = shares(population, fixed_percent)
    tenths = largest_remainder(1000, exact)
    kroner = largest_remainder(budget, exact) if budget is not None else {}
    parts = tuple(Part(k, population[k], exact[k], tenths[k], kroner.get(k)) for k in population)
    return CostSplit(parts, sum(population.values()), fixed_percent, budget)


def sainte_lague(weights: Mapping[str, int], seats: int) -> dict[str, int]:
    """Distribute `seats` in proportion to `weights` by Sainte-Laguë (divisors 1, 3, 5, …).

    Ties are broken by the larger weight, then by key, so the result never depends on order.
    """
    if seats < 0:
        raise ValueError("antall plasser kan ikke være negativt")
    won = {k: 0 for k in weights}
    for _ in range(seats):
        best = max(weights, key=lambda k: (Decimal(weights[k]) / (2 * won[k] + 1), weights[k],
                                           [-ord(c) for c in k]))
        won[best] += 1
    return won


@dataclass(frozen=True)
class HostShare:
    """One party's host duty against a fair target in proportion to population."""

    key: str
    population: int
    tenths_of_percent: int
    target: int
    hosted: int

    @property
    def deviation(self) -> int:
        return self.hosted - self.target


def host_fairness(population: Mapping[str, int], hosted: Mapping[str, int]) -> list[HostShare]:
    """Compare the areas each party hosts with a Sainte-Laguë distribution by population."""
    seats = sum(hosted.values())
    targets = sainte_lague(population, seats)
    tenths = largest_remainder(1000, shares(population))
    return [HostShare(k, population[k], tenths[k], targets[k], hosted.get(k, 0)) for k in population]
