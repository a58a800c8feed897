"""Pure arithmetic of the cost split: population shares, percentages and kroner.

Shares are exact fractions (shown as `Decimal`); rounded parts (kroner, tenths of a percent) are
allocated from the exact fractions with the largest-remainder method, so they always add up
exactly to the total. Ties are broken by the party's key, and no rounded intermediate sum is
used, so the order in which parties are given never changes the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

PRECISION = 60


EQUAL, POPULATION, USE, AGREED = "likt", "folketall", "bruk", "avtalt"
"""The bases a part of the costs can be split on: equally, by population, by use (a measure
per party, e.g. cases, users, hours) or by agreed shares (a percent per party)."""


@dataclass(frozen=True)
class Component:
    """`percent` of the costs split on `basis`; `values` per party for every basis but EQUAL."""

    basis: str
    percent: int
    values: Mapping[str, int | Decimal | Fraction] | None = None


def weighted_shares(parties: list[str], components: list[Component]) -> dict[str, Fraction]:
    """Each party's exact share when the costs are a weighted sum of components, e.g. 20 %
    equally, 50 % by population and 30 % by use. A component's values are taken relative to
    their sum over `parties` (agreed shares for a subset of the parties are scaled up)."""
    if not parties:
        raise ValueError("ingen deltakere å fordele på")
    if not components or sum(c.percent for c in components) != 100:
        raise ValueError("delene av fordelingsnøkkelen må til sammen være 100 prosent")
    shares = {k: Fraction(0) for k in parties}
    for component in components:
        if component.percent <= 0:
            raise ValueError("hver del av fordelingsnøkkelen må være større enn 0 prosent")
        weight = Fraction(component.percent, 100)
        if component.basis == EQUAL:
            for k in parties:
                shares[k] += weight / len(parties)
            continue
        values = component.values or {}
        missing = [k for k in parties if k not in values]
        if missing:
            raise ValueError(f"{component.basis} mangler verdi for {', '.join(missing)}")
        exact = {k: Fraction(values[k]) for k in parties}
        if any(v < 0 for v in exact.values()):
            raise ValueError(f"{component.basis} kan ikke ha negative verdier")
        if component.basis == POPULATION and any(v <= 0 for v in exact.values()):
            raise ValueError("folketall må være positive")
        total = sum(exact.values(), Fraction(0))
        if total <= 0:
            raise ValueError(f"{component.basis} må ha en positiv sum")
        for k in parties:
            shares[k] += weight * exact[k] / total
    return shares


def exact_shares(population: Mapping[str, int], fixed_percent: int = 0) -> dict[str, Fraction]:
    """Return each party's exact share of the costs.

    A `fixed_percent` part of the costs is split equally; the rest follows `population` (the
    two components of `weighted_shares` the reference case uses).
    """
    if not population:
        raise ValueError("ingen deltakere å fordele på")
    if any(p <= 0 for p in population.values()):
        raise ValueError("folketall må være positive")
    if not 0 <= fixed_percent < 100:
        raise ValueError("fast andel må være fra 0 til 99 prosent")
    return weighted_shares(list(population), key_components(population, fixed_percent))


def key_components(population: Mapping[str, int], fixed_percent: int = 0) -> list[Component]:
    """The components of the two classic keys: by population, or a fixed part equally."""
    by_population = Component(POPULATION, 100 - fixed_percent, dict(population))
    return [Component(EQUAL, fixed_percent), by_population] if fixed_percent else [by_population]


def shares(population: Mapping[str, int], fixed_percent: int = 0) -> dict[str, Decimal]:
    """Return each party's share of the costs as a `Decimal` of 60 significant digits."""
    return _decimal(exact_shares(population, fixed_percent))


def _decimal(exact: Mapping[str, Fraction]) -> dict[str, Decimal]:
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return {k: Decimal(f.numerator) / Decimal(f.denominator) for k, f in exact.items()}


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

    @property
    def percent_adjusted(self) -> bool:
        """Whether a share shown to one decimal is not its share rounded half up on its own
        (25,149… % shown as 25,2 %): the largest remainder made the column add up to 100,0 %,
        and a reader who divides an amount by the budget gets the other figure."""
        return any(p.tenths_of_percent != int((p.share * 1000).quantize(Decimal(1), ROUND_HALF_UP))
                   for p in self.parts)


def cost_split(population: Mapping[str, int], fixed_percent: int = 0,
               budget: int | None = None, components: list[Component] | None = None) -> CostSplit:
    """Compute the cost table for `population` (party key → inhabitants), in the given order;
    with `components`, on that weighted key instead of population and `fixed_percent`."""
    if components is None:
        exact = exact_shares(population, fixed_percent)
    else:
        exact = weighted_shares(list(population), components)
    shown = _decimal(exact)
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
