"""The map: country shapes coloured by a lens, rendered once to a cached surface.

Each frame only blits the cached map and draws the hover and selection outlines. The cache is
rebuilt when the view (zoom, pan), the lens, the size or the game state changes. A pick surface
drawn alongside (each country in its own colour code) answers "which country is under the
mouse" with one pixel read. Tiny states get a marker and a larger hit area; scenario countries
without real geometry (invented ids) are drawn as islands at their capitals.

Agreements can be drawn as links (``set_links``): two parties joined by an arc, three or more by
spokes from a hub, so that one agreement reads as one shape. Links take the short way round the
globe: one that crosses the antimeridian leaves at one edge of the map and comes back at the other.
A map without a viewer (the projector) colours every playing country alike.

The widget is made of parts by job, each mixed into ``MapWidget`` (``widget.py``, which holds the
state they share): ``view`` (zoom, pan and what is shown), ``lenses`` (the countries' colours),
``rendering`` (the cached picture and the pick buffer), ``links`` (agreements as arcs and hubs),
``labels`` (names without overlaps), ``legend`` (the lens's legend and the hover tooltip) and
``controls`` (mouse and keys).
"""

from game.ui.map_view.links import LINK_KINDS, DrawnLink, Link, agreement_links, link_colour
from game.ui.map_view.rendering import TINY_PIXELS
from game.ui.map_view.view import LENSES, WORLD_VIEW, fitted, padded
from game.ui.map_view.widget import MapWidget

__all__ = ["LENSES", "LINK_KINDS", "TINY_PIXELS", "WORLD_VIEW", "DrawnLink", "Link", "MapWidget",
           "agreement_links", "fitted", "link_colour", "padded"]
