"""The one colour palette of every view and export: nodes are coloured by country.

Colours come from the Okabe–Ito palette, which stays distinguishable for the
common forms of colour blindness.  Korea, Japan and the United States get the
three strongest hues; any other country shares one colour, and nodes without a
country (topics, statements, international bodies) are grey.

========  ===========  ===========================
country   colour       swatch name
========  ===========  ===========================
``KR``    ``#0072B2``  blue
``JP``    ``#D55E00``  vermillion
``US``    ``#009E73``  bluish green
``CN``    ``#E69F00``  orange
other     ``#CC79A7``  reddish purple
none      ``#999999``  grey
========  ===========  ===========================
"""
from __future__ import annotations

__all__ = ["COUNTRY_COLORS", "OTHER_COUNTRY_COLOR", "NO_COUNTRY_COLOR", "country_color",
           "hex_to_rgb"]

#: Colour of the countries the graph is about, by ISO 3166 alpha-2 code.
COUNTRY_COLORS: dict[str, str] = {
    "KR": "#0072B2",
    "JP": "#D55E00",
    "US": "#009E73",
    "CN": "#E69F00",
}
#: Colour of every other country.
OTHER_COUNTRY_COLOR = "#CC79A7"
#: Colour of nodes that belong to no country.
NO_COUNTRY_COLOR = "#999999"


def country_color(country: str) -> str:
    """Return the ``#rrggbb`` colour of an ISO alpha-2 country code (``""`` for none).

    Examples
    --------
    >>> country_color("KR"), country_color("FR"), country_color("")
    ('#0072B2', '#CC79A7', '#999999')
    """
    if not country:
        return NO_COUNTRY_COLOR
    return COUNTRY_COLORS.get(country.upper(), OTHER_COUNTRY_COLOR)


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """Split a ``#rrggbb`` colour into its red, green and blue channels (0–255).

    Examples
    --------
    >>> hex_to_rgb("#0072B2")
    (0, 114, 178)
    """
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
