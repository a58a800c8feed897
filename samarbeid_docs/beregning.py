"""Pure arithmetic of the cost split: population shares, percentages and kroner.

Shares are exact fractions (shown as `Decimal`); rounded parts (kroner, tenths of a percent) are
allocated from the exact fractions with the largest-remainder method, so they always add up
exactly to the total. Ties are broken by the party's key, and no rounded intermediate sum is
used, so the order in which parties are given never changes the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

PRECISION = 60


def exact_shares(population: Mapping[str, int], fixed_percent: int = 0) -> dict[str, Fraction]:
    """Return each party's exact share of the costs.

    A `fixed_percent` part of the costs is split equally; the rest follows `population`.
    """
    if not population:
        raise ValueError("ingen deltakere å fordele på")
    if any(p <= 0 for p in population.values()):
        raise ValueError("folketall må være positive")
    if not 0 <= fixed_percent < 100:
        raise ValueError("fast andel må være fra 0 til 99 prosent")
    total = sum(population.values())
    fixed = Fraction(fixed_percent, 100)
    n = len(population)
    return {k: fixed / n + (1 - fixed) * Fraction(p, total) for k, p in population.items()}


def shares(population: Mapping[str, int], fixed_percent: int = 0) -> dict[str, Decimal]:
    """Return each party's share of the costs as a `Decimal` of 60 significant digits."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return {k: Decimal(f.numerator) / Decimal(f.denominator)
                for k, f in exact_shares(population, fixed_percent).items()}


def largest_remainder(total: int, weights: Mapping[str, Fraction | Decimal | int]) -> dict[str, int]:
    """Split the whole number `total` in proportion to `weights` so the parts sum to `total`.

    Computed with exact fractions: remainders that are equal are equal, whatever the order.
    """
    if total < 0:
        raise ValueError("totalen kan ikke være negativ")
    exact_weights = {k: Fraction(w) for k, w in weights.items()}
    weight_sum = sum(exact_weights.values(), Fraction(0))
    if weight_sum <= 0:
        raise ValueError("vektene må ha en positiv sum")
    exact = {k: total * w / weight_sum for k, w in exact_weights.items()}
    parts = {k: v.numerator // v.denominator for k, v in exact.items()}
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
    exact = exact_shares(population, fixed_percent)
    shown = shares(population, fixed_percent)
    tenths = largest_remainder(1000, exact)
    kroner = largest_remainder(budget, exact) if budget is not None else {}
    parts = tuple(Part(k, population[k], shown[k], tenths[k], kroner.get(k)) for k in population)
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
    tenths = largest_remainder(1000, exact_shares(population))
    return [HostShare(k, population[k], tenths[k], targets[k], hosted.get(k, 0)) for k in population]
